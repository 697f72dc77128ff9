import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DiffView } from './diff-view';

const BEFORE = [
  'import socket',
  '',
  'class server1:',
  '    def __init__(self, s):',
  '        self.SOCKET = s',
  '',
  '    def run(self):',
  '        while True:',
  '            From = self.SOCKET.recv(1024)',
  '            if not From: break',
  '            self.SOCKET.send(From)',
  '        self.SOCKET.close()',
  '',
  's = socket.socket()',
  "s.bind(('', 5000))",
  's.listen(1)',
  'server1(s.accept()).run()',
  '',
].join('\n');
const AFTER = BEFORE.replace('class server1:', 'class server2:')
  .replace('s.listen(1)', 's.listen(5)')
  .replace('server1(s.accept()).run()', 'while True:\n    server2(s.accept()).run()');

const render = () =>
  renderToStaticMarkup(<DiffView before={BEFORE} after={AFTER} beforeLabel="chatserver1.py" afterLabel="chatserver2.py" />);

// Markup without attributes, so assertions don't depend on CSS-module names.
const bare = (html: string) => html.replace(/<(\/?[a-z]+)(?:\s[^>]*)?>/g, '<$1>');

describe('DiffView', () => {
  it('marks exactly the changed characters with <del>/<ins>', () => {
    const html = bare(render());
    expect(html).toContain('class <del>server1</del>:');
    expect(html).toContain('class <ins>server2</ins>:');
    expect(html).toContain('s.listen(<del>1</del>)');
    expect(html).toContain('s.listen(<ins>5</ins>)');
    // The re-indented call: the new indent and the new name are one insertion.
    expect(html).toContain('<del>server1</del>(s.accept()).run()');
    expect(html).toContain('<ins>    server2</ins>(s.accept()).run()');
    // Whole added line: conveyed by the row, no <ins> inside.
    expect(html).toContain('added line: </span><span>+</span>while True:</td>');
    // One of each side of the side-by-side table, plus one in the inline table.
    expect(html.match(/<del>server1<\/del>:/g)).toHaveLength(2);
  });

  it('shows line numbers on both sides', () => {
    const html = bare(render());
    // Row for old line 17 / new line 18 (the re-indented call).
    expect(html).toMatch(/<tr><td>17<\/td><td><span>changed line, old version: <\/span><span>−<\/span><del>server1<\/del>/);
    expect(html).toMatch(/<td>18<\/td><td><span>changed line, new version: <\/span><span>\+<\/span><ins> {4}server2<\/ins>/);
    // The added line has an empty old side.
    expect(html).toContain('<tr><td></td><td></td><td>17</td><td><span>added line: </span>');
  });

  it('folds the long unchanged run into a <details> with a print copy', () => {
    const html = render();
    // Lines 7–12 of 18 are six lines away from every change.
    expect(bare(html)).toContain('<details><summary>Show 6 unchanged lines</summary><table>');
    expect(html.match(/<details>/g)).toHaveLength(2); // side-by-side + inline
    // The print copy sits directly in the outer table as a second tbody.
    expect(bare(html)).toContain('</details></td></tr></tbody><tbody><tr><td>7</td><td>    def run(self):</td>');
  });

  it('announces changes in words, not only colour', () => {
    const html = render();
    expect(html).toContain('3 lines changed, 1 added, 0 removed');
    expect(html).toContain('added line: ');
    expect(html).toContain('changed line, old version: ');
    expect(html).toContain('changed line, new version: ');
    expect(html).toContain('<caption');
    expect(html).toContain('chatserver1.py and chatserver2.py, side by side');
  });

  it('offers a script-free view toggle defaulting to side by side', () => {
    const html = render();
    const radios: string[] = html.match(/<input[^>]*type="radio"[^>]*>/g) ?? [];
    expect(radios).toHaveLength(2);
    expect(radios[0]).toContain('checked');
    expect(radios[1]).not.toContain('checked');
    expect(html).not.toContain('<script');
    const name = /name="([^"]+)"/.exec(radios[0] ?? '')?.[1];
    expect(html).toContain(`for="${name}-split"`);
    expect(html).toContain(`for="${name}-inline"`);
  });

  it('says when programs are identical and notes ignored differences', () => {
    const html = renderToStaticMarkup(
      <DiffView before={'a\r\nb\r\n'} after={'a\nb'} beforeLabel="x.py" afterLabel="y.py" />,
    );
    expect(html).toContain('No lines changed: the programs are identical');
    expect(html).toContain('Line endings differ (CRLF vs LF); ignored.');
    expect(html).toContain('y.py has no newline at end of file; ignored.');
    expect(html).not.toContain('<del');
    expect(html).not.toContain('<ins');
  });

  it('flags indentation-only changes for screen readers', () => {
    const html = renderToStaticMarkup(
      <DiffView before={'x = 1\n'} after={'    x = 1\n'} beforeLabel="a.py" afterLabel="b.py" />,
    );
    expect(html).toContain('changed line (indentation only), new version: ');
    expect(bare(html)).toContain('<ins>    </ins>x = 1');
  });
});
