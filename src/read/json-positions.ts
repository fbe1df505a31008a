import { TicketlintError } from '../errors.js';
import type { Locator, Position } from '../types.js';
import { lineIndex } from './locator.js';

/**
 * Where each string value of a parsed JSON document sits in its text.
 *
 * JSON.parse gives values but no positions, and a linter has to point at `file:line:col`. Rather
 * than a slower hand-written parser, the text is scanned once more (it is already known to be
 * valid) in step with the parsed value: at each object member or array element the scanner knows
 * which parsed container it is in, so it records "the string at container[key] starts at offset N"
 * in a WeakMap keyed by the container. Readers then ask `positions.stringAt(comment, 'body')`
 * with the very object they are reading. Only one number is kept per string value.
 *
 * A JSON string cannot contain a raw line break, so a value sits on one line; its escapes (`\n`,
 * `\"`, `\u00e9`) make the decoded text shorter than the source, and `locator` maps an offset in
 * the decoded value back to the file column through them.
 */
export class JsonPositions {
  private readonly strings = new WeakMap<object, Map<string | number, number>>();
  private lines: ((offset: number) => Position) | null = null;

  /**
   * @param text the JSON text (a whole document, or one NDJSON line)
   * @param firstLine the file line `text` starts on (NDJSON lines start further down)
   */
  constructor(readonly text: string, readonly firstLine = 1) {}

  /** Offset in `text` of the first character of the string value `container[key]` (after its quote). */
  stringAt(container: object, key: string | number): number | undefined {
    return this.strings.get(container)?.get(key);
  }

  /** Line and column (1-based, UTF-16 units) of an offset in `text`. */
  position(offset: number): Position {
    this.lines ??= lineIndex(this.text, this.firstLine);
    return this.lines(offset);
  }

  /**
   * Maps offsets of the decoded string whose source starts at `start` to offsets in `text`.
   * Offset `value.length` maps just past the last source character (for end positions).
   */
  sourceOffsets(start: number): (decodedOffset: number) => number {
    const text = this.text;
    let map: number[] | null = null;
    const build = (): number[] => {
      const out: number[] = [];
      let i = start;
      for (;;) {
        const c = text.charCodeAt(i);
        if (c === 34 || Number.isNaN(c)) break; // closing quote (or end: defensive)
        out.push(i);
        if (c === 92) i += text.charCodeAt(i + 1) === 117 /* u */ ? 6 : 2;
        else i++;
      }
      out.push(i);
      return out;
    };
    return (k: number): number => {
      map ??= build();
      return map[Math.max(0, Math.min(k, map.length - 1))]!;
    };
  }

  /** A locator for the decoded string value whose source starts at `start` (from `stringAt`). */
  locator(start: number): Locator {
    return mappedLocator(this, this.sourceOffsets(start));
  }

  /** Records positions; only `scanJson` calls it. */
  record(container: object, key: string | number, offset: number): void {
    let map = this.strings.get(container);
    if (!map) this.strings.set(container, (map = new Map()));
    map.set(key, offset);
  }
}

/** A locator through a chain of offset maps: body offset → ... → offset in the JSON text → line/column. */
export function mappedLocator(positions: JsonPositions, toText: (bodyOffset: number) => number): Locator {
  return { locate: (offset) => positions.position(toText(offset)) };
}

const isWs = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/** End (exclusive, after the closing quote) of the JSON string whose opening quote is at `at`. */
function stringEnd(text: string, at: number): number {
  let i = at + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c === 92) i += 2;
    else if (Number.isNaN(c)) return text.length;
    else i++;
  }
}

interface Frame {
  node: unknown;
  isArray: boolean;
  index: number;
}

const asContainer = (v: unknown): object | null => (v !== null && typeof v === 'object' ? v : null);

/**
 * Walks valid JSON `text` in step with `value` (= JSON.parse(text)) and records the offset of every
 * string value. Iterative, so a deeply nested document cannot overflow the stack.
 */
function scanJson(text: string, value: unknown, positions: JsonPositions): void {
  const frames: Frame[] = [];
  let i = 0;
  const ws = (): void => {
    while (isWs(text.charCodeAt(i))) i++;
  };
  ws();
  // The parsed value at the current position, and where it lives (to record strings against).
  let current: unknown = value;
  let owner: object | null = null;
  let ownerKey: string | number = 0;

  const enterMember = (frame: Frame): void => {
    // At a key of an object member: read it, then move to its value.
    const keyEnd = stringEnd(text, i);
    const raw = text.slice(i + 1, keyEnd - 1);
    const key = raw.indexOf('\\') < 0 ? raw : (JSON.parse(text.slice(i, keyEnd)) as string);
    i = keyEnd;
    ws();
    i++; // ':'
    ws();
    owner = asContainer(frame.node);
    ownerKey = key;
    current = owner && Object.prototype.hasOwnProperty.call(owner, key) ? (owner as Record<string, unknown>)[key] : undefined;
  };

  for (;;) {
    // A value starts at i.
    const c = text.charCodeAt(i);
    if (c === 34) {
      if (owner) positions.record(owner, ownerKey, i + 1);
      i = stringEnd(text, i);
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      const frame: Frame = { node: current, isArray: c === 91, index: 0 };
      i++;
      ws();
      const close = text.charCodeAt(i);
      if (close === 125 || close === 93) {
        i++;
      } else {
        frames.push(frame);
        if (frame.isArray) {
          owner = asContainer(frame.node);
          ownerKey = 0;
          current = Array.isArray(frame.node) ? frame.node[0] : undefined;
        } else enterMember(frame);
        continue;
      }
    } else {
      // number, true, false, null
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === 44 || d === 93 || d === 125 || isWs(d)) break;
        i++;
      }
    }
    // After a value: a separator, a closer, or the end.
    for (;;) {
      ws();
      const frame = frames[frames.length - 1];
      if (!frame) return;
      const d = text.charCodeAt(i);
      if (d === 44) {
        i++;
        ws();
        if (frame.isArray) {
          frame.index++;
          owner = asContainer(frame.node);
          ownerKey = frame.index;
          current = Array.isArray(frame.node) ? frame.node[frame.index] : undefined;
        } else enterMember(frame);
        break;
      }
      // '}' or ']' (or the end of a defective text: stop rather than loop)
      if (d !== 125 && d !== 93) return;
      i++;
      frames.pop();
    }
  }
}

/** Line and column of a character offset in `text` (1-based), counting lines from `firstLine`. */
export function offsetPosition(text: string, offset: number, firstLine = 1): Position {
  let line = firstLine;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * JSON.parse with positions. A syntax error becomes a TicketlintError at the line and column V8
 * names ("truncated" when the text ends before the value does, the usual half-copied export).
 */
export function parseJsonWithPositions(text: string, file: string, firstLine = 1): { value: unknown; positions: JsonPositions } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw jsonSyntaxError(err, text, file, firstLine, firstLine === 1 ? 'document' : 'line');
  }
  const positions = new JsonPositions(text, firstLine);
  scanJson(text, value, positions);
  return { value, positions };
}

export function jsonSyntaxError(err: unknown, text: string, file: string, firstLine = 1, unit: 'document' | 'line' = 'document'): TicketlintError {
  const message = err instanceof Error ? err.message : String(err);
  const at = /at position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : text.length;
  const truncated = !at || text.slice(offset).trim() === '';
  const where = offsetPosition(text, truncated ? text.trimEnd().length : offset, firstLine);
  const what = message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected end of JSON input$/, 'unexpected end of input');
  const detail = truncated
    ? unit === 'line'
      ? 'truncated JSON: the line ends before its value is complete'
      : 'truncated JSON: the file ends before the document is complete'
    : `invalid JSON: ${lowerFirst(what)}`;
  return new TicketlintError(detail, { file, line: where.line, column: where.column });
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
