import type { Message, Role, Ticket } from '../types.js';
import type { JsonUnit, Record_ } from './json-input.js';
import { isObject } from './json-input.js';
import { dateOf, headKeys, idOf, isJsonHead, readJsonTickets, stringOf, textField } from './json-fields.js';
import { ignoredRangesOf } from './quoted-text.js';
import type { InputReader, ReadContext } from './reader.js';

/**
 * Help Scout Mailbox API v2 (shared/research/support-qa.md §2.4): conversations with their threads
 * embedded (`_embedded.threads`, HAL), a page of them (`_embedded.conversations`), or a bare
 * threads response. The API lists threads newest first; tickets get them oldest first.
 *
 * Thread `type`: customer (customer), reply/message (agent), note (internal), chat/phone/beaconchat
 * (by `createdBy.type`), forwardparent/forwardchild (sent to a third party: internal here),
 * lineitem (a system event: skipped). Drafts and hidden threads were never sent: internal.
 */

const ROLE_BY_TYPE: Record<string, Role> = { customer: 'customer', reply: 'agent', message: 'agent', note: 'agent', forwardparent: 'agent', forwardchild: 'agent' };
const CREATED_BY: Record<string, Role> = { customer: 'customer', user: 'agent', team: 'agent', system_user: 'system', system: 'system', workflow: 'system' };
const NOT_SENT = new Set(['note', 'forwardparent', 'forwardchild', 'phone']);
const UNSENT_STATES = new Set(['draft', 'hidden', 'underreview']);
const EVENTS = new Set(['lineitem']);

function threadsOf(conversation: Record_): unknown[] | null {
  const embedded = isObject(conversation._embedded) ? conversation._embedded : null;
  if (embedded && Array.isArray(embedded.threads)) return embedded.threads;
  if (Array.isArray(conversation.threads)) return conversation.threads; // API v1, and flattened exports
  return null;
}

function personName(p: unknown): string | null {
  if (!isObject(p)) return null;
  const full = [stringOf(p.first), stringOf(p.last)].filter(Boolean).join(' ');
  return full || stringOf(p.name) || stringOf(p.email) || idOf(p.id);
}

/** Oldest first: by `createdAt` when every thread has one, else the API's newest-first order reversed. */
function oldestFirst(threads: Record_[]): Record_[] {
  const dated = threads.map((t, i) => ({ t, i, d: dateOf(t.createdAt ?? t.created_at) }));
  if (dated.every((x) => x.d)) return dated.sort((a, b) => a.d!.getTime() - b.d!.getTime() || b.i - a.i).map((x) => x.t);
  return [...threads].reverse();
}

function ticketFrom(unit: JsonUnit, conversation: Record_ | null, threads: unknown[], file: string): Ticket {
  const ticketId = idOf(conversation?.id);
  const conversationType = stringOf(conversation?.type)?.toLowerCase() ?? null;
  const messages: Message[] = [];
  for (const thread of oldestFirst(threads.filter(isObject))) {
    const type = stringOf(thread.type)?.toLowerCase() ?? '';
    if (EVENTS.has(type)) continue;
    const text = textField(unit, thread, 'body', 'auto');
    if (!text || text.body.trim() === '') continue;
    const createdBy = isObject(thread.createdBy) ? thread.createdBy : null;
    const byType = stringOf(createdBy?.type)?.toLowerCase();
    const role: Role = ROLE_BY_TYPE[type] ?? (byType ? CREATED_BY[byType] : undefined) ?? 'customer';
    const state = stringOf(thread.state)?.toLowerCase();
    const isPublic = !NOT_SENT.has(type) && !(state && UNSENT_STATES.has(state));
    const source = isObject(thread.source) ? stringOf(thread.source.type)?.toLowerCase() : null;
    const channel = type === 'chat' || type === 'beaconchat' ? 'chat' : type === 'phone' ? 'phone' : (conversationType ?? (source === 'emailfwd' ? 'email' : source) ?? null);
    const ignored = ignoredRangesOf(text.body);
    const savedReplyId = idOf(thread.savedReplyId);
    messages.push({
      id: idOf(thread.id),
      ticketId,
      role,
      author: personName(createdBy),
      public: isPublic,
      channel,
      createdAt: dateOf(thread.createdAt ?? thread.created_at),
      body: text.body,
      locator: text.locator,
      ...(ignored ? { ignoredRanges: ignored } : {}),
      meta: { threadType: type, ...(state ? { state } : {}), ...(savedReplyId && savedReplyId !== '0' ? { savedReplyId } : {}) },
    });
  }
  messages.forEach((m, n) => (m.id ??= ticketId ? `${ticketId}-${n + 1}` : null));
  return { id: ticketId, file, format: 'helpscout', channel: conversationType ?? messages[0]?.channel ?? null, messages };
}

function ticketsOf(unit: JsonUnit, file: string): Ticket[] | null {
  const v = unit.value;
  if (Array.isArray(v)) {
    if (v.length === 0) return [];
    if (!v.every((c) => isObject(c) && threadsOf(c))) return null;
    return (v as Record_[]).map((c) => ticketFrom(unit, c, threadsOf(c)!, file));
  }
  if (!isObject(v)) return null;
  const embedded = isObject(v._embedded) ? v._embedded : null;
  if (embedded && Array.isArray(embedded.conversations)) {
    const out: Ticket[] = [];
    for (const c of embedded.conversations) {
      if (!isObject(c)) continue;
      const threads = threadsOf(c);
      if (threads) out.push(ticketFrom(unit, c, threads, file));
    }
    return out;
  }
  const threads = threadsOf(v);
  if (!threads) return null;
  // A conversation has an id/number; a bare threads response is only the HAL wrapper.
  const isConversation = 'id' in v || 'number' in v || 'subject' in v;
  return [ticketFrom(unit, isConversation ? v : null, threads, file)];
}

export const helpscoutReader: InputReader = {
  format: 'helpscout',
  sniff(head, ext) {
    if (!isJsonHead(head, ext)) return 0;
    const keys = headKeys(head);
    if (keys.has('_embedded') && keys.has('threads')) return 10;
    if (keys.has('threads') && keys.has('createdBy')) return 9;
    return 0;
  },
  read: (ctx: ReadContext) => readJsonTickets(ctx, 'helpscout', (unit) => ticketsOf(unit, ctx.file)),
};
