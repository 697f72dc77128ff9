// What the server renders before any script runs: the placeholder in the editor's box, the
// reveal buttons only when the instructor has not hidden what they reveal, and nothing that would
// give the findings away before the student has written their own.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CompareWith } from "./compare-with";
import { SolutionEditor } from "./solution-editor";
import { TaskNotes } from "./task-notes";

const STARTING = "import socket\n";

describe("SolutionEditor before Monaco", () => {
  it("shows the placeholder and a loading note, and loads no editor script", () => {
    const html = renderToStaticMarkup(
      <SolutionEditor stage={2} startingSource={STARTING} startingFileName="chatserver1.py" placeholder={<pre id="listing">import socket</pre>} />,
    );
    expect(html).toContain('<pre id="listing">import socket</pre>');
    expect(html).toContain("Loading editor…");
    expect(html).toContain("chatserver2.py");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("monaco/vs");
  });

  it("mentions Ctrl+Enter only when there is something to run", () => {
    const props = { stage: 0, startingSource: STARTING, startingFileName: "chatserver0.py", placeholder: null };
    expect(renderToStaticMarkup(<SolutionEditor {...props} />)).not.toContain("to run it");
    expect(renderToStaticMarkup(<SolutionEditor {...props} onRun={() => {}} />)).toContain("to run it");
  });
});

describe("CompareWith", () => {
  const props = { stage: 2, source: STARTING, startingSource: STARTING, startingFileName: "chatserver1.py" };

  it("offers the starting program, and no reference when the instructor hid it", () => {
    const html = renderToStaticMarkup(<CompareWith {...props} />);
    expect(html).toContain("Compare with the starting program");
    expect(html).not.toContain("reference");
  });

  it("offers the reference behind an explicit button with a warning, without fetching it", () => {
    const html = renderToStaticMarkup(<CompareWith {...props} referenceUrl="/programs/reference/2" />);
    expect(html).toContain("Reveal the reference solution");
    expect(html).toContain("Try your own first");
    expect(html).not.toContain("/programs/reference/2");
  });
});

describe("TaskNotes", () => {
  it("has a labelled box and no findings button when the findings are hidden", () => {
    const html = renderToStaticMarkup(<TaskNotes stage={1} taskId="echo" />);
    expect(html).toMatch(/<label for="([^"]+)-text"[^>]*>Your findings<\/label><textarea id="\1-text"/);
    expect(html).not.toContain("Compare with the lab");
  });

  it("disables the findings button, with the reason in view, until something is written", () => {
    const html = renderToStaticMarkup(<TaskNotes stage={1} taskId="echo" findingsHtml="<p>SECRET</p>" />);
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Compare with the lab&#x27;s findings<\/button>/);
    expect(html).toContain("Write down what you found first.");
    expect(html).not.toContain("SECRET");
  });
});
