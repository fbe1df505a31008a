import type { Locator, Position } from '../types.js';

/**
 * Locates offsets of a text that was read from `start` in a file, character for character,
 * except that a quoted CSV field wrote each `"` twice (`doubledQuotes`). Line breaks are
 * \r\n, \n or a lone \r, the way editors count them.
 */
export function textLocator(body: string, start: Position, options: { doubledQuotes?: boolean } = {}): Locator {
  const doubled = options.doubledQuotes === true;
  // Built on first use: most messages have no finding and never need it.
  let lineStarts: number[] | null = null;
  const build = (): number[] => {
    const starts = [0];
    for (let i = 0; i < body.length; i++) {
      const c = body.charCodeAt(i);
      if (c === 10 || (c === 13 && body.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
    }
    return starts;
  };
  return {
    locate(offset: number): Position {
      lineStarts ??= build();
      const at = Math.max(0, Math.min(offset, body.length));
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid]! <= at) lo = mid;
        else hi = mid - 1;
      }
      const lineStart = lineStarts[lo]!;
      let column = at - lineStart;
      if (doubled) for (let i = lineStart; i < at; i++) if (body.charCodeAt(i) === 34) column++;
      return lo === 0 ? { line: start.line, column: start.column + column } : { line: start.line + lo, column: column + 1 };
    },
  };
}

/** A locator for text whose position is unknown beyond a line (e.g. JSON values): everything maps to it. */
export function fixedLocator(position: Position): Locator {
  return { locate: () => ({ ...position }) };
}

/** Line and column of any offset of `text` (binary search over line starts built once). */
export function lineIndex(text: string, firstLine = 1): (offset: number) => Position {
  let starts: number[] | null = null;
  return (offset: number): Position => {
    if (!starts) {
      starts = [0];
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
      }
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: firstLine + lo, column: offset - starts[lo]! + 1 };
  };
}
