import type { Locator, Message } from '../types.js';
import type { CsvRecord } from './csv-tokenizer.js';
import { csvHeader, csvRecords, delimiterFor, fieldLocator } from './csv-records.js';
import { parseBoolean, parseRole, parseTimestamp } from './fields.js';
import { groupTickets } from './group-tickets.js';
import type { InputReader, ReadContext } from './reader.js';
import { ignoredRangesOf } from './quoted-text.js';
import { headKeys, isJsonHead } from './json-fields.js';

export const GENERIC_FIELDS = ['ticket_id', 'message_id', 'created_at', 'author_role', 'author', 'channel', 'public', 'body'] as const;
export type GenericField = (typeof GENERIC_FIELDS)[number] | 'internal' | 'inbound';

/** Header names that mean our fields without any configuration (matched case- and separator-insensitively). */
const HEADER_ALIASES: Record<GenericField, string[]> = {
  body: ['body', 'text', 'message', 'content', 'comment', 'reply', 'messagebody', 'plainbody', 'messagetext', 'bodytext'],
  ticket_id: ['ticketid', 'conversationid', 'caseid', 'ticket', 'threadid', 'chatid', 'dialogid'],
  message_id: ['messageid', 'commentid', 'id', 'partid', 'tweetid'],
  created_at: ['createdat', 'timestamp', 'date', 'datetime', 'time', 'created', 'sentat', 'createddate'],
  author_role: ['authorrole', 'role', 'sendertype', 'authortype', 'senderrole', 'speaker', 'direction'],
  author: ['author', 'authorname', 'agent', 'agentname', 'sender', 'sendername', 'name', 'authorid', 'user', 'username'],
  channel: ['channel', 'via', 'source', 'medium'],
  public: ['public', 'ispublic', 'visibility', 'visible'],
  internal: ['internal', 'isinternal', 'private', 'isprivate', 'note', 'isnote'],
  inbound: ['inbound', 'isinbound', 'fromcustomer'],
};

const squash = (s: string): string => s.trim().toLowerCase().replace(/[\s_\-.]+/g, '');

/** Column index of each of our fields, from the header row plus the config's `columns` mapping. */
export function mapHeader(header: string[], columns: Record<string, string> = {}): Partial<Record<GenericField, number>> {
  const index = new Map(header.map((h, i) => [squash(h), i] as const));
  const mapped: Partial<Record<GenericField, number>> = {};
  for (const [field, aliases] of Object.entries(HEADER_ALIASES) as Array<[GenericField, string[]]>) {
    const configured = columns[field];
    if (configured !== undefined) {
      const i = index.get(squash(configured));
      if (i !== undefined) {
        mapped[field] = i;
        continue;
      }
      // Not in this file: one config often serves exports with different headers, so the
      // built-in aliases still apply.
    }
    for (const alias of aliases) {
      const i = index.get(alias);
      if (i !== undefined && !Object.values(mapped).includes(i)) {
        mapped[field] = i;
        break;
      }
    }
  }
  return mapped;
}

/**
 * A `columns:` mapping for a header that is not ours, from the first rows: the text is the column
 * with the longest values, the role the one whose values read as roles, the date the one whose
 * values read as dates, the ticket the one whose values repeat (several messages per ticket).
 */
export function suggestColumns(header: string[], rows: CsvRecord[]): Partial<Record<GenericField, string>> {
  const values = (i: number): string[] => rows.map((r) => r.fields[i]?.value.trim() ?? '').filter((v) => v !== '');
  const mostly = (i: number, ok: (v: string) => boolean): boolean => {
    const vs = values(i);
    return vs.length > 0 && vs.filter(ok).length >= vs.length / 2;
  };
  const taken = new Set<number>();
  const out: Partial<Record<GenericField, string>> = {};
  const pick = (field: GenericField, i: number): void => {
    out[field] = header[i]!;
    taken.add(i);
  };
  let body = -1;
  let longest = 0;
  header.forEach((_, i) => {
    const total = values(i).reduce((sum, v) => sum + v.length, 0);
    if (total > longest) (longest = total), (body = i);
  });
  if (body >= 0) pick('body', body);
  const free = (): number[] => header.map((_, i) => i).filter((i) => !taken.has(i));
  const role = free().find((i) => mostly(i, (v) => parseRole(v) !== null));
  if (role !== undefined) pick('author_role', role);
  const date = free().find((i) => mostly(i, (v) => parseTimestamp(v) !== null));
  if (date !== undefined) pick('created_at', date);
  const ticket = free().find((i) => {
    const vs = values(i);
    return vs.length > 1 && new Set(vs).size < vs.length;
  });
  if (ticket !== undefined) pick('ticket_id', ticket);
  return out;
}

/** The message for a header with no text column: what the header is, and how to map it. */
export function unknownHeaderMessage(header: string[], rows: CsvRecord[]): string {
  if (header.length === 1) {
    // A European spreadsheet export: one "column" holding the whole header, separated by ; or |.
    for (const [sep, name] of [[';', 'semicolon'], ['|', 'pipe'], ['\t', 'tab']] as const) {
      if (header[0]!.split(sep).length > 1 && mapHeader(header[0]!.split(sep)).body !== undefined) {
        return `the header "${header[0]}" is ${name}-separated; ticketlint reads comma-separated CSV (tab-separated as .tsv): save or export the file with commas`;
      }
    }
  }
  const mapping = Object.entries(suggestColumns(header, rows))
    .map(([field, column]) => `${field}: ${JSON.stringify(column)}`)
    .join(', ');
  const hint = mapping ? ` Map it in .ticketlintrc.yaml: columns: { ${mapping} }` : '';
  return `no message-text column in the header (${header.join(', ')}); expected one of body, text, message, content.${hint}`;
}

/** State one file's messages share: what was already warned about, per-ticket message counters. */
export interface GenericState {
  unknownRoles: Set<string>;
  badDates: number;
  perTicket: Map<string, number>;
}

export const newGenericState = (): GenericState => ({ unknownRoles: new Set(), badDates: 0, perTicket: new Map() });

/**
 * One message in the generic shape, from a row of any container (a CSV record, a JSONL object):
 * `get` returns the field's text, `body` the text with its locator, `line` where the row starts.
 */
export function genericMessage(
  ctx: ReadContext,
  state: GenericState,
  get: (f: GenericField) => string | undefined,
  body: { value: string; locator: Locator },
  line: number,
): Message {
  let role: Message['role'] = 'agent';
  const roleValue = get('author_role');
  const inbound = get('inbound');
  if (roleValue !== undefined) {
    const parsed = parseRole(roleValue);
    if (parsed) role = parsed;
    else {
      // Unknown speaker: never judge it as company text (a customer's words must not be flagged).
      role = 'customer';
      if (!state.unknownRoles.has(roleValue)) {
        state.unknownRoles.add(roleValue);
        ctx.problem(line, `unknown author_role "${roleValue}" (expected customer, agent, bot or system); treated as customer`, 'warning');
      }
    }
  } else if (inbound !== undefined) {
    role = parseBoolean(inbound) === false ? 'agent' : 'customer';
  }

  let isPublic = true;
  const pub = get('public');
  const internal = get('internal');
  if (pub !== undefined && pub.trim() !== '') isPublic = parseBoolean(pub) ?? true;
  else if (internal !== undefined && internal.trim() !== '') isPublic = !(parseBoolean(internal) ?? false);

  const created = get('created_at');
  const createdAt = created ? parseTimestamp(created) : null;
  if (created && created.trim() && !createdAt && state.badDates++ === 0) {
    ctx.problem(line, `unreadable created_at "${created}" (expected ISO-8601, a Twitter date or unix seconds)`, 'warning');
  }

  const ticketId = get('ticket_id')?.trim() || null;
  let id = get('message_id')?.trim() || null;
  if (!id) {
    if (ticketId) {
      const n = (state.perTicket.get(ticketId) ?? 0) + 1;
      state.perTicket.set(ticketId, n);
      id = `${ticketId}-${n}`;
    } else id = `line-${line}`;
  }
  // E-mail bodies quote the thread they answer and end with signatures: not the writer's words.
  const ignored = ignoredRangesOf(body.value);
  return {
    id,
    ticketId,
    role,
    author: get('author')?.trim() || null,
    public: isPublic,
    channel: get('channel')?.trim().toLowerCase() || null,
    createdAt,
    body: body.value,
    locator: body.locator,
    ...(ignored ? { ignoredRanges: ignored } : {}),
  };
}

/** The generic CSV of shared/spec/interface.md: one row per message. */
async function* readGenericMessages(ctx: ReadContext): AsyncIterable<Message> {
  let header: string[] | null = null;
  let cols: Partial<Record<GenericField, number>> = {};
  const firstRows: CsvRecord[] = [];
  const state = newGenericState();

  const toMessage = (record: CsvRecord): Message | null => {
    const get = (f: GenericField): string | undefined => {
      const i = cols[f];
      return i === undefined ? undefined : record.fields[i]?.value;
    };
    if (record.fields.length !== header!.length) {
      ctx.problem(record.line, `expected ${header!.length} fields, found ${record.fields.length}${record.fields.length > header!.length ? ' (a comma in a field that is not quoted?)' : ''}`, 'error');
    }
    const bodyField = record.fields[cols.body!];
    if (!bodyField) return null;
    return genericMessage(ctx, state, get, { value: bodyField.value, locator: fieldLocator(bodyField) }, bodyField.line);
  };

  for await (const record of csvRecords(ctx, delimiterFor(ctx.ext))) {
    if (!header) {
      header = record.fields.map((f) => f.value);
      cols = mapHeader(header, ctx.options.columns);
      continue;
    }
    if (cols.body === undefined) {
      // Keep a few rows to suggest which column holds the text, then give up on this file.
      firstRows.push(record);
      if (firstRows.length < 50) continue;
      break;
    }
    const message = toMessage(record);
    if (message) yield message;
  }
  if (header && cols.body === undefined) {
    ctx.problem(1, unknownHeaderMessage(header, firstRows), 'error');
  } else if (!header) {
    ctx.problem(null, 'empty file: no header row', 'error');
  }
}

/** The JSON forms of the generic shape live in generic-jsonl.ts; the CSV reader hands them over. */
async function isJsonInput(ctx: ReadContext): Promise<boolean> {
  if (ctx.ext === 'json' || ctx.ext === 'jsonl' || ctx.ext === 'ndjson') return true;
  if (ctx.ext !== '') return false;
  return isJsonHead(await ctx.source.head(), '');
}

async function* readGeneric(ctx: ReadContext): AsyncIterable<Message> {
  if (await isJsonInput(ctx)) {
    const { readGenericJson } = await import('./generic-jsonl.js');
    yield* readGenericJson(ctx);
  } else yield* readGenericMessages(ctx);
}

/** Role or ticket keys: what tells a list of messages from a list of canned responses. */
const CONVERSATION_FIELDS: GenericField[] = ['ticket_id', 'author_role', 'inbound'];

export const genericCsvReader: InputReader = {
  format: 'generic',
  sniff(head, ext) {
    if (isJsonHead(head, ext)) {
      const cols = mapHeader([...headKeys(head)]);
      if (cols.body === undefined) return 0;
      if (CONVERSATION_FIELDS.some((f) => cols[f] !== undefined)) return 7;
      return ext === 'jsonl' || ext === 'ndjson' ? 5 : 0;
    }
    if (ext !== 'csv' && ext !== 'tsv' && ext !== '') return 0;
    const header = csvHeader(head, delimiterFor(ext));
    const cols = mapHeader(header);
    if (cols.body !== undefined) return 5;
    return ext === 'csv' ? 1 : 0;
  },
  read: (ctx) => groupTickets(readGeneric(ctx), ctx.file, 'generic', ctx.options.ticketWindow),
};
