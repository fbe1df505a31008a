import { describe, expect, it } from 'vitest';
import { TicketlintError } from '../src/errors.js';
import { htmlToText } from '../src/read/html-text.js';
import { parseJsonWithPositions } from '../src/read/json-positions.js';

describe('JSON positions', () => {
  const text = '{\n  "a": [ {"body": "Caf\\u00e9 \\"x\\"\\n\\tUnfortunately ok", "n": 1}, "s\\\\" ],\n  "k\\"ey": {"deep": [[["v"]]]}, "__proto__": "p"\n}';

  it('finds each string value by its container and key, through escapes', () => {
    const { value, positions } = parseJsonWithPositions(text, 'x.json');
    const v = value as { a: [{ body: string }, string]; 'k"ey': { deep: string[][][] } };
    const body = v.a[0].body;
    expect(body).toBe('Café "x"\n\tUnfortunately ok');
    const locator = positions.locator(positions.stringAt(v.a[0], 'body')!);
    const at = locator.locate(body.indexOf('Unfortunately'));
    expect(at.line).toBe(2);
    expect(text.split('\n')[1]!.slice(at.column - 1, at.column - 1 + 13)).toBe('Unfortunately');
    // é is six source characters (\u00e9): the x after it is shifted by 5
    expect(locator.locate(body.indexOf('x')).column - locator.locate(0).column).toBe(body.indexOf('x') + 5 + 1);
    // the end of the value is the closing quote
    expect(text.split('\n')[1]![locator.locate(body.length).column - 1]).toBe('"');
    expect(positions.position(positions.stringAt(v.a, 1)!)).toEqual({ line: 2, column: text.split('\n')[1]!.indexOf('"s\\\\"') + 2 });
    expect(positions.position(positions.stringAt(v['k"ey'].deep[0]![0]!, 0)!)).toEqual({ line: 3, column: 25 });
    expect(positions.stringAt(value as object, '__proto__')).toBeGreaterThan(0);
  });

  it('counts lines from the NDJSON line a value starts on', () => {
    const { value, positions } = parseJsonWithPositions('{"body": "hello"}', 'x.jsonl', 41);
    expect(positions.locator(positions.stringAt(value as object, 'body')!).locate(0)).toEqual({ line: 41, column: 11 });
  });

  it('names the line of a syntax error, and calls a cut document truncated', () => {
    const cut = () => parseJsonWithPositions('{\n  "tickets": [\n    {"id": 1},\n', 'cut.json');
    expect(cut).toThrow(TicketlintError);
    expect(cut).toThrow(/^truncated JSON: the file ends before the document is complete$/);
    try {
      cut();
    } catch (err) {
      expect((err as TicketlintError).line).toBe(3);
    }
    try {
      parseJsonWithPositions('{\n  "a": 1,\n  "b" 2\n}', 'bad.json');
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ line: 3, column: 7, file: 'bad.json' });
      expect((err as Error).message).toMatch(/^invalid JSON: unexpected number$/);
    }
  });

  it('survives deep nesting without recursion', () => {
    const deep = '['.repeat(20000) + '"x"' + ']'.repeat(20000);
    const { positions, value } = parseJsonWithPositions(deep, 'deep.json');
    let inner = value as unknown[];
    for (let i = 0; i < 19999; i++) inner = inner[0] as unknown[];
    expect(positions.stringAt(inner, 0)).toBe(20001);
  });
});

describe('HTML to text', () => {
  it('strips tags, decodes entities, turns blocks and <br> into lines, and maps back', () => {
    const html = '<div><p>Hi Chen &amp; team,</p><p>Sorry&nbsp;&#8212; <b>our</b>\n   policy</p><div><br></div><div>Bye<br>Ana</div><script>x()</script></div>';
    const { text, sourceOffset } = htmlToText(html);
    expect(text).toBe('Hi Chen & team,\nSorry — our policy\n\nBye\nAna');
    expect(html.slice(sourceOffset(text.indexOf('policy')), sourceOffset(text.indexOf('policy')) + 6)).toBe('policy');
    expect(html.slice(sourceOffset(text.indexOf('&')), sourceOffset(text.indexOf('&')) + 5)).toBe('&amp;');
    // the end of the text is just after its last character, not after the closing tags
    expect(html.slice(0, sourceOffset(text.length)).endsWith('Ana')).toBe(true);
  });

  it('keeps text that only looks like markup', () => {
    expect(htmlToText('a < b & c &unknown; d').text).toBe('a < b & c &unknown; d');
  });
});
