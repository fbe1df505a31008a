import type { Message, Role, Ticket } from '../types.js';
import type { CsvField, CsvRecord } from './csv-tokenizer.js';
import { csvHead, csvRecords, delimiterFor, fieldLocator } from './csv-records.js';
import { parseTimestamp } from './fields.js';
import { mapHeader } from './generic-csv.js';
import type { InputReader, ReadContext, ReadOptions } from './reader.js';

/**
 * One row per ticket, the whole conversation in one column (shared/research/support-qa.md §2.11 B):
 *
 *     ticket_id,subject,transcript
 *     T1,Lost parcel,"Customer: My parcel is lost
 *     Agent: As I already told you, you need to call the courier."
 *
 * Turns start at a speaker prefix (`Agent:`, `Customer:`, `[10:02] Ana:`); a line without one
 * continues the turn above. Prefixes come from config `transcript: {agent, customer, bot}` and a
 * default list in eight languages. A speaker we cannot place (a bare name) is treated as the
 * customer, so their words are never judged, unless the row names them in an agent column.
 * Each turn's locator points at its own line and column inside the quoted field.
 */

const squash = (s: string): string => s.trim().toLowerCase().replace(/[\s_\-.]+/g, '');

/** Column names that surely hold a whole conversation. */
const STRONG_COLUMNS = ['transcript', 'chattranscript', 'conversationtranscript', 'calltranscript', 'transcripttext', 'dialogue', 'dialog', 'chatlog', 'fullconversation', 'conversationtext', 'chattext', 'conversationlog'];
/** Names that may hold one (or be a ticket id): accepted when the values show speaker prefixes. */
const WEAK_COLUMNS = ['conversation', 'chat', 'messages', 'thread', 'history', 'conversationhistory', 'log', 'comments'];
const AGENT_NAME_COLUMNS = ['agent', 'agentname', 'assignee', 'assigneename', 'agentemail', 'owner', 'handledby'];
const CUSTOMER_NAME_COLUMNS = ['customer', 'customername', 'requester', 'requestername', 'client', 'clientname', 'customeremail', 'requesteremail'];

type Speaker = 'agent' | 'customer' | 'bot' | 'system';

const DEFAULT_PREFIXES: Record<Speaker, string[]> = {
  agent: [
    'agent', 'support', 'support agent', 'rep', 'representative', 'operator', 'staff', 'advisor', 'adviser', 'specialist', 'csr',
    'technician',
    'nhân viên', 'tư vấn viên', 'cskh', 'mitarbeiter', 'mitarbeiterin', 'kundenservice', 'berater', 'beraterin', 'agente', 'asesor',
    'asesora', 'soporte', 'conseiller', 'conseillère', 'service client', 'konsultant', 'konsultantka', 'doradca', 'obsługa',
    'pracownik', '客服', '客服人员', '坐席', 'موظف', 'الموظف', 'الدعم', 'خدمة العملاء', 'الوكيل',
  ],
  customer: [
    'customer', 'user', 'client', 'visitor', 'caller', 'guest', 'requester', 'end-user', 'enduser', 'buyer',
    'khách hàng', 'khách', 'kunde', 'kundin', 'cliente', 'usuario', 'usuaria', 'klient', 'klientka', 'użytkownik', '客户', '顾客',
    '用户', 'العميل', 'الزبون', 'المستخدم',
  ],
  bot: ['bot', 'chatbot', 'virtual agent', 'virtual assistant', 'assistant', 'ai', 'ai agent', 'auto-reply', 'autoresponder'],
  system: ['system', 'automated message'],
};

const TIME = String.raw`(?:\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?`;
/** `[10:02] Ana:`, `(10:02) Ana:`, `10:02 - Ana:`, `Agent:`, `Agent (Ana):`, `客服：`. */
const SPEAKER_LINE = new RegExp(
  String.raw`^[ \t]*(?:[\[(](${TIME})[\])][ \t]*[-–|]?[ \t]*|(${TIME})[ \t]+(?:[-–|][ \t]*)?)?([\p{L}\p{N}_](?:[\p{L}\p{M}\p{N}_ .'’()@&/-]{0,48}?[\p{L}\p{M}\p{N}_)])?)[ \t]*[:：][ \t]?`,
  'u',
);

interface SpeakerTable {
  /** Normalized prefix → speaker; configured prefixes first so they win. */
  entries: Array<[string, Speaker]>;
}

const norm = (s: string): string => s.trim().replace(/[:：]\s*$/, '').trim().toLowerCase();

function speakerTable(options: ReadOptions['transcript']): SpeakerTable {
  const entries: Array<[string, Speaker]> = [];
  for (const who of ['agent', 'customer', 'bot'] as const) for (const p of options?.[who] ?? []) if (norm(p)) entries.push([norm(p), who]);
  for (const who of ['agent', 'customer', 'bot', 'system'] as const) for (const p of DEFAULT_PREFIXES[who]) entries.push([p, who]);
  return { entries };
}

/**
 * What may follow a known prefix word and still be a speaker: a number (`User_123`, `Agent 7`), a
 * name in brackets or after a dash (`Agent (Ana)`, `Support - Ana`), or one or two capitalised
 * words (`Agent Ana`), or a short CJK name (`客服小王`). "Agent said this:" is text, not a speaker.
 */
const PERSON_AFTER_PREFIX = [
  /^[\s_#-]*(\d+)$/u,
  /^_([\p{L}\p{N}]+)$/u,
  /^\s*\(([^()]{1,40})\)$/u,
  /^\s*[-–]\s*(\p{Lu}[\p{L}'’. -]{0,38})$/u,
  /^\s+(\p{Lu}[\p{L}'’.-]*(?:\s\p{Lu}[\p{L}'’.-]*)?)$/u,
  /^([\p{Script=Han}]{1,4})$/u,
];

/** The speaker a name stands for, and the person's own name when the prefix carries one (`Agent (Ana)`). */
function classify(name: string, table: SpeakerTable): { speaker: Speaker; person: string | null } | null {
  const trimmed = name.trim();
  const n = trimmed.toLowerCase();
  for (const [p, who] of table.entries) if (n === p) return { speaker: who, person: null };
  for (const [p, who] of table.entries) {
    if (!n.startsWith(p)) continue;
    const rest = trimmed.slice(p.length);
    for (const re of PERSON_AFTER_PREFIX) {
      const m = re.exec(rest);
      if (!m) continue;
      const person = m[1]!.trim();
      return { speaker: who, person: /^\d+$/.test(person) ? trimmed : person };
    }
  }
  return null;
}

interface Turn {
  speakerName: string;
  time: string | null;
  /** Offsets in the field value. */
  bodyStart: number;
  bodyEnd: number;
}

/** A person's name as a speaker: one to three capitalised words (or words of a script without case). */
const NAME_LIKE = /^(?:[\p{Lu}\p{Lo}][\p{L}\p{M}'’.-]*)(?: [\p{Lu}\p{Lo}][\p{L}\p{M}'’.-]*){0,2}$/u;

interface Line {
  start: number;
  contentEnd: number;
  speaker: RegExpExecArray | null;
}

/**
 * Turns of one transcript: each speaker line starts one; other lines continue the turn above.
 * A line `Word: ...` is a speaker line when the word is a known prefix, when a timestamp leads
 * it, when it is a capitalised full name (`Maria Lopez:`), or when the same single name starts
 * two lines or more (`Maria:` twice): "Note: ..." once in an agent's turn stays the agent's text.
 */
export function splitTurns(value: string, table: SpeakerTable): Turn[] {
  const lines: Line[] = [];
  const counts = new Map<string, number>();
  let at = 0;
  while (at <= value.length) {
    let lineEnd = value.indexOf('\n', at);
    if (lineEnd < 0) lineEnd = value.length;
    const contentEnd = lineEnd > at && value.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    const speaker = SPEAKER_LINE.exec(value.slice(at, contentEnd));
    if (speaker) counts.set(speaker[3]!.trim(), (counts.get(speaker[3]!.trim()) ?? 0) + 1);
    lines.push({ start: at, contentEnd, speaker });
    at = lineEnd + 1;
  }
  const isSpeaker = (m: RegExpExecArray): boolean => {
    const name = m[3]!.trim();
    if ((m[1] ?? m[2]) !== undefined || classify(name, table)) return true;
    if (!NAME_LIKE.test(name)) return false;
    return name.includes(' ') || (counts.get(name) ?? 0) >= 2;
  };
  const turns: Turn[] = [];
  for (const line of lines) {
    const m = line.speaker;
    if (m && isSpeaker(m)) {
      turns.push({ speakerName: m[3]!.trim(), time: m[1] ?? m[2] ?? null, bodyStart: line.start + m[0].length, bodyEnd: line.contentEnd });
    } else if (turns.length > 0 && value.slice(line.start, line.contentEnd).trim() !== '') {
      turns[turns.length - 1]!.bodyEnd = line.contentEnd;
    }
  }
  return turns;
}

/** A turn's time: a full date-time, or a time of day on the row's date (UTC, rolled past midnight). */
function turnTime(time: string | null, rowDate: Date | null, previous: Date | null): Date | null {
  if (!time) return null;
  const m = /^(?:(\d{4}-\d{2}-\d{2})[ T])?(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s?([AaPp])\.?[Mm]\.?)?$/.exec(time.trim());
  if (!m) return null;
  let hours = Number(m[2]);
  if (m[5]) hours = (hours % 12) + (m[5].toLowerCase() === 'p' ? 12 : 0);
  const base = m[1] ? parseTimestamp(m[1]) : rowDate;
  if (!base) return null;
  const d = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate(), hours, Number(m[3]), Number(m[4] ?? 0)));
  if (!m[1] && previous && d.getTime() < previous.getTime()) d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

const ROLE: Record<Speaker, Role> = { agent: 'agent', customer: 'customer', bot: 'bot', system: 'system' };

function transcriptColumn(header: string[], rows: CsvRecord[], table: SpeakerTable): number | undefined {
  const names = header.map(squash);
  const strong = names.findIndex((n) => STRONG_COLUMNS.includes(n));
  if (strong >= 0) return strong;
  for (let i = 0; i < names.length; i++) {
    if (!WEAK_COLUMNS.includes(names[i]!)) continue;
    const values = rows.map((r) => r.fields[i]?.value ?? '');
    if (values.some((v) => splitTurns(v, table).length > 0 && v.includes('\n'))) return i;
  }
  return undefined;
}

async function* readTranscripts(ctx: ReadContext): AsyncIterable<Ticket> {
  const table = speakerTable(ctx.options.transcript);
  let header: string[] | null = null;
  let col: number | undefined;
  let cols: ReturnType<typeof mapHeader> = {};
  let agentCol = -1;
  let customerCol = -1;
  const unknownSpeakers = new Set<string>();
  let firstUnknownLine: number | null = null;
  let noTurns = 0;
  let firstNoTurns: number | null = null;
  const pendingRows: CsvRecord[] = [];

  const toTicket = (record: CsvRecord): Ticket | null => {
    const field: CsvField | undefined = record.fields[col!];
    if (!field || field.value.trim() === '') return null;
    const get = (i: number | undefined): string | null => (i === undefined || i < 0 ? null : record.fields[i]?.value.trim() || null);
    const ticketId = get(cols.ticket_id) ?? get(cols.message_id) ?? `line-${record.line}`;
    const channel = get(cols.channel)?.toLowerCase() ?? null;
    const rowDate = parseTimestamp(get(cols.created_at) ?? '');
    const agentName = get(agentCol)?.toLowerCase() ?? null;
    const customerName = get(customerCol)?.toLowerCase() ?? null;
    let turns = splitTurns(field.value, table);
    if (turns.length === 0) {
      if (noTurns++ === 0) firstNoTurns = field.line;
      turns = [{ speakerName: '', time: null, bodyStart: 0, bodyEnd: field.value.length }];
    }
    const messages: Message[] = [];
    let previous: Date | null = null;
    turns.forEach((turn, n) => {
      let body = field.value.slice(turn.bodyStart, turn.bodyEnd);
      const trimmed = body.replace(/\s+$/u, '');
      body = trimmed;
      if (body.trim() === '') return;
      const known = turn.speakerName ? classify(turn.speakerName, table) : null;
      let role: Role = 'customer';
      let author: string | null = turn.speakerName || null;
      const lower = turn.speakerName.toLowerCase();
      if (known) {
        role = ROLE[known.speaker];
        author = known.person;
      } else if (agentName && (lower === agentName || agentName.startsWith(`${lower} `))) role = 'agent';
      else if (customerName && (lower === customerName || customerName.startsWith(`${lower} `))) role = 'customer';
      else if (turn.speakerName) {
        if (unknownSpeakers.size === 0) firstUnknownLine = fieldLocator(field).locate(turn.bodyStart).line;
        if (unknownSpeakers.size < 50) unknownSpeakers.add(turn.speakerName);
      }
      const createdAt = turnTime(turn.time, rowDate, previous);
      if (createdAt) previous = createdAt;
      messages.push({
        id: `${ticketId}-${n + 1}`,
        ticketId,
        role,
        author,
        public: true,
        channel,
        createdAt: createdAt ?? (n === 0 ? rowDate : null),
        body,
        locator: fieldLocator(field, turn.bodyStart, body.length),
        ...(turn.speakerName ? { meta: { speaker: turn.speakerName } } : {}),
      });
    });
    return { id: ticketId, file: ctx.file, format: 'transcript', channel, messages };
  };

  const start = (rows: CsvRecord[]): boolean => {
    col = transcriptColumn(header!, rows, table);
    if (col === undefined) {
      ctx.problem(1, `no transcript column in the header (${header!.join(', ')}); expected one named transcript, conversation, chat or dialogue`, 'error');
      return false;
    }
    return true;
  };

  let started = false;
  for await (const record of csvRecords(ctx, delimiterFor(ctx.ext))) {
    if (!header) {
      header = record.fields.map((f) => f.value);
      cols = mapHeader(header, ctx.options.columns);
      const names = header.map(squash);
      agentCol = names.findIndex((n) => AGENT_NAME_COLUMNS.includes(n));
      customerCol = names.findIndex((n) => CUSTOMER_NAME_COLUMNS.includes(n));
      continue;
    }
    if (record.fields.length !== header.length) ctx.problem(record.line, `expected ${header.length} fields, found ${record.fields.length}`, 'error');
    if (!started) {
      // A weak column name needs a look at a few rows to be sure it holds conversations.
      pendingRows.push(record);
      if (pendingRows.length < 20) continue;
      if (!start(pendingRows)) return;
      started = true;
      for (const r of pendingRows.splice(0)) {
        const t = toTicket(r);
        if (t) yield t;
      }
      continue;
    }
    const t = toTicket(record);
    if (t) yield t;
  }
  if (!header) {
    ctx.problem(null, 'empty file: no header row', 'error');
    return;
  }
  if (!started) {
    if (!start(pendingRows)) return;
    for (const r of pendingRows.splice(0)) {
      const t = toTicket(r);
      if (t) yield t;
    }
  }
  if (unknownSpeakers.size > 0) {
    const names = [...unknownSpeakers].slice(0, 5).map((n) => `"${n}"`).join(', ');
    ctx.problem(
      firstUnknownLine,
      `speakers ${names}${unknownSpeakers.size > 5 ? ', ...' : ''} are not known prefixes: their turns were treated as the customer's and not checked; name them in .ticketlintrc.yaml (transcript: { agent: [...] })`,
      'warning',
    );
  }
  if (noTurns > 0) {
    ctx.problem(firstNoTurns, `${noTurns} transcripts have no speaker prefixes (Agent:, Customer:, ...): read as one customer message each`, 'warning');
  }
}

export const transcriptReader: InputReader = {
  format: 'transcript',
  sniff(head, ext) {
    if (ext !== 'csv' && ext !== 'tsv' && ext !== '') return 0;
    const rows = csvHead(head, 20, delimiterFor(ext));
    const header = rows[0]?.fields.map((f) => f.value);
    if (!header) return 0;
    const table = speakerTable(undefined);
    const col = transcriptColumn(header, rows.slice(1), table);
    if (col === undefined) return 0;
    // A per-message export that merely has a "conversation" column is generic: it has a body column too.
    const names = header.map(squash);
    if (!STRONG_COLUMNS.includes(names[col]!) && mapHeader(header).body !== undefined) return 0;
    return 8;
  },
  read: readTranscripts,
};
