import { TicketlintError } from '../errors.js';
import type { Locator, Ticket } from '../types.js';
import { htmlToText, looksLikeHtml } from './html-text.js';
import { jsonUnits, type JsonUnit } from './json-input.js';
import { mappedLocator } from './json-positions.js';
import { fixedLocator } from './locator.js';
import { parseTimestamp } from './fields.js';
import type { ReadContext } from './reader.js';

/** What JSON readers need to build a message from a string field. */
export interface TextField {
  body: string;
  locator: Locator;
}

/**
 * The text of `container[key]` with a locator into the file. `html: true` converts HTML to the
 * text the customer reads ('auto': only when the value has tags or entities).
 */
export function textField(unit: JsonUnit, container: object, key: string | number, html: boolean | 'auto' = false): TextField | null {
  const value = (container as Record<string | number, unknown>)[key];
  if (typeof value !== 'string') return null;
  const start = unit.positions.stringAt(container, key);
  if (start === undefined) return { body: value, locator: fixedLocator({ line: unit.line, column: 1 }) };
  const toSource = unit.positions.sourceOffsets(start);
  if (html === true || (html === 'auto' && looksLikeHtml(value))) {
    const converted = htmlToText(value);
    return { body: converted.text, locator: mappedLocator(unit.positions, (k) => toSource(converted.sourceOffset(k))) };
  }
  return { body: value, locator: mappedLocator(unit.positions, toSource) };
}

/** The first of `keys` that holds a non-blank string, as a TextField (HTML keys converted). */
export function firstText(unit: JsonUnit, container: object, keys: Array<{ key: string; html: boolean | 'auto' }>): TextField | null {
  const record = container as Record<string, unknown>;
  for (const { key, html } of keys) {
    const v = record[key];
    if (typeof v === 'string' && v.trim() !== '') return textField(unit, container, key, html);
  }
  return null;
}

/** An id as exported (number or string) → string; null when absent. */
export function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** ISO-8601 strings and unix seconds/milliseconds (numbers or digit strings). */
export function dateOf(value: unknown): Date | null {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value > 1e12 ? value : value * 1000);
  if (typeof value === 'string') return parseTimestamp(value);
  return null;
}

export const stringOf = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** Orders by date, oldest first, keeping the export order for ties and undated items. */
export function byDate<T>(items: T[], date: (t: T) => Date | null): T[] {
  if (!items.every((t) => date(t) !== null)) return items;
  return items
    .map((item, index) => ({ item, index, time: date(item)!.getTime() }))
    .sort((a, b) => a.time - b.time || a.index - b.index)
    .map((x) => x.item);
}

/** The JSON shapes each reader understands, for the one error an unknown document gets. */
export const JSON_SHAPES: Record<string, string> = {
  zendesk: 'Zendesk: {"comments": [...]} with "users", {"ticket": {...}}, {"tickets": [{..., "comments": [...]}]}, or one ticket with "comments" per NDJSON line',
  freshdesk: 'Freshdesk: a ticket or [tickets] with "description_text" and "conversations", or a [conversations] list ("incoming", "private", "body_text")',
  intercom: 'Intercom: a conversation or {"conversations": [...]} with "source" and "conversation_parts"',
  helpscout: 'Help Scout: a conversation or {"_embedded": {"conversations"|"threads": [...]}} with "_embedded.threads"',
  generic: 'generic messages: [{ticket_id, author_role, body, ...}] or NDJSON with one message per line',
  library: 'canned responses: [{id|title|name, body|text|content}], {"responses": [...]}, Zendesk {"macros": [...]}, Freshdesk [{title, content|content_html}]',
};

/** The error for JSON that no reader (or not the forced one) recognises. */
export function unknownJsonError(file: string, line: number | null, format: string | null): TicketlintError {
  const shapes = format && JSON_SHAPES[format] ? [JSON_SHAPES[format]!] : Object.values(JSON_SHAPES);
  const what = format ? `not a ${format} export` : 'unknown JSON shape';
  return new TicketlintError(`${what}; ticketlint reads: ${shapes.join('; ')}`, { file, line });
}

/** Object keys seen in the start of a JSON text (for sniffing without parsing a truncated head). */
export function headKeys(head: string): Set<string> {
  const keys = new Set<string>();
  const re = /"((?:[^"\\\n]|\\.){1,64})"\s*:/g;
  for (const m of head.matchAll(re)) keys.add(m[1]!);
  return keys;
}

/** The head is JSON (or NDJSON) for a reader to sniff: a JSON extension or text starting with { or [. */
export function isJsonHead(head: string, ext: string): boolean {
  if (ext !== 'json' && ext !== 'jsonl' && ext !== 'ndjson' && ext !== '') return false;
  // `{"`, `{}`, `[{`, `[1`...: not `{{first_name}}, ...` (a canned response starting with a placeholder).
  return /^\s*(?:\{\s*(?:"|\}|$)|\[\s*(?:[{["\d\-\]]|true|false|null|$))/.test(head.replace(/^\uFEFF/, ''));
}

/**
 * The read loop every JSON reader shares: each JSON unit (document or NDJSON line) → tickets.
 * `toTickets` returns null for a shape it does not know: a document fails with the list of shapes
 * we read; an NDJSON line is reported (once, then counted) and the other lines are still read.
 */
export async function* readJsonTickets(
  ctx: ReadContext,
  format: string,
  toTickets: (unit: JsonUnit) => Iterable<Ticket> | null,
): AsyncIterable<Ticket> {
  let unknownLines = 0;
  let firstUnknown: number | null = null;
  for await (const unit of jsonUnits(ctx, format)) {
    const tickets = toTickets(unit);
    if (tickets === null) {
      if (unit.document) throw unknownJsonError(ctx.file, 1, format);
      if (unknownLines++ === 0) {
        firstUnknown = unit.line;
        ctx.problem(unit.line, unknownJsonError(ctx.file, unit.line, format).message, 'error');
      }
      continue;
    }
    yield* tickets;
  }
  if (unknownLines > 1) ctx.problem(firstUnknown, `${unknownLines - 1} more lines of unknown shape skipped`, 'error');
}
