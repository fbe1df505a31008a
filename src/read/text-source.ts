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

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

function sniffEncoding(bytes: Uint8Array): Encoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** NUL bytes in UTF-8 text mean a binary file (images, zips, xlsx): refuse it rather than lint noise. */
function looksBinary(bytes: Uint8Array, encoding: Encoding): boolean {
  if (encoding !== 'utf-8') return false;
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

export interface DecodeWarning {
  message: string;
}

async function* decode(stream: AsyncIterable<Buffer> | Iterable<Buffer>, name: string, onWarning: (w: DecodeWarning) => void): AsyncIterable<string> {
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  let encoding: Encoding = 'utf-8';
  let warned = false;
  let line = 1;
  let first = true;
  for await (const buf of stream) {
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    if (first) {
      first = false;
      encoding = sniffEncoding(bytes);
      if (looksBinary(bytes, encoding)) throw new TicketlintError('binary file (not text): nothing to lint', { file: name });
      decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
    }
    const text = decoder!.decode(bytes, { stream: true });
    if (!warned) {
      const bad = text.indexOf('\uFFFD');
      if (bad >= 0 && encoding === 'utf-8' && !validUtf8Replacement(bytes)) {
        warned = true;
        const at = line + countLines(text, bad);
        onWarning({ message: `invalid ${encoding.toUpperCase()} bytes replaced with U+FFFD (first at line ${at})` });
      }
    }
    if (!warned) line += countLines(text, text.length);
    if (text) yield text;
  }
  if (decoder) {
    const tail = decoder.decode();
    if (tail) yield tail;
  }
}

/** True when every U+FFFD came from the file itself (bytes EF BF BD), not from a decoding error. */
function validUtf8Replacement(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function countLines(text: string, until: number): number {
  let n = 0;
  for (let i = 0; i < until; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

export function fileSource(path: string, name = path, onWarning: (w: DecodeWarning) => void = () => {}): TextSource {
  const open = (): Readable => createReadStream(path, { highWaterMark: 1 << 20 });
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
export function bufferSource(buffer: Buffer, name: string, onWarning: (w: DecodeWarning) => void = () => {}): TextSource {
  return {
    name,
    async head(): Promise<string> {
      let out = '';
      for await (const chunk of decode([buffer.subarray(0, 65536)], name, () => {})) out += chunk;
      return out;
    },
    chunks: () => decode([buffer], name, onWarning),
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
  let out = '';
  for await (const chunk of source.chunks()) out += chunk;
  return out;
}
