import type { Message, Role, Ticket } from '../types.js';
import { parseRole } from './fields.js';
import type { JsonUnit, Record_ } from './json-input.js';
import { isObject } from './json-input.js';
import { dateOf, firstText, headKeys, idOf, isJsonHead, readJsonTickets, stringOf } from './json-fields.js';
import { ignoredRangesOf } from './quoted-text.js';
import type { InputReader, ReadContext } from './reader.js';

/**
 * Zendesk Support exports (shared/research/support-qa.md §2.1):
 * - the comments endpoint, `{"comments": [...], "users": [...]}` (users sideloaded for roles);
 * - a ticket with its comments, `{"ticket": {..., "comments": [...]}}`, or a page of them,
 *   `{"tickets": [...], "users": [...]}`;
 * - the full JSON export: NDJSON, one ticket with its comments per line.
 *
 * Roles: a sideloaded user's `role` (end-user → customer, agent/admin → agent); without users,
 * the ticket's `requester_id` is the customer and anyone else writing on the ticket is taken as
 * an agent (CCs as customers), which the reader says once per file.
 */

interface ZendeskUser {
  name: string | null;
  role: Role | null;
}

const CHANNEL_ALIASES: Record<string, string> = { mail: 'email', web_form: 'web', native_messaging: 'chat', any_channel: 'api' };

function channelOf(via: unknown): string | null {
  if (!isObject(via)) return null;
  const c = stringOf(via.channel)?.toLowerCase();
  return c ? (CHANNEL_ALIASES[c] ?? c) : null;
}

function usersOf(value: unknown): Map<string, ZendeskUser> {
  const users = new Map<string, ZendeskUser>();
  if (!Array.isArray(value)) return users;
  for (const u of value) {
    if (!isObject(u)) continue;
    const id = idOf(u.id);
    if (!id) continue;
    const role = stringOf(u.role);
    users.set(id, { name: stringOf(u.name), role: role ? parseRole(role) : null });
  }
  return users;
}

interface FileState {
  /** Authors whose role was inferred (no users sideloaded); said once per file. */
  inferred: number;
  guessedRequester: number;
  noComments: number;
}

function idSet(...lists: unknown[]): Set<string> {
  const out = new Set<string>();
  for (const list of lists) if (Array.isArray(list)) for (const v of list) { const id = idOf(v); if (id) out.add(id); }
  return out;
}

function ticketFrom(unit: JsonUnit, ticket: Record_ | null, comments: unknown[], users: Map<string, ZendeskUser>, state: FileState, file: string): Ticket {
  const ticketId = ticket ? idOf(ticket.id) : (comments.map((c) => (isObject(c) ? idOf(c.ticket_id) : null)).find((x) => x) ?? null);
  let requester = ticket ? idOf(ticket.requester_id) : null;
  if (!requester) {
    // Without a requester, the first public comment's author opened the ticket: the customer.
    const first = comments.find((c) => isObject(c) && c.public !== false);
    requester = isObject(first) ? idOf(first.author_id) : null;
    if (requester) state.guessedRequester++;
  }
  const ccs = idSet(ticket?.email_cc_ids, ticket?.collaborator_ids);
  const agents = idSet(ticket?.follower_ids, [ticket?.assignee_id]);
  const ticketChannel = channelOf(ticket?.via);
  const messages: Message[] = [];
  comments.forEach((comment, n) => {
    if (!isObject(comment)) return;
    const text = firstText(unit, comment, [
      { key: 'body', html: false },
      { key: 'plain_body', html: false },
      { key: 'html_body', html: true },
    ]);
    if (!text) return;
    const authorId = idOf(comment.author_id);
    const embedded = isObject(comment.author) ? comment.author : null;
    const user = authorId ? users.get(authorId) : undefined;
    const isPublic = comment.public !== false && comment.public !== 'false';
    let role: Role;
    const embeddedRole = stringOf(embedded?.role);
    if (user?.role) role = user.role;
    else if (embeddedRole && parseRole(embeddedRole)) role = parseRole(embeddedRole)!;
    else if (authorId === '-1') role = 'system';
    else if (authorId && authorId === requester) role = 'customer';
    else if (authorId && agents.has(authorId)) role = 'agent';
    else if (authorId && ccs.has(authorId)) role = 'customer';
    else if (!isPublic) role = 'agent'; // end-users cannot write internal notes
    else if (requester) {
      role = 'agent';
      state.inferred++;
    } else role = 'customer'; // nothing to tell: never judge what may be the customer's words
    const id = idOf(comment.id) ?? (ticketId ? `${ticketId}-${n + 1}` : null);
    const ignored = ignoredRangesOf(text.body);
    messages.push({
      id,
      ticketId,
      role,
      author: user?.name ?? stringOf(embedded?.name) ?? authorId,
      public: isPublic,
      channel: channelOf(comment.via) ?? ticketChannel,
      createdAt: dateOf(comment.created_at),
      body: text.body,
      locator: text.locator,
      ...(ignored ? { ignoredRanges: ignored } : {}),
      ...(typeof comment.type === 'string' && comment.type !== 'Comment' ? { meta: { type: comment.type } } : {}),
    });
  });
  return { id: ticketId, file, format: 'zendesk', channel: ticketChannel ?? messages[0]?.channel ?? null, messages };
}

/** Tickets of one JSON unit, or null when it is not a Zendesk shape. */
function ticketsOf(unit: JsonUnit, state: FileState, file: string): Ticket[] | null {
  const v = unit.value;
  const out: Ticket[] = [];
  const noCommentsBefore = state.noComments;
  const withComments = (t: Record_, users: Map<string, ZendeskUser>, comments?: unknown): void => {
    const list = Array.isArray(comments) ? comments : Array.isArray(t.comments) ? t.comments : null;
    if (!list) {
      state.noComments++;
      return;
    }
    out.push(ticketFrom(unit, t, list, usersOf(t.users).size ? new Map([...users, ...usersOf(t.users)]) : users, state, file));
  };
  if (Array.isArray(v)) {
    if (v.length === 0) return [];
    if (v.every((x) => isObject(x) && 'author_id' in x)) return [ticketFrom(unit, null, v, new Map(), state, file)];
    if (!v.every((x) => isObject(x) && ('comments' in x || 'requester_id' in x))) return null;
    for (const t of v as Record_[]) withComments(t, new Map());
    if (out.length === 0) {
      state.noComments = noCommentsBefore;
      return null;
    }
    return out;
  }
  if (!isObject(v)) return null;
  const users = usersOf(v.users);
  if (isObject(v.ticket)) withComments(v.ticket, users, v.comments);
  else if (Array.isArray(v.tickets)) {
    for (const t of v.tickets) if (isObject(t)) withComments(t, users);
  } else if (Array.isArray(v.comments) && ('requester_id' in v || 'subject' in v)) withComments(v, users);
  else if (Array.isArray(v.comments)) {
    if (!v.comments.every((c) => isObject(c) && ('author_id' in c || 'body' in c))) return null;
    out.push(ticketFrom(unit, null, v.comments, users, state, file));
  } else if ('requester_id' in v && 'id' in v) withComments(v, users);
  else return null;
  // Tickets, but none with comments (a plain /tickets.json page, or another helpdesk's tickets):
  // nothing to lint, and most likely not what the user meant to give us.
  if (out.length === 0 && state.noComments > noCommentsBefore) {
    state.noComments = noCommentsBefore;
    return null;
  }
  return out;
}

async function* readZendesk(ctx: ReadContext): AsyncIterable<Ticket> {
  const state: FileState = { inferred: 0, guessedRequester: 0, noComments: 0 };
  yield* readJsonTickets(ctx, 'zendesk', (unit) => ticketsOf(unit, state, ctx.file));
  if (state.inferred > 0) {
    ctx.problem(null, `${state.inferred} comments by authors with no sideloaded user were taken as agent replies (they are not the requester); export with ?include=users for exact roles`, 'warning');
  }
  if (state.guessedRequester > 0) {
    ctx.problem(null, `no requester_id: the author of the first public comment was taken as the customer (${state.guessedRequester} tickets)`, 'warning');
  }
  if (state.noComments > 0) {
    ctx.problem(null, `${state.noComments} tickets have no comments to lint; export the comments too (GET /api/v2/tickets/{id}/comments, or the JSON export with comments)`, 'warning');
  }
}

export const zendeskReader: InputReader = {
  format: 'zendesk',
  sniff(head, ext) {
    if (!isJsonHead(head, ext)) return 0;
    const keys = headKeys(head);
    if (keys.has('comments') && keys.has('author_id')) return 10;
    if (keys.has('author_id') && (keys.has('plain_body') || keys.has('html_body'))) return 10;
    if (keys.has('requester_id') && keys.has('via') && keys.has('submitter_id')) return 7;
    return 0;
  },
  read: readZendesk,
};
