import type { Message, Ticket } from '../types.js';
import type { CsvRecord } from './csv-tokenizer.js';
import { csvHeader, csvRecords, fieldLocator } from './csv-records.js';
import { parseBoolean, parseTimestamp } from './fields.js';
import { Fifo } from './fifo.js';
import type { InputReader, ReadContext } from './reader.js';

/**
 * The Twitter customer-support dataset (twcs.csv, shared/research/support-qa.md §2.12): one row
 * per tweet, `tweet_id, author_id, inbound, created_at, text, response_tweet_id,
 * in_response_to_tweet_id`. Threads are rebuilt by following `in_response_to_tweet_id` to the
 * root tweet; the root's id is the ticket id. `inbound` False is the brand (agent).
 *
 * Bounded memory: the file is ~2.8M rows, clustered by conversation but not sorted (a reply can
 * come before the tweet it answers). A thread stays open while tweets keep joining it; once
 * `ticketWindow` rows (default 50,000) pass without one, it is emitted and dropped. What is kept:
 * the open threads' tweets, an index from their tweet ids (and the parent ids they wait for) to
 * the thread, and for emitted threads only a tweet id → root id map capped at `ticketWindow`
 * entries, so a straggler reply still carries its thread's ticket id (as a separate ticket).
 */

const COLUMNS = ['tweet_id', 'author_id', 'inbound', 'created_at', 'text', 'response_tweet_id', 'in_response_to_tweet_id'] as const;
type Column = (typeof COLUMNS)[number];
const squash = (s: string): string => s.trim().toLowerCase().replace(/[\s_\-.]+/g, '');

/**
 * Agent sign-offs at the end of a brand tweet: `^AB`, `-JD`, `/AB`, `~KM`, `*TJ`, before any
 * trailing links. Initials are 1–3 capitals (an optional lower-case letter inside, `^JoB`).
 */
const SIGNATURE = /(?:^|\s)[\^\-/~*–—]\s?([A-Z](?:[a-z]?[A-Z]){0,2})\s*(?:https?:\/\/\S+\s*)*$/u;

export function signatureOf(text: string): string | null {
  return SIGNATURE.exec(text)?.[1] ?? null;
}

interface Tweet {
  id: string;
  parent: string | null;
  message: Message;
}

interface Thread {
  tweets: Tweet[];
  /** Parent ids referenced by members but not (yet) seen. */
  awaiting: Set<string>;
  lastRow: number;
  /** Ticket id of an already emitted thread this one continues (a late reply). */
  continues: string | null;
}

const compareIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

function toTicket(thread: Thread, file: string): Ticket {
  const members = new Set(thread.tweets.map((t) => t.id));
  const ordered = [...thread.tweets].sort(
    (a, b) => (a.message.createdAt?.getTime() ?? 0) - (b.message.createdAt?.getTime() ?? 0) || compareIds(a.id, b.id),
  );
  const root = ordered.find((t) => !t.parent || !members.has(t.parent)) ?? ordered[0]!;
  const ticketId = thread.continues ?? root.id;
  const messages = ordered.map((t) => ({ ...t.message, ticketId }));
  return { id: ticketId, file, format: 'twcs', channel: 'twitter', messages };
}

async function* readTwcs(ctx: ReadContext): AsyncIterable<Ticket> {
  const window = Math.max(1, ctx.options.ticketWindow ?? 50_000);
  let cols: Partial<Record<Column, number>> | null = null;
  let width = 0;
  const index = new Map<string, Thread>();
  // Activity queue: a thread is queued each time a tweet joins it; an entry whose row is no longer
  // the thread's last activity is stale and skipped (see fifo.ts for why not a re-ordered Map).
  const queue = new Fifo<{ thread: Thread; row: number }>();
  const open = new Set<Thread>();
  const closedRoot = new Map<string, string>();
  const closedOrder = new Fifo<string>();
  let row = 0;
  let badDates = 0;

  const emit = (thread: Thread): Ticket => {
    open.delete(thread);
    const ticket = toTicket(thread, ctx.file);
    for (const t of thread.tweets) {
      if (index.get(t.id) === thread) index.delete(t.id);
      closedRoot.set(t.id, ticket.id!);
      closedOrder.push(t.id);
    }
    for (const id of thread.awaiting) if (index.get(id) === thread) index.delete(id);
    while (closedRoot.size > window) closedRoot.delete(closedOrder.shift()!);
    return ticket;
  };

  const merge = (into: Thread, from: Thread): void => {
    for (const t of from.tweets) {
      into.tweets.push(t);
      index.set(t.id, into);
    }
    for (const id of from.awaiting) {
      into.awaiting.add(id);
      index.set(id, into);
    }
    into.continues ??= from.continues;
    open.delete(from);
  };

  const toTweet = (record: CsvRecord): Tweet | null => {
    const get = (c: Column): string | undefined => {
      const i = cols![c];
      return i === undefined ? undefined : record.fields[i]?.value;
    };
    if (record.fields.length !== width) ctx.problem(record.line, `expected ${width} fields, found ${record.fields.length}`, 'error');
    const textField = record.fields[cols!.text!];
    const id = get('tweet_id')?.trim();
    if (!textField || !id) return null;
    const inbound = parseBoolean(get('inbound') ?? '');
    const authorId = get('author_id')?.trim() || null;
    const created = get('created_at') ?? '';
    const createdAt = parseTimestamp(created);
    if (created.trim() && !createdAt && badDates++ === 0) ctx.problem(record.line, `unreadable created_at "${created}" (expected a Twitter date)`, 'warning');
    // Unknown direction: never judge what may be the customer's words.
    const role = inbound === false ? 'agent' : 'customer';
    const initials = role === 'agent' ? signatureOf(textField.value) : null;
    const parent = get('in_response_to_tweet_id')?.trim().split(/[\s,]+/)[0] || null;
    return {
      id,
      parent,
      message: {
        id,
        ticketId: null,
        role,
        author: initials && authorId ? `${initials}@${authorId}` : (initials ?? authorId),
        public: true,
        channel: 'twitter',
        createdAt,
        body: textField.value,
        locator: fieldLocator(textField),
        ...(initials ? { meta: { brand: authorId, initials } } : {}),
      },
    };
  };

  for await (const record of csvRecords(ctx)) {
    if (!cols) {
      const header = record.fields.map((f) => squash(f.value));
      width = header.length;
      cols = {};
      for (const c of COLUMNS) {
        const i = header.indexOf(squash(c));
        if (i >= 0) cols[c] = i;
      }
      const missing = (['tweet_id', 'text'] as const).filter((c) => cols![c] === undefined);
      if (missing.length > 0) {
        ctx.problem(record.line, `not a twcs header: missing ${missing.join(', ')} (expected ${COLUMNS.join(', ')})`, 'error');
        return;
      }
      continue;
    }
    row++;
    const tweet = toTweet(record);
    if (!tweet) continue;

    const joined = new Set<Thread>();
    const waiting = index.get(tweet.id); // a reply to this tweet came first
    if (waiting) joined.add(waiting);
    const parentThread = tweet.parent ? index.get(tweet.parent) : undefined;
    if (parentThread) joined.add(parentThread);
    let thread: Thread;
    if (joined.size === 0) {
      thread = { tweets: [], awaiting: new Set(), lastRow: row, continues: null };
      if (tweet.parent) thread.continues = closedRoot.get(tweet.parent) ?? null;
    } else {
      const [first, ...rest] = [...joined].sort((a, b) => b.tweets.length - a.tweets.length);
      thread = first!;
      for (const other of rest) merge(thread, other);
    }
    thread.tweets.push(tweet);
    index.set(tweet.id, thread);
    thread.awaiting.delete(tweet.id);
    // The parent is neither a member nor awaited yet (nor already emitted): wait for it.
    if (tweet.parent && index.get(tweet.parent) !== thread && !closedRoot.has(tweet.parent)) {
      thread.awaiting.add(tweet.parent);
      index.set(tweet.parent, thread);
    }
    thread.lastRow = row;
    open.add(thread);
    queue.push({ thread, row });

    for (;;) {
      const head = queue.peek();
      if (!head) break;
      if (!open.has(head.thread) || head.row !== head.thread.lastRow) {
        queue.shift(); // superseded by later activity, or merged away
        continue;
      }
      if (row - head.row < window) break;
      queue.shift();
      yield emit(head.thread);
    }
  }
  if (!cols) ctx.problem(null, 'empty file: no header row', 'error');
  for (;;) {
    const head = queue.shift();
    if (!head) break;
    if (open.has(head.thread) && head.row === head.thread.lastRow) yield emit(head.thread);
  }
}

export const twcsReader: InputReader = {
  format: 'twcs',
  sniff(head, ext) {
    if (ext !== 'csv' && ext !== '') return 0;
    const header = csvHeader(head).map(squash);
    if (header.includes('tweetid') && header.includes('inbound')) return 10;
    return 0;
  },
  read: readTwcs,
};
