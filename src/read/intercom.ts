import type { Message, Role, Ticket } from '../types.js';
import type { JsonUnit, Record_ } from './json-input.js';
import { isObject } from './json-input.js';
import { byDate, dateOf, headKeys, idOf, isJsonHead, readJsonTickets, stringOf, textField } from './json-fields.js';
import { ignoredRangesOf } from './quoted-text.js';
import type { InputReader, ReadContext } from './reader.js';

/**
 * Intercom conversations (shared/research/support-qa.md §2.3): `source` is the first message and
 * `conversation_parts` the rest (the API nests them as `{type: "conversation_part.list",
 * conversation_parts: [...]}`; exporters often flatten that to a list). Bodies are HTML,
 * `created_at` unix seconds. Only parts with text are messages: `comment` (and `quick_reply`,
 * `assignment` or `close` written with a reply) are public, `note` is internal; the rest
 * (`open`, `snoozed`, attribute updates) are events.
 */

const AUTHOR_ROLES: Record<string, Role> = {
  admin: 'agent', team: 'agent', teammate: 'agent', user: 'customer', lead: 'customer', contact: 'customer', visitor: 'customer', bot: 'bot',
};

/** `source.type` → channel; "conversation" is the Messenger (chat). */
const SOURCE_CHANNELS: Record<string, string> = { conversation: 'chat', phone_call: 'phone', phone_switch: 'phone' };

function roleOf(author: unknown, fallback: Role): { role: Role; name: string | null } {
  if (!isObject(author)) return { role: fallback, name: null };
  const type = stringOf(author.type)?.toLowerCase();
  return { role: (type && AUTHOR_ROLES[type]) || fallback, name: stringOf(author.name) ?? stringOf(author.email) ?? idOf(author.id) };
}

function partsOf(conversation: Record_): unknown[] {
  const parts = conversation.conversation_parts;
  if (Array.isArray(parts)) return parts;
  if (isObject(parts) && Array.isArray(parts.conversation_parts)) return parts.conversation_parts;
  return [];
}

const isConversation = (x: unknown): x is Record_ =>
  isObject(x) && (x.type === 'conversation' || 'conversation_parts' in x || ('source' in x && isObject(x.source) && 'delivered_as' in x.source));

function ticketFrom(unit: JsonUnit, conversation: Record_, file: string): Ticket {
  const ticketId = idOf(conversation.id);
  const source = isObject(conversation.source) ? conversation.source : isObject(conversation.conversation_message) ? conversation.conversation_message : null;
  const sourceType = stringOf(source?.type)?.toLowerCase() ?? null;
  const channel = sourceType ? (SOURCE_CHANNELS[sourceType] ?? sourceType) : null;
  const messages: Message[] = [];
  // E-mail conversations carry quoted history; chat turns do not (a '>' there is the writer's own).
  const ignore = (body: string): Pick<Message, 'ignoredRanges'> => {
    const ranges = channel === 'email' ? ignoredRangesOf(body) : undefined;
    return ranges ? { ignoredRanges: ranges } : {};
  };

  if (source) {
    const text = textField(unit, source, 'body', 'auto');
    if (text && text.body.trim() !== '') {
      const delivered = stringOf(source.delivered_as);
      const { role, name } = roleOf(source.author, delivered && delivered !== 'customer_initiated' ? 'agent' : 'customer');
      messages.push({
        id: idOf(source.id) ?? (ticketId ? `${ticketId}-source` : null),
        ticketId,
        role,
        author: name,
        public: true,
        channel,
        createdAt: dateOf(conversation.created_at),
        body: text.body,
        locator: text.locator,
        ...ignore(text.body),
        meta: { partType: 'source' },
      });
    }
  }

  const parts = byDate(partsOf(conversation).filter(isObject), (p) => dateOf(p.created_at));
  parts.forEach((part, n) => {
    const partType = stringOf(part.part_type)?.toLowerCase() ?? 'comment';
    const text = textField(unit, part, 'body', 'auto');
    if (!text || text.body.trim() === '') return; // an event (assignment, close, snooze) without a message
    const { role, name } = roleOf(part.author, 'customer');
    messages.push({
      id: idOf(part.id) ?? (ticketId ? `${ticketId}-${n + 1}` : null),
      ticketId,
      role,
      author: name,
      public: !partType.includes('note'),
      channel,
      createdAt: dateOf(part.created_at),
      body: text.body,
      locator: text.locator,
      ...ignore(text.body),
      meta: { partType },
    });
  });
  return { id: ticketId, file, format: 'intercom', channel, messages };
}

function ticketsOf(unit: JsonUnit, file: string): Ticket[] | null {
  const v = unit.value;
  const list = Array.isArray(v) ? v : isObject(v) && Array.isArray(v.conversations) ? v.conversations : null;
  if (list) {
    if (list.length === 0) return [];
    if (!list.every(isConversation)) return null;
    return list.map((c) => ticketFrom(unit, c, file));
  }
  if (isObject(v) && isObject(v.conversation) && isConversation(v.conversation)) return [ticketFrom(unit, v.conversation, file)];
  if (isConversation(v)) return [ticketFrom(unit, v, file)];
  return null;
}

export const intercomReader: InputReader = {
  format: 'intercom',
  sniff(head, ext) {
    if (!isJsonHead(head, ext)) return 0;
    const keys = headKeys(head);
    if (keys.has('conversation_parts')) return 10;
    if (keys.has('delivered_as') && keys.has('source')) return 9;
    if (/"type"\s*:\s*"conversation(?:\.list)?"/.test(head)) return 8;
    return 0;
  },
  read: (ctx: ReadContext) => readJsonTickets(ctx, 'intercom', (unit) => ticketsOf(unit, ctx.file)),
};
