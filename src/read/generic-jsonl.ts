import type { Message } from '../types.js';
import { genericMessage, mapHeader, newGenericState, type GenericField } from './generic-csv.js';
import { textField } from './json-fields.js';
import { isObject, jsonUnits, type JsonUnit, type Record_ } from './json-input.js';
import type { ReadContext } from './reader.js';

/**
 * Messages in the generic shape as JSON: NDJSON with one message per line (`ticket_id,
 * message_id, created_at, author_role, author, channel, public, body`, and the same aliases and
 * config `columns` as the generic CSV), or a .json array of them (or `{"messages": [...]}`).
 * NDJSON is streamed a line at a time.
 */

/** Field values as the CSV path sees them: text (booleans and numbers written out). */
function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isObject(v)) return scalarText(v.name ?? v.id);
  return undefined;
}

export function isGenericRecord(v: unknown, columns?: Record<string, string>): v is Record_ {
  return isObject(v) && mapHeader(Object.keys(v), columns).body !== undefined;
}

/** Keys under which a conversation object keeps its messages (`{"id": ..., "turns": [{role, content}]}`). */
const NESTED_LISTS = ['messages', 'turns', 'conversation', 'dialogue', 'dialog', 'utterances', 'comments'];

/**
 * The message lists of a JSON value: a message itself, an array of them, or a conversation object
 * holding them under `messages`/`turns`/..., whose own id becomes the messages' ticket id.
 */
function messageLists(v: unknown, columns?: Record<string, string>): Array<{ items: unknown[]; ticket?: string }> {
  if (Array.isArray(v)) {
    // An array of conversations, or of messages.
    if (v.length > 0 && v.every((x) => isObject(x) && !isGenericRecord(x, columns) && nestedList(x))) return v.flatMap((x) => messageLists(x, columns));
    return [{ items: v }];
  }
  if (!isObject(v)) return [{ items: [v] }];
  if (isGenericRecord(v, columns)) return [{ items: [v] }];
  const nested = nestedList(v);
  if (!nested) return [{ items: [v] }];
  const cols = mapHeader(Object.keys(v), columns);
  const idKey = cols.ticket_id !== undefined ? Object.keys(v)[cols.ticket_id] : cols.message_id !== undefined ? Object.keys(v)[cols.message_id] : undefined;
  const ticket = idKey === undefined ? undefined : scalarText(v[idKey]);
  return [{ items: nested, ...(ticket ? { ticket } : {}) }];
}

function nestedList(v: Record_): unknown[] | null {
  for (const key of NESTED_LISTS) if (Array.isArray(v[key])) return v[key] as unknown[];
  return null;
}

export async function* readGenericJson(ctx: ReadContext): AsyncIterable<Message> {
  const state = newGenericState();
  let unknown = 0;
  let firstUnknown: number | null = null;

  const toMessage = (unit: JsonUnit, record: Record_, parentTicket: string | undefined): Message | null => {
    const keys = Object.keys(record);
    const cols = mapHeader(keys, ctx.options.columns);
    const get = (f: GenericField): string | undefined => {
      const i = cols[f];
      const v = i === undefined ? undefined : scalarText(record[keys[i]!]);
      return f === 'ticket_id' && (v === undefined || v.trim() === '') ? parentTicket : v;
    };
    const bodyKey = cols.body === undefined ? undefined : keys[cols.body];
    const body = bodyKey === undefined ? null : textField(unit, record, bodyKey);
    if (!body) return null;
    const line = unit.positions.position(unit.positions.stringAt(record, bodyKey!) ?? 0).line;
    return genericMessage(ctx, state, get, { value: body.body, locator: body.locator }, line);
  };

  for await (const unit of jsonUnits(ctx, 'generic')) {
    for (const { items, ticket } of messageLists(unit.value, ctx.options.columns)) {
      for (const item of items) {
        if (!isGenericRecord(item, ctx.options.columns)) {
          if (unknown++ === 0) firstUnknown = unit.line;
          continue;
        }
        const m = toMessage(unit, item, ticket);
        if (m) yield m;
      }
    }
  }
  if (unknown > 0) {
    ctx.problem(
      firstUnknown,
      `${unknown} JSON values are not messages in the generic shape (no body, text, message or content field); map the text field in .ticketlintrc.yaml: columns: { body: "..." }`,
      'error',
    );
  }
}
