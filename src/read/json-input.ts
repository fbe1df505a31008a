import { TicketlintError } from '../errors.js';
import { jsonSyntaxError, parseJsonWithPositions, type JsonPositions } from './json-positions.js';
import type { ReadContext } from './reader.js';

/**
 * One JSON value to read: the whole document of a .json file, or one line of NDJSON. Vendor APIs
 * hand out pages (100 tickets, 5,000 comments at most), so a document is read whole; an NDJSON
 * export (Zendesk's full JSON export: one ticket per line) is streamed a line at a time, and memory
 * stays at one line whatever the file size.
 */
export interface JsonUnit {
  value: unknown;
  positions: JsonPositions;
  /** File line where the value starts. */
  line: number;
  /** The whole file is this one value (not one NDJSON line of many). */
  document: boolean;
}

/**
 * Largest JSON document read whole (characters). JSON.parse needs several times the text in memory;
 * 100 MiB is a few hundred API pages and still parses in about a second. Bigger exports should be
 * NDJSON, which has no limit.
 */
export const MAX_JSON_DOCUMENT = 100 * 1024 * 1024;

export type Record_ = Record<string, unknown>;
export const isObject = (v: unknown): v is Record_ => v !== null && typeof v === 'object' && !Array.isArray(v);

/** True for extensions whose files hold one JSON value per line. */
export const isLinesExt = (ext: string): boolean => ext === 'jsonl' || ext === 'ndjson';

/** Lines of the text as they arrive, with their 1-based numbers (\n, \r\n and a lone \r end a line). */
export async function* textLines(chunks: AsyncIterable<string>): AsyncIterable<{ text: string; line: number }> {
  let carry = '';
  let line = 1;
  let pendingCR = false;
  for await (const chunk of chunks) {
    let text = chunk;
    if (pendingCR && text.charCodeAt(0) === 10) text = text.slice(1); // \r\n split across chunks
    pendingCR = false;
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      yield { text: carry + text.slice(from, i), line: line++ };
      carry = '';
      if (c === 13) {
        if (i + 1 === text.length) pendingCR = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      from = i + 1;
    }
    carry += text.slice(from);
  }
  if (carry !== '') yield { text: carry, line };
}

/** Reads all text of the source, refusing more than `limit` characters. */
async function readDocument(ctx: ReadContext, limit: number): Promise<string> {
  let out = '';
  for await (const chunk of ctx.source.chunks()) {
    out += chunk;
    if (out.length > limit) {
      throw new TicketlintError(
        `JSON document larger than ${Math.round(limit / 1024 / 1024)} MiB: export it as NDJSON (one ticket per line, .jsonl), which is streamed`,
        { file: ctx.file },
      );
    }
  }
  return out;
}

/**
 * The JSON values of an input: the document, or each NDJSON line. A .json file whose text turns out
 * to be several values, one per line, is read as NDJSON too (exports are often misnamed).
 * A bad NDJSON line is reported and skipped, so the other lines are still read.
 */
export async function* jsonUnits(ctx: ReadContext, format = 'JSON', limit = MAX_JSON_DOCUMENT): AsyncIterable<JsonUnit> {
  if (isLinesExt(ctx.ext)) {
    yield* ndjsonUnits(ctx);
    return;
  }
  const text = await readDocument(ctx, limit);
  if (text.trim() === '') {
    ctx.problem(null, 'empty file: nothing to lint', 'warning');
    return;
  }
  if (!/^\s*[[{]/.test(text)) {
    throw new TicketlintError(`not JSON: the ${format} reader reads JSON or NDJSON exports (is --input-format right?)`, { file: ctx.file, line: 1 });
  }
  let parsed;
  try {
    parsed = parseJsonWithPositions(text, ctx.file);
  } catch (err) {
    if (looksLikeNdjson(text)) {
      yield* ndjsonFromText(ctx, text);
      return;
    }
    throw err;
  }
  yield { value: parsed.value, positions: parsed.positions, line: 1, document: true };
}

/** Several lines that each parse alone: NDJSON in a .json file. */
function looksLikeNdjson(text: string): boolean {
  const lines = text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '');
  if (lines.length < 2) return false;
  try {
    JSON.parse(lines[0]!);
    JSON.parse(lines[1]!);
    return true;
  } catch {
    return false;
  }
}

async function* ndjsonFromText(ctx: ReadContext, text: string): AsyncIterable<JsonUnit> {
  yield* unitsOfLines(ctx, textLines((async function* () { yield text; })()));
}

async function* ndjsonUnits(ctx: ReadContext): AsyncIterable<JsonUnit> {
  yield* unitsOfLines(ctx, textLines(ctx.source.chunks()));
}

async function* unitsOfLines(ctx: ReadContext, lines: AsyncIterable<{ text: string; line: number }>): AsyncIterable<JsonUnit> {
  let any = false;
  for await (const { text, line } of lines) {
    if (text.trim() === '') continue;
    any = true;
    let parsed;
    try {
      parsed = parseJsonWithPositions(text, ctx.file, line);
    } catch (err) {
      const e = err instanceof TicketlintError && line !== 1 ? err : jsonSyntaxError(err, text, ctx.file, line, 'line');
      ctx.problem(e.line, `${e.message}${e.column != null ? ` (column ${e.column})` : ''}; line skipped`, 'error');
      continue;
    }
    yield { value: parsed.value, positions: parsed.positions, line, document: false };
  }
  if (!any) ctx.problem(null, 'empty file: nothing to lint', 'warning');
}
