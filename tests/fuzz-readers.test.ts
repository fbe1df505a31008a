/**
 * Property tests of the read stage with fixed seeds and bounded runs (fast enough for CI on two
 * cores): the decoder against the platform's TextDecoder, whatever the chunking, and every reader
 * on random bytes, which may report problems but never throw anything but a TicketlintError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TicketlintError } from '../src/errors.js';
import { READERS, readInputs } from '../src/read/index.js';
import type { ReadContext } from '../src/read/reader.js';
import { bufferSource, decode, type DecodeWarning } from '../src/read/text-source.js';
import type { RunProblem, Ticket } from '../src/types.js';
import { tempDir } from './helpers.js';
import { join } from 'node:path';

const SEED = 20_241_122;

/** Text pieces that stress positions: every line-break form, multi-byte and astral characters, a real U+FFFD. */
const PIECE = fc.constantFrom('a', 'Zz', ' ', ',', '"', '\r\n', '\n', '\r', 'é', 'ł', '€', '這', '😀', '\uFFFD', 'ـ', '\u0301');
const TEXT = fc.array(PIECE, { maxLength: 40 }).map((parts) => parts.join(''));

/** Byte sequences that are not UTF-8: stray, truncated, overlong, surrogate, out of range. */
const INVALID_UTF8 = fc.constantFrom([0xff], [0x80], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe9]);

/** More than the decoder's sniffing window, so the interesting bytes fall in later chunks. */
const PADDING = 'p'.repeat(9000) + '\n';

function chunked(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  let k = 0;
  while (at < bytes.length) {
    const size = sizes.length > 0 ? sizes[k++ % sizes.length]! : bytes.length;
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

async function decodeAll(chunks: Uint8Array[]): Promise<{ text: string; warnings: DecodeWarning[] }> {
  const warnings: DecodeWarning[] = [];
  let text = '';
  for await (const piece of decode(chunks, 'fuzz', (w) => warnings.push(w))) text += piece;
  return { text, warnings };
}

/** Line and column (1-based, UTF-16 units) just after `text`, counting \r\n, \n and \r as one break each. */
function endPosition(text: string): { line: number; column: number } {
  const lines = text.split(/\r\n|\n|\r/);
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

describe('decoder (fuzz)', () => {
  it('decodes UTF-8 like TextDecoder and reports the first invalid sequence at its exact line and column, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        TEXT,
        TEXT,
        fc.option(INVALID_UTF8, { nil: null }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 5 }),
        async (before, after, invalid, bom, sizes) => {
          const bytes = Buffer.concat([
            Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []),
            Buffer.from(PADDING + before),
            Buffer.from(invalid ?? []),
            Buffer.from(after),
          ]);
          const { text, warnings } = await decodeAll(chunked(bytes, sizes));
          expect(text).toBe(new TextDecoder('utf-8').decode(bytes));
          if (invalid === null) {
            expect(warnings).toEqual([]);
          } else {
            expect(warnings).toHaveLength(1);
            expect(warnings[0]).toMatchObject(endPosition(PADDING + before));
            expect(warnings[0]!.message).toMatch(/^invalid UTF-8 \(byte 0x[0-9A-F]{2}\) at column \d+/);
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('decodes UTF-16 LE and BE with a BOM, and reports an unpaired surrogate or an odd byte where it is', async () => {
    await fc.assert(
      fc.asyncProperty(
        TEXT,
        TEXT,
        fc.constantFrom<'none' | 'high' | 'low' | 'odd'>('none', 'high', 'low', 'odd'),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 5 }),
        async (before, after, defect, bigEndian, sizes) => {
          const encode = (s: string): Buffer => {
            const b = Buffer.from(s, 'utf16le');
            return bigEndian ? b.swap16() : b;
          };
          // A lone surrogate is inserted between two complete characters; 'odd' adds one last byte.
          const lone = defect === 'high' ? '\uD800' : defect === 'low' ? '\uDC00' : '';
          const after2 = defect === 'high' && /^[\uDC00-\uDFFF]/.test(after) ? `x${after}` : after;
          const bytes = Buffer.concat([
            Buffer.from(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]),
            encode(PADDING + before + lone + after2),
            Buffer.from(defect === 'odd' ? [0x41] : []),
          ]);
          const { text, warnings } = await decodeAll(chunked(bytes, sizes));
          expect(text).toBe(new TextDecoder(bigEndian ? 'utf-16be' : 'utf-16le').decode(bytes));
          if (defect === 'none') expect(warnings).toEqual([]);
          else {
            expect(warnings).toHaveLength(1);
            const at = defect === 'odd' ? endPosition(PADDING + before + lone + after2) : endPosition(PADDING + before);
            expect(warnings[0]).toMatchObject(at);
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('reads UTF-16 without a BOM by its NUL pattern, and refuses binary data naming what it is', async () => {
    const { text } = await decodeAll([Buffer.from('ticket_id,body\r\nT1,hello\r\n', 'utf16le')]);
    expect(text).toBe('ticket_id,body\r\nT1,hello\r\n');
    await expect(decodeAll([Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])])).rejects.toThrow(/ZIP archive/);
    await expect(decodeAll([Buffer.from('a,b\n\u0000\u0000c')])).rejects.toThrow(/NUL byte at offset 4/);
  });
});

/** Random input: raw bytes, or text built from CSV and JSON syntax so the readers get past their sniffing. */
const RANDOM_INPUT = fc.oneof(
  fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
  fc
    .array(
      fc.constantFrom('ticket_id', 'body', 'author_role', 'agent', 'customer', ',', ';', '\t', '"', '""', '\r\n', '\n', '\r', '{', '}', '[', ']', ':', '"id"', '"comments"', '"body"', '"conversation_parts"', 'null', '1', 'x', 'é', '這', '---', '> ', '\u0000', '\uFFFD', 'Agent:', 'Customer:'),
      { maxLength: 80 },
    )
    .map((parts) => Buffer.from(parts.join(''))),
);

function context(bytes: Buffer, ext: string, problems: RunProblem[]): ReadContext {
  return {
    source: bufferSource(bytes, `fuzz.${ext}`),
    file: `fuzz.${ext}`,
    ext,
    options: {},
    problem: (line, message, level = 'error') => void problems.push({ file: `fuzz.${ext}`, line, message, level }),
  };
}

describe('readers (fuzz)', () => {
  it('every reader, on random input, yields tickets and one-line problems, or throws a TicketlintError: never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(RANDOM_INPUT, fc.constantFrom('csv', 'tsv', 'json', 'jsonl', 'txt', 'md', 'yaml', ''), async (bytes, ext) => {
        for (const reader of READERS) {
          const problems: RunProblem[] = [];
          const tickets: Ticket[] = [];
          try {
            for await (const ticket of reader.read(context(bytes, ext, problems))) tickets.push(ticket);
          } catch (err) {
            if (!(err instanceof TicketlintError)) throw new Error(`${reader.format} reader threw ${String(err)} on ${JSON.stringify(bytes.toString('latin1'))}`);
            expect(err.message).not.toMatch(/[\r\n]/);
          }
          for (const p of problems) expect(p.message, `${reader.format}: ${p.message}`).not.toMatch(/[\r\n]/);
          for (const t of tickets) for (const m of t.messages) expect(typeof m.body).toBe('string');
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('the read stage on random files reports problems for what it cannot read and never throws', async () => {
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(RANDOM_INPUT, fc.constantFrom('csv', 'json', 'jsonl', 'txt', 'md'), async (bytes, ext) => {
        const { writeFileSync } = await import('node:fs');
        const path = join(dir, `input-${n++}.${ext}`);
        writeFileSync(path, bytes);
        for await (const event of readInputs([path])) {
          if (event.kind === 'problem') {
            expect(event.problem!.file).toContain('input-');
            expect(event.problem!.message).not.toMatch(/[\r\n]/);
          }
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
