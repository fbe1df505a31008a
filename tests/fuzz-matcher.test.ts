/**
 * Property tests of matching and positions, with a fixed seed and bounded runs. The central one:
 * in a CSV with quotes, doubled quotes, CRLF, lone CR and multi-line fields, every finding's
 * line/column..endLine/endColumn must point at exactly its excerpt in the file (modulo the CSV's
 * `""` doubling). The span index that replaced a quadratic filter is checked against the filter.
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SpanIndex } from '../src/check/phrase-check.js';
import { createLinter, lintFiles, type Linter } from '../src/lint.js';
import { tempDir } from './helpers.js';

const SEED = 4_242;

/** Offset in `content` of a 1-based line and column, counting \r\n, \n and \r as one line break. */
function offsetOf(content: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const n = content.indexOf('\n', at);
    const r = content.indexOf('\r', at);
    const next = r >= 0 && (n < 0 || r < n) ? r : n;
    if (next < 0) throw new Error(`line ${line} is past the end of the file`);
    at = next + (content[next] === '\r' && content[next + 1] === '\n' ? 2 : 1);
  }
  return at + column - 1;
}

/** Neutral words (no rule context like "i have" or "happy to"), with accents, CJK and emoji for column counting. */
const WORD = fc.constantFrom('order', 'parcel', 'the', 'delivery', 'today', 'thanks', '42', 'café', 'Łódź', '订单', '📦', 'ok');
/** What a message body is made of: words, separators, quotes and every line-break form. */
const BODY_PIECE = fc.oneof(
  { weight: 6, arbitrary: WORD },
  { weight: 3, arbitrary: fc.constant(' ') },
  { weight: 1, arbitrary: fc.constantFrom(',', '.', '"', '""', '\r\n', '\n', '\r', '\t', '«', '’') },
);
const PLANTED = ["it's company policy, I can't refund", 'It’s company policy, I can’t refund', 'it\'s "company policy", I can\'t refund'];

const BODY = fc
  .tuple(fc.array(BODY_PIECE, { maxLength: 12 }), fc.option(fc.constantFrom(...PLANTED), { nil: null }), fc.array(BODY_PIECE, { maxLength: 12 }))
  .map(([before, planted, after]) => ({ text: `${before.join('')}${planted ? ` ${planted}. ` : ''}${after.join('')}`, planted: planted !== null }));

const ROW = fc.record({ role: fc.constantFrom('agent', 'agent', 'customer'), body: BODY, quoteAll: fc.boolean() });

const csvField = (value: string, quoteAll: boolean): string =>
  quoteAll || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

describe('finding positions (fuzz)', () => {
  let linter: Linter;
  const dir = tempDir();
  let n = 0;
  beforeAll(async () => {
    linter = await createLinter({ config: false });
  });

  it('points every finding at its excerpt in the file, through quotes, "" escapes, CRLF, lone CR and multi-line fields', async () => {
    let planted = 0;
    let found = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(ROW, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\r\n', '\n'),
        fc.boolean(),
        async (rows, eol, bom) => {
          const lines = ['ticket_id,message_id,author_role,body'];
          rows.forEach((row, i) => lines.push(`T${i % 2},M${i},${row.role},${csvField(row.body.text, row.quoteAll)}`));
          const content = (bom ? '\uFEFF' : '') + lines.join(eol) + eol;
          const path = join(dir, `fuzz-${n++}.csv`);
          writeFileSync(path, content);
          const result = await lintFiles([path], { config: false }, linter);
          expect(result.problems.filter((p) => p.level === 'error')).toEqual([]);
          const text = content.replace(/^\uFEFF/, '');
          for (const f of result.findings) {
            const start = offsetOf(text, f.line, f.column);
            const end = offsetOf(text, f.endLine, f.endColumn);
            expect(text.slice(start, end).replace(/""/g, '"'), JSON.stringify(f)).toBe(f.excerpt);
          }
          const plantedHere = rows.filter((r) => r.role === 'agent' && r.body.planted).length;
          planted += plantedHere;
          const policy = result.findings.filter((f) => f.category === 'policy-shield').length;
          found += Math.min(policy, plantedHere);
        },
      ),
      { seed: SEED, numRuns: 120 },
    );
    // The planted refusal must be found: a property that holds on zero findings proves nothing.
    expect(planted).toBeGreaterThan(20);
    expect(found).toBe(planted);
  });
});

/** A JSON string literal for `value`, each character written raw or as a \u escape at random (as exports vary). */
function jsonString(value: string, escapeMask: boolean[]): string {
  let out = '"';
  let k = 0;
  for (const ch of value) {
    const raw = JSON.stringify(ch).slice(1, -1);
    const escape = escapeMask[k++ % Math.max(1, escapeMask.length)] === true;
    out += escape && raw.length === ch.length ? [...ch].map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`).join('') : raw;
  }
  return `${out}"`;
}

describe('finding positions in JSON (fuzz)', () => {
  let linter: Linter;
  const dir = tempDir();
  let n = 0;
  beforeAll(async () => {
    linter = await createLinter({ config: false });
  });

  it('points every finding at its text inside the JSON string, through \\n, \\", \\uXXXX and surrogate-pair escapes', async () => {
    let planted = 0;
    let found = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ role: fc.constantFrom('agent', 'agent', 'customer'), body: BODY, mask: fc.array(fc.boolean(), { maxLength: 7 }) }), { minLength: 1, maxLength: 5 }),
        async (rows) => {
          const lines = rows.map((row, i) => `{"ticket_id":"T${i % 2}","message_id":"M${i}","author_role":"${row.role}","body":${jsonString(row.body.text, row.mask)}}`);
          const content = lines.join('\n') + '\n';
          const path = join(dir, `fuzz-${n++}.jsonl`);
          writeFileSync(path, content);
          const result = await lintFiles([path], { config: false }, linter);
          expect(result.problems.filter((p) => p.level === 'error')).toEqual([]);
          for (const f of result.findings) {
            const start = offsetOf(content, f.line, f.column);
            const end = offsetOf(content, f.endLine, f.endColumn);
            expect(JSON.parse(`"${content.slice(start, end)}"`), JSON.stringify(f)).toBe(f.excerpt);
          }
          const plantedHere = rows.filter((r) => r.role === 'agent' && r.body.planted).length;
          planted += plantedHere;
          found += Math.min(result.findings.filter((f) => f.category === 'policy-shield').length, plantedHere);
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
    expect(planted).toBeGreaterThan(15);
    expect(found).toBe(planted);
  });
});

describe('SpanIndex (fuzz)', () => {
  const SPANS = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 12 })), { maxLength: 30 })
    // Sorted by start, as the matcher finds them (stable: equal starts keep their order).
    .map((pairs) => pairs.map(([start, length]) => [start, start + length] as [number, number]).sort((p, q) => p[0] - q[0]));

  it('answers "does a span overlap [a, b)" exactly like filtering every span', () => {
    fc.assert(
      fc.property(SPANS, fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 20 }), (spans, a, width) => {
        const b = a + width;
        expect(new SpanIndex(spans).overlaps(a, b)).toBe(spans.some(([x, y]) => x < b && y > a));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('finds the span nearest to a trigger exactly as a stable sort by distance did', () => {
    fc.assert(
      fc.property(SPANS, fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 30 }), (spans, s, offset, width) => {
        const e = s + Math.max(width, offset + 1);
        const a = s + offset;
        const inRange = spans.filter(([x, y]) => x < e && y > s);
        const expected = inRange.sort((p, q) => Math.abs(p[0] - a) - Math.abs(q[0] - a))[0] ?? null;
        expect(new SpanIndex(spans).nearest(a, s, e)).toEqual(expected);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
