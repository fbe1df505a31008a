import { describe, expect, it } from 'vitest';
import { CsvTokenizer, type CsvRecord } from '../src/read/csv-tokenizer.js';
import { CSV_COLUMNS, csvFormatter } from '../src/report/csv.js';
import { FORMATTERS } from '../src/report/index.js';
import { csvCell } from '../src/report/sanitize.js';
import { CTX, FIXTURE, HOSTILE, CLI_TIMEOUT, cli, finding, resultOf } from './format-helpers.js';

/** Parses the output with ticketlint's own RFC 4180 tokenizer, reporting any defect it finds. */
function parseCsv(text: string): string[][] {
  const records: CsvRecord[] = [];
  const problems: string[] = [];
  const tokenizer = new CsvTokenizer((r) => records.push(r), (p) => problems.push(p.message));
  tokenizer.push(text);
  tokenizer.end();
  expect(problems).toEqual([]);
  return records.map((r) => r.fields.map((f) => f.value));
}

describe('csv formatter', () => {
  it('is registered', () => {
    expect(FORMATTERS.get('csv')).toBe(csvFormatter);
  });

  it('starts with a UTF-8 BOM and a header, one CRLF row per finding', () => {
    const out = csvFormatter.format(resultOf([finding(), finding({ author: 'Zoë Nguyễn', lang: 'vi', ticketId: null, messageId: null })]), CTX);
    expect(out.startsWith('\uFEFFfile,line,column,ticketId,messageId,author,lang,severity,category,ruleId,message,excerpt,suggestion\r\n')).toBe(true);
    expect(out.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(out.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows[1]).toEqual([
      'exports/tickets.csv', '12', '31', 'T-1001', 'T-1001-3', 'ana', 'en', 'error', 'policy-shield', 'policy-shield/refusal-citing-policy',
      'Refusing with "policy" as the reason instead of saying what you can do', "it's company policy", 'Say what you can do, then why the limit exists.',
    ]);
    expect(rows[2]!.slice(3, 7)).toEqual(['', '', 'Zoë Nguyễn', 'vi']);
  });

  it('quotes commas, quotes and line breaks so every row keeps its columns', () => {
    const out = csvFormatter.format(resultOf([finding({ excerpt: HOSTILE.newline, message: 'a, "b"' })]), CTX);
    const rows = parseCsv(out.slice(1));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveLength(CSV_COLUMNS.length);
    expect(rows[1]![10]).toBe('a, "b"');
    expect(rows[1]![11]).toBe(HOSTILE.newline);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const cells = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=1', ' =1', HOSTILE.formula];
    const out = csvFormatter.format(resultOf(cells.map((c) => finding({ excerpt: c, author: c }))), CTX);
    const rows = parseCsv(out.slice(1)).slice(1);
    for (const [i, c] of cells.entries()) {
      expect(rows[i]![11]).toBe(`'${c}`);
      expect(rows[i]![5]).toBe(`'${c}`);
    }
    // Ordinary text and numbers are left alone.
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(null)).toBe('');
  });

  it('drops ANSI escapes and control characters from cells', () => {
    const out = csvFormatter.format(resultOf([finding({ excerpt: HOSTILE.ansi, message: HOSTILE.control })]), CTX);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    const row = parseCsv(out.slice(1))[1]!;
    expect(row[11]).toBe('red link');
    expect(row[10]).toBe('bell nul vt end');
  });

  it('is what the CLI writes for --format csv', () => {
    const run = cli(['--no-config', '--format', 'csv', FIXTURE]);
    expect(run.code).toBe(1);
    expect(run.stdout.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(run.stdout.slice(1));
    const row = rows.find((r) => r[9] === 'policy-shield/refusal-citing-policy')!;
    expect(row.slice(0, 9)).toEqual([FIXTURE, '5', '15', 'T-1001', 'T-1001-2', 'ana', 'en', 'error', 'policy-shield']);
    expect(row[11]).toBe("our policy doesn't allow");
  }, CLI_TIMEOUT);
});
