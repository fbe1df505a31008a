import { describe, expect, it } from 'vitest';
import { textLocator } from '../src/read/locator.js';

describe('textLocator', () => {
  it('maps offsets on the first line from the start column', () => {
    const loc = textLocator('hello world', { line: 5, column: 10 });
    expect(loc.locate(0)).toEqual({ line: 5, column: 10 });
    expect(loc.locate(6)).toEqual({ line: 5, column: 16 });
  });

  it('restarts at column 1 after each line break (LF, CRLF, CR)', () => {
    const body = 'a\nbc\r\ndef\rg';
    const loc = textLocator(body, { line: 2, column: 4 });
    expect(loc.locate(body.indexOf('b'))).toEqual({ line: 3, column: 1 });
    expect(loc.locate(body.indexOf('e'))).toEqual({ line: 4, column: 2 });
    expect(loc.locate(body.indexOf('g'))).toEqual({ line: 5, column: 1 });
  });

  it('counts doubled quotes of a quoted CSV field twice', () => {
    const body = 'say "hi" now';
    const loc = textLocator(body, { line: 1, column: 3 }, { doubledQuotes: true });
    // In the file: say ""hi"" now → "now" is 4 columns further right than in the body.
    expect(loc.locate(body.indexOf('now'))).toEqual({ line: 1, column: 3 + body.indexOf('now') + 2 });
  });

  it('clamps offsets outside the body', () => {
    const loc = textLocator('ab', { line: 1, column: 1 });
    expect(loc.locate(99)).toEqual({ line: 1, column: 3 });
    expect(loc.locate(-5)).toEqual({ line: 1, column: 1 });
  });
});
