import { CsvTokenizer, type CsvField, type CsvRecord } from './csv-tokenizer.js';
import { textLocator } from './locator.js';
import type { ReadContext } from './reader.js';
import type { Locator } from '../types.js';

/** CSV records of the input as they are tokenized; tokenizer tolerances become warnings. */
export async function* csvRecords(ctx: ReadContext, delimiter = ','): AsyncIterable<CsvRecord> {
  const pending: CsvRecord[] = [];
  const tokenizer = new CsvTokenizer(
    (r) => pending.push(r),
    (p) => ctx.problem(p.line, `${p.message} (column ${p.column})`, p.level),
    delimiter,
  );
  for await (const chunk of ctx.source.chunks()) {
    tokenizer.push(chunk);
    yield* pending.splice(0);
  }
  tokenizer.end();
  yield* pending.splice(0);
}

/** Header and first data rows of a CSV head (for sniffing); the last, maybe cut, row is dropped. */
export function csvHead(head: string, maxRows = 20, delimiter = ','): CsvRecord[] {
  const rows: CsvRecord[] = [];
  const tokenizer = new CsvTokenizer((r) => rows.push(r), () => {}, delimiter);
  tokenizer.push(head.replace(/^\uFEFF/, ''));
  // No end(): a row cut by the 64 KiB head would be read as complete.
  return rows.slice(0, maxRows);
}

/** The header row of a CSV head (also when the head is only that line, without a line break). */
export function csvHeader(head: string, delimiter = ','): string[] {
  const first = csvHead(head, 1, delimiter)[0];
  if (first) return first.fields.map((f) => f.value);
  const line = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return line === '' ? [] : line.split(delimiter).map((h) => h.replace(/^"|"$/g, ''));
}

/** Delimiter of a .tsv file, else a comma. */
export const delimiterFor = (ext: string): string => (ext === 'tsv' ? '\t' : ',');

/** A locator for (part of) a CSV field: `from` is an offset in the field's value. */
export function fieldLocator(field: CsvField, from = 0, length?: number): Locator {
  const value = field.value;
  if (from === 0 && (length === undefined || length === value.length)) {
    return textLocator(value, { line: field.line, column: field.column }, { doubledQuotes: field.quoted });
  }
  const start = fieldPosition(field, from);
  const part = value.slice(from, length === undefined ? undefined : from + length);
  return textLocator(part, start, { doubledQuotes: field.quoted });
}

/** File line and column of offset `at` in a CSV field's value (doubled quotes counted twice). */
export function fieldPosition(field: CsvField, at: number): { line: number; column: number } {
  return textLocator(field.value, { line: field.line, column: field.column }, { doubledQuotes: field.quoted }).locate(at);
}
