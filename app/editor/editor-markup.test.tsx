// What the server renders before any script runs: the placeholder in the editor's box, the
// reveal buttons only when the instructor has not hidden what they reveal, and nothing that would
// give the findings away before the student has written their own.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CompareButtons } from "./compare-with";
import { SolutionEditor } from "./solution-editor";
import { StartingNotice } from "./starting-notice";
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

describe("CompareButtons", () => {
  const props = { stage: 2, against: null, onAgainst: () => {} };

  it("offers the starting program, and the lab's answer neither when hidden nor before it is revealed", () => {
    for (const answerAvailable of [false, true]) {
      const html = renderToStaticMarkup(<CompareButtons {...props} answerAvailable={answerAvailable} />);
      expect(html).toContain("Compare with the starting program");
      expect(html).not.toContain("answer");
    }
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

describe("StartingNotice", () => {
  it("is polite news, and offers the new program only to a student with their own text", () => {
    const followed = renderToStaticMarkup(<StartingNotice text="Your instructor released exercise 3's answer: you now start from chatserver3.py." onDismiss={() => {}} />);
    expect(followed).toContain('role="status"');
    expect(followed).not.toContain('role="alert"');
    expect(followed).not.toContain("Start again");
    const offered = renderToStaticMarkup(<StartingNotice text="…" offer={{ label: "Start again from chatserver3.py", onUse: () => {} }} onDismiss={() => {}} />);
    expect(offered).toContain("Start again from chatserver3.py</button>");
    expect(offered).toContain("Dismiss</button>");
  });
});
