/**
 * Output safety for every entry of FORMATTERS, including any registered after this was written:
 * a finding whose text carries terminal escapes, control characters, bidi overrides, lone
 * surrogates, markup, CSV formulas and forged GitHub workflow commands must come out inert.
 * src/report/sanitize.ts is the one place that escapes ticket text; this checks that every
 * formatter goes through it. The check is first shown to catch a formatter that does not.
 */
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, type CsvRecord } from '../src/read/csv-tokenizer.js';
import { FORMATTERS, type Formatter, type FormatContext } from '../src/report/index.js';
import type { Finding, LintResult } from '../src/types.js';

const ESC_AND_CONTROLS = '\u001b[2J\u001b]0;owned\u0007\u009b31m\u0000\u0008\u000b\u000c\u007f\u0085';
const HOSTILE_TEXT = `=HYPERLINK("http://evil") ${ESC_AND_CONTROLS} <script>alert(1)</script> & "quotes" 'single' \u202eevil\u202c \ud800 lone \udc00 line\nbreak\r\n::error file=x::forged%0A`;

function hostileFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'policy-shield/refusal-citing-policy',
    category: 'policy-shield',
    severity: 'error',
    file: `exports/${ESC_AND_CONTROLS}\u202etickets.csv`,
    line: 3,
    column: 7,
    endLine: 4,
    endColumn: 2,
    ticketId: `T-1\u001b[31m<img src=x onerror=alert(1)>`,
    messageId: `M-1\r\n::warning::x`,
    author: `ana\u202e\u0007`,
    lang: 'en',
    excerpt: HOSTILE_TEXT,
    message: `Refusing with policy ${ESC_AND_CONTROLS}`,
    lesson: 'A lesson <i>with</i> markup',
    source: 'seed.txt#x',
    suggestion: `Say what you can do\n=cmd|' /C calc'!A0`,
    ...overrides,
  };
}

const RESULT: LintResult = {
  findings: [hostileFinding(), hostileFinding({ severity: 'warning', line: 9, excerpt: '+SUM(1,2)', ticketId: null, messageId: null }), hostileFinding({ severity: 'info', excerpt: '@evil', line: 12 })],
  summary: { files: 1, tickets: 2, messages: 3, findings: 3, errors: 1, warnings: 1 },
  problems: [{ file: `bad${ESC_AND_CONTROLS}.csv`, line: 2, message: `text after a closing quote ${ESC_AND_CONTROLS}`, level: 'error' }],
};

const CONTEXTS: FormatContext[] = [
  { color: false, version: '1.2.3', cwd: '/work' },
  { color: true, version: '1.2.3', cwd: '/work' },
];

/** What no output of any format may contain: it would act on a terminal, break XML, or be invalid UTF-8. */
function unsafeParts(output: string, options: { colorAllowed: boolean }): string[] {
  const problems: string[] = [];
  // Colour codes a formatter adds on purpose are SGR sequences (ESC [ digits m); nothing else may appear.
  const withoutColour = options.colorAllowed ? output.replace(/\u001b\[[0-9;]*m/g, '') : output;
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.exec(withoutColour);
  if (control) problems.push(`control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${control.index}`);
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(output);
  if (lone) problems.push(`lone surrogate at ${lone.index}`);
  if (/owned|\[2J/.test(withoutColour) && /\u001b/.test(withoutColour)) problems.push('escape sequence kept');
  return problems;
}

function outputsOf(formatter: Formatter, ctx: FormatContext): string[] {
  const out = [formatter.format(RESULT, ctx)];
  if (formatter.streamFinding) for (const f of RESULT.findings) out.push(formatter.streamFinding(f, ctx));
  return out;
}

describe('every formatter, with a hostile finding', () => {
  it('the check catches a formatter that writes ticket text raw', () => {
    const naive: Formatter = { name: 'naive', format: (r) => r.findings.map((f) => `${f.file}: ${f.excerpt}\n`).join('') };
    expect(unsafeParts(naive.format(RESULT, CONTEXTS[0]!), { colorAllowed: false }).length).toBeGreaterThan(0);
  });

  it('knows the built-in formats (a new one is checked as soon as it is registered)', () => {
    expect([...FORMATTERS.keys()]).toEqual(expect.arrayContaining(['stylish', 'json', 'jsonl']));
  });

  for (const [name, formatter] of FORMATTERS) {
    it(`${name}: no terminal escapes, control characters or lone surrogates`, () => {
      for (const ctx of CONTEXTS) {
        for (const output of outputsOf(formatter, ctx)) {
          expect(unsafeParts(output, { colorAllowed: ctx.color })).toEqual([]);
          // Output is written as UTF-8: it must survive the round trip unchanged.
          expect(Buffer.from(output, 'utf8').toString('utf8')).toBe(output);
        }
      }
    });
  }

  it('stylish: one line per part of a finding, no bidi overrides', () => {
    const out = FORMATTERS.get('stylish')!.format(RESULT, CONTEXTS[0]!);
    expect(out).not.toMatch(/[\u202a-\u202e\u2066-\u2069\r]/);
    expect(out).not.toMatch(/^::error/m);
    expect(out).toContain('⏎');
  });

  it.each(['json', 'sarif'])('%s: one well-formed JSON document that keeps the text (escaped)', (name) => {
    const formatter = FORMATTERS.get(name);
    if (!formatter) return;
    const parsed = JSON.parse(formatter.format(RESULT, CONTEXTS[0]!)) as unknown;
    expect(JSON.stringify(parsed)).toContain('\\u001b[2J');
  });

  it('jsonl: one JSON object per line, as streamed and as formatted', () => {
    const formatter = FORMATTERS.get('jsonl')!;
    const lines = formatter.format(RESULT, CONTEXTS[0]!).trimEnd().split('\n');
    expect(lines).toHaveLength(RESULT.findings.length);
    expect((JSON.parse(lines[0]!) as Finding).excerpt).toBe(RESULT.findings[0]!.excerpt.replace(/[\ud800-\udfff]/g, '\uFFFD'));
    for (const f of RESULT.findings) expect(formatter.streamFinding!(f, CONTEXTS[0]!).split('\n')).toEqual([expect.any(String), '']);
  });

  it.each(['junit', 'html'])('%s: no markup from ticket text', (name) => {
    const formatter = FORMATTERS.get(name);
    if (!formatter) return;
    const out = formatter.format(RESULT, CONTEXTS[0]!);
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;script&gt;');
  });

  it('github: one workflow command per finding, none forged by ticket text', () => {
    const formatter = FORMATTERS.get('github');
    if (!formatter) return;
    const commands = formatter.format(RESULT, CONTEXTS[0]!).split('\n').filter((l) => l.startsWith('::'));
    expect(commands).toHaveLength(RESULT.findings.length);
    for (const c of commands) expect(c).toMatch(/^::(error|warning|notice) [^:]*::/);
  });

  it('csv: one record per finding, and cells that start like formulas are defused', () => {
    const formatter = FORMATTERS.get('csv');
    if (!formatter) return;
    const records: CsvRecord[] = [];
    const tokenizer = new CsvTokenizer((r) => records.push(r), () => {});
    tokenizer.push(formatter.format(RESULT, CONTEXTS[0]!));
    tokenizer.end();
    expect(records).toHaveLength(RESULT.findings.length + 1);
    for (const r of records.slice(1)) {
      for (const field of r.fields) expect(field.value).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});
