import type { Message, Ticket } from '../types.js';
import type { JsonUnit, Record_ } from './json-input.js';
import { isObject } from './json-input.js';
import { byDate, dateOf, firstText, headKeys, idOf, isJsonHead, readJsonTickets, stringOf } from './json-fields.js';
import { ignoredRangesOf } from './quoted-text.js';
import type { InputReader, ReadContext } from './reader.js';

/**
 * Freshdesk API v2 exports (shared/research/support-qa.md §2.2): a ticket (or a list of them) with
 * `description_text` (the customer's first message, not part of the conversations list) and
 * `conversations` (`GET /tickets/{id}?include=conversations`, or merged in by the exporter), or a
 * bare `GET /tickets/{id}/conversations` list. `incoming: true` is the customer, `private: true`
 * an internal note.
 */

/** Ticket `source` (Freshdesk docs: 1 email, 2 portal, 3 phone, 7 chat, 9 feedback widget, 10 outbound email; older accounts also 4-6, 8, 11). */
const TICKET_SOURCES: Record<number, string> = {
  1: 'email', 2: 'portal', 3: 'phone', 4: 'forum', 5: 'twitter', 6: 'facebook', 7: 'chat', 8: 'mobihelp', 9: 'feedback-widget', 10: 'email', 11: 'ecommerce',
};
/** Conversation `source` values that change where the reply is read: a tweet or a Facebook post is public. */
const CONVERSATION_SOURCES: Record<number, string> = { 5: 'twitter', 7: 'facebook', 9: 'phone' };
const OUTBOUND_EMAIL = 10;

function sourceChannel(source: unknown, table: Record<number, string>): string | null {
  if (typeof source === 'number') return table[source] ?? null;
  return stringOf(source)?.toLowerCase() ?? null;
}

const isTicket = (x: unknown): x is Record_ =>
  isObject(x) && ('description_text' in x || 'description' in x || 'conversations' in x || ('requester_id' in x && 'subject' in x));
const isConversation = (x: unknown): x is Record_ => isObject(x) && ('incoming' in x || 'private' in x) && ('body_text' in x || 'body' in x);

const TEXT_KEYS = [
  { key: 'body_text', html: false },
  { key: 'body', html: true },
];

function ticketFrom(unit: JsonUnit, ticket: Record_ | null, conversations: unknown[], file: string): Ticket {
  const ticketId = idOf(ticket?.id) ?? (conversations.map((c) => (isObject(c) ? idOf(c.ticket_id) : null)).find((x) => x) ?? null);
  const channel = sourceChannel(ticket?.source, TICKET_SOURCES);
  const requesterId = idOf(ticket?.requester_id);
  const requester = isObject(ticket?.requester) ? ticket.requester : null;
  const requesterName = stringOf(requester?.name) ?? stringOf(requester?.email) ?? requesterId;
  const messages: Message[] = [];

  if (ticket) {
    const description = firstText(unit, ticket, [
      { key: 'description_text', html: false },
      { key: 'description', html: true },
    ]);
    if (description) {
      // An outbound e-mail ticket starts with the agent's own message.
      const outbound = ticket.source === OUTBOUND_EMAIL;
      const ignored = ignoredRangesOf(description.body);
      messages.push({
        id: ticketId ? `${ticketId}-description` : null,
        ticketId,
        role: outbound ? 'agent' : 'customer',
        author: outbound ? idOf(ticket.responder_id) : requesterName,
        public: true,
        channel,
        createdAt: dateOf(ticket.created_at),
        body: description.body,
        locator: description.locator,
        ...(ignored ? { ignoredRanges: ignored } : {}),
        meta: { description: true },
      });
    }
  }

  const ordered = byDate(conversations.filter(isObject), (c) => dateOf(c.created_at));
  ordered.forEach((c, n) => {
    const text = firstText(unit, c, TEXT_KEYS);
    if (!text) return;
    const incoming = c.incoming === true || c.incoming === 'true';
    const isPrivate = c.private === true || c.private === 'true';
    const userId = idOf(c.user_id);
    const author = userId && userId === requesterId ? requesterName : (userId ?? stringOf(c.from_email));
    const ignored = ignoredRangesOf(text.body);
    messages.push({
      id: idOf(c.id) ?? (ticketId ? `${ticketId}-${n + 1}` : null),
      ticketId,
      role: incoming ? 'customer' : 'agent',
      author,
      public: !isPrivate,
      channel: sourceChannel(c.source, CONVERSATION_SOURCES) ?? channel,
      createdAt: dateOf(c.created_at),
      body: text.body,
      locator: text.locator,
      ...(ignored ? { ignoredRanges: ignored } : {}),
    });
  });
  return { id: ticketId, file, format: 'freshdesk', channel, messages };
}

function ticketsOf(unit: JsonUnit, file: string): Ticket[] | null {
  const v = unit.value;
  if (Array.isArray(v)) {
    if (v.length === 0) return [];
    if (v.every(isConversation)) return [ticketFrom(unit, null, v, file)];
    if (!v.every(isTicket)) return null;
    return v.map((t) => ticketFrom(unit, t, Array.isArray(t.conversations) ? t.conversations : [], file));
  }
  if (!isObject(v)) return null;
  if (Array.isArray(v.tickets) && v.tickets.every(isTicket)) {
    return v.tickets.map((t) => ticketFrom(unit, t, Array.isArray(t.conversations) ? t.conversations : [], file));
  }
  if (isTicket(v) && ('description_text' in v || 'requester_id' in v)) {
    return [ticketFrom(unit, v, Array.isArray(v.conversations) ? v.conversations : [], file)];
  }
  if (Array.isArray(v.conversations) && v.conversations.every(isConversation)) return [ticketFrom(unit, null, v.conversations, file)];
  return null;
}

export const freshdeskReader: InputReader = {
  format: 'freshdesk',
  sniff(head, ext) {
    if (!isJsonHead(head, ext)) return 0;
    const keys = headKeys(head);
    if (keys.has('description_text') && keys.has('conversations')) return 10;
    if (keys.has('incoming') && keys.has('body_text')) return 9;
    if (keys.has('description_text') && keys.has('requester_id')) return 8;
    return 0;
  },
  read: (ctx: ReadContext) => readJsonTickets(ctx, 'freshdesk', (unit) => ticketsOf(unit, ctx.file)),
};
