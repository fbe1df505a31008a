import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { TicketlintError } from '../errors.js';

/** A decoded text input: a file or stdin, read as a stream of strings. */
export interface TextSource {
  /** The name findings carry (the path as given, or `<stdin>`). */
  readonly name: string;
  /** The start of the text (up to ~64 KiB), for format detection. */
  head(): Promise<string>;
  /** The whole text as decoded chunks, BOM removed. */
  chunks(): AsyncIterable<string>;
}

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodeWarning {
  message: string;
  /** 1-based line and column (UTF-16 units, as findings count them) of the first defect. */
  line?: number;
  column?: number;
}

/** Size of the chunks a file is read in (and stdin is cut into): bounded memory whatever the file size. */
const CHUNK_BYTES = 1 << 20;
/** How much of the start decides the encoding and whether the file is text at all. */
const SNIFF_BYTES = 8192;

/**
 * The encoding, from the byte-order mark, else from where the NUL bytes sit: UTF-16 text written
 * without a BOM (some Windows tools do) has a NUL in every other byte of its ASCII characters.
 */
export function sniffEncoding(bytes: Uint8Array): Encoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (n < 4) return 'utf-8';
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (evenNul === 0 && oddNul >= pairs * 0.3) return 'utf-16le';
  if (oddNul === 0 && evenNul >= pairs * 0.3) return 'utf-16be';
  return 'utf-8';
}

/** Well-known binary signatures, so the message can say what the file is and what to do instead. */
const SIGNATURES: Array<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (as .xlsx and .docx files are); export the sheet as CSV'],
  [[0x1f, 0x8b], 'gzip-compressed; decompress it first'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Office file (.xls, .doc); export the sheet as CSV'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'an SQLite database'],
];

/** What the start of a file says it is when it is not text, or null when it looks like text. */
export function binaryReason(bytes: Uint8Array, encoding: Encoding): string | null {
  for (const [magic, what] of SIGNATURES) if (magic.every((b, i) => bytes[i] === b)) return what;
  if (encoding !== 'utf-8') return null;
  const n = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return `binary data (a NUL byte at offset ${i})`;
  return null;
}

/** Line and column of the text decoded so far, counted the way findings count them (\r\n, \n, lone \r). */
class Position {
  line = 1;
  column = 1;
  private pendingCR = false;

  /** Moves over text[0, until). */
  advance(text: string, until = text.length): void {
    let lastBreakEnd = -1;
    for (let i = 0; i < until; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        // The \n of a \r\n that was split across chunks was counted at the \r.
        if (!(i === 0 && this.pendingCR)) this.line++;
        lastBreakEnd = i + 1;
      } else if (c === 13) {
        this.line++;
        lastBreakEnd = i + 1;
        if (i + 1 < until && text.charCodeAt(i + 1) === 10) {
          i++;
          lastBreakEnd = i + 1;
        }
      }
    }
    if (lastBreakEnd >= 0) this.column = 1 + (until - lastBreakEnd);
    else this.column += until;
    if (until > 0) this.pendingCR = until === text.length && text.charCodeAt(until - 1) === 13;
  }

  /** Where text[index] is, without moving. */
  at(text: string, index: number): { line: number; column: number } {
    const copy = new Position();
    copy.line = this.line;
    copy.column = this.column;
    copy.pendingCR = this.pendingCR;
    copy.advance(text, index);
    return { line: copy.line, column: copy.column };
  }
}

/**
 * Finds decoding errors as the WHATWG decoder makes them: every U+FFFD in the decoded text is either
 * an error or a U+FFFD that was really in the file (bytes EF BF BD), and this tells which, in order.
 * Only consulted for chunks whose text has a U+FFFD, i.e. almost never.
 */
function utf8Replacements(pending: Uint8Array, bytes: Uint8Array, flush: boolean): Array<{ error: boolean; byte: number }> {
  const events: Array<{ error: boolean; byte: number }> = [];
  let needed = 0;
  let seen = 0;
  let codePoint = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let lead = 0;
  const total = pending.length + bytes.length;
  for (let k = 0; k < total; k++) {
    const byte = k < pending.length ? pending[k]! : bytes[k - pending.length]!;
    if (needed === 0) {
      if (byte <= 0x7f) continue;
      lead = byte;
      if (byte >= 0xc2 && byte <= 0xdf) {
        needed = 1;
        codePoint = byte & 0x1f;
      } else if (byte >= 0xe0 && byte <= 0xef) {
        if (byte === 0xe0) lower = 0xa0;
        if (byte === 0xed) upper = 0x9f;
        needed = 2;
        codePoint = byte & 0xf;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        if (byte === 0xf0) lower = 0x90;
        if (byte === 0xf4) upper = 0x8f;
        needed = 3;
        codePoint = byte & 0x7;
      } else events.push({ error: true, byte });
      continue;
    }
    if (byte < lower || byte > upper) {
      needed = seen = codePoint = 0;
      lower = 0x80;
      upper = 0xbf;
      events.push({ error: true, byte: lead });
      k--; // the byte starts over
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    codePoint = (codePoint << 6) | (byte & 0x3f);
    if (++seen === needed) {
      if (codePoint === 0xfffd) events.push({ error: false, byte: lead });
      needed = seen = codePoint = 0;
    }
  }
  if (flush && needed > 0) events.push({ error: true, byte: lead });
  return events;
}

/** The trailing bytes of a sequence still waiting for its continuation bytes (valid text assumed). */
function incompleteTail(pending: Uint8Array, bytes: Uint8Array): Uint8Array {
  const joined = pending.length > 0 ? Buffer.concat([pending, bytes.subarray(Math.max(0, bytes.length - 3))]) : bytes.subarray(Math.max(0, bytes.length - 3));
  for (let back = 1; back <= Math.min(3, joined.length); back++) {
    const b = joined[joined.length - back]!;
    if (b < 0x80) return new Uint8Array(0);
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return back < length ? Uint8Array.from(joined.subarray(joined.length - back)) : new Uint8Array(0);
    }
  }
  return new Uint8Array(0);
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Bytes → text chunks. The encoding comes from the BOM (or the NUL pattern of BOM-less UTF-16);
 * invalid sequences become U+FFFD, and the first one is reported once with its line and column,
 * which stay right across chunk boundaries (a \r\n or a multi-byte character split in two).
 */
export async function* decode(
  stream: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  name: string,
  onWarning: (w: DecodeWarning) => void,
): AsyncIterable<string> {
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  let encoding: Encoding = 'utf-8';
  let watching = true; // until the first invalid sequence has been reported
  const position = new Position();
  let pending: Uint8Array = new Uint8Array(0);
  // UTF-16: each decoded unit is one input unit, so a U+FFFD at text unit u came from bytes at
  // start + 2u; the last bytes of the previous chunk are kept for a unit split between chunks.
  let unitsBefore = 0;
  let bytesBefore = 0;
  let previousTail: Uint8Array = new Uint8Array(0);
  let bomBytes = 0;
  let first = true;

  const report = (text: string, index: number, what: string, hint = ''): void => {
    watching = false;
    const at = position.at(text, index);
    const label = encoding === 'utf-8' ? 'UTF-8' : encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
    onWarning({
      message: `invalid ${label} (${what}) at column ${at.column}, read as U+FFFD; only the first is reported${hint}`,
      line: at.line,
      column: at.column,
    });
  };

  const utf16Unit = (globalByte: number, bytes: Uint8Array): number | null => {
    const get = (o: number): number | undefined =>
      o >= bytesBefore ? bytes[o - bytesBefore] : previousTail[previousTail.length - (bytesBefore - o)];
    const a = get(globalByte);
    const b = get(globalByte + 1);
    if (a === undefined || b === undefined) return null;
    return encoding === 'utf-16le' ? a | (b << 8) : (a << 8) | b;
  };

  const check = (text: string, bytes: Uint8Array, flush: boolean): void => {
    const firstMark = text.indexOf('\uFFFD');
    if (firstMark >= 0) {
      if (encoding === 'utf-8') {
        const events = utf8Replacements(pending, bytes, flush);
        let mark = firstMark;
        for (const event of events) {
          if (mark < 0) break;
          if (event.error) {
            report(text, mark, `byte ${hex(event.byte)}`, '. Saved as Windows-1252 or Latin-1? Re-save it as UTF-8');
            return;
          }
          mark = text.indexOf('\uFFFD', mark + 1);
        }
      } else {
        for (let mark = firstMark; mark >= 0; mark = text.indexOf('\uFFFD', mark + 1)) {
          const unit = utf16Unit(bomBytes + 2 * (unitsBefore + mark), bytes);
          if (unit !== 0xfffd) {
            report(text, mark, unit === null ? 'an odd number of bytes' : `unpaired surrogate U+${unit.toString(16).toUpperCase()}`);
            return;
          }
        }
      }
    }
    position.advance(text);
  };

  for await (const bytes of withSniffableStart(stream)) {
    if (first) {
      first = false;
      encoding = sniffEncoding(bytes);
      const binary = binaryReason(bytes, encoding);
      if (binary) throw new TicketlintError(`not a text file: ${binary}`, { file: name });
      decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
      if (encoding === 'utf-8') bomBytes = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
      else if (encoding === 'utf-16le') bomBytes = bytes[0] === 0xff && bytes[1] === 0xfe ? 2 : 0;
      else bomBytes = bytes[0] === 0xfe && bytes[1] === 0xff ? 2 : 0;
    }
    const text = decoder!.decode(bytes, { stream: true });
    if (watching) {
      check(text, bytes, false);
      if (encoding === 'utf-8') pending = incompleteTail(pending, bytes);
      else {
        unitsBefore += text.length;
        bytesBefore += bytes.length;
        previousTail = bytes.subarray(Math.max(0, bytes.length - 4));
      }
    }
    if (text) yield text;
  }
  if (decoder) {
    const tail = decoder.decode();
    if (watching && tail) check(tail, new Uint8Array(0), true);
    if (tail) yield tail;
  }
}

/** The same bytes, but the first chunk holds at least SNIFF_BYTES (when there are that many) and none is empty. */
async function* withSniffableStart(stream: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncIterable<Uint8Array> {
  let start: Uint8Array[] | null = [];
  let startLength = 0;
  for await (const chunk of stream) {
    if (chunk.length === 0) continue;
    if (!start) {
      yield chunk;
      continue;
    }
    start.push(chunk);
    startLength += chunk.length;
    if (startLength >= SNIFF_BYTES) {
      yield start.length === 1 ? start[0]! : Buffer.concat(start);
      start = null;
    }
  }
  if (start && startLength > 0) yield start.length === 1 ? start[0]! : Buffer.concat(start);
}

/** Cuts a buffer into chunks without copying, so stdin streams through the readers like a file. */
function* slices(buffer: Uint8Array, size = CHUNK_BYTES): Iterable<Uint8Array> {
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

export function fileSource(path: string, name = path, onWarning: (w: DecodeWarning) => void = () => {}): TextSource {
  const open = (): Readable => createReadStream(path, { highWaterMark: CHUNK_BYTES });
  return {
    name,
    async head(): Promise<string> {
      let out = '';
      for await (const chunk of decode(createReadStream(path, { start: 0, end: 65535 }), name, () => {})) out += chunk;
      return out;
    },
    chunks: () => decode(open(), name, onWarning),
  };
}

/** stdin is read once into memory: it cannot be re-opened for sniffing. */
export function bufferSource(buffer: Uint8Array, name: string, onWarning: (w: DecodeWarning) => void = () => {}): TextSource {
  return {
    name,
    async head(): Promise<string> {
      let out = '';
      for await (const chunk of decode([buffer.subarray(0, 65536)], name, () => {})) out += chunk;
      return out;
    },
    chunks: () => decode(slices(buffer), name, onWarning),
  };
}

export function stringSource(text: string, name: string): TextSource {
  return {
    name,
    head: async () => text.slice(0, 65536),
    async *chunks() {
      yield text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    },
  };
}

export async function readAll(source: TextSource): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of source.chunks()) parts.push(chunk);
  return parts.join('');
}
