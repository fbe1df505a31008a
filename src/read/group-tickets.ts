import type { Message, Ticket } from '../types.js';
import { Fifo } from './fifo.js';

/**
 * Groups a stream of messages into tickets in bounded memory. Exports are usually sorted by
 * ticket, but warehouse dumps interleave tickets by time; a ticket stays open until `window`
 * messages of other tickets have passed without one of its own, then it is checked and dropped.
 */
export async function* groupTickets(
  messages: AsyncIterable<Message>,
  file: string,
  format: string,
  window = 50_000,
): AsyncIterable<Ticket> {
  const open = new Map<string, { ticket: Ticket; lastSeen: number }>();
  // Every message queues its ticket; an entry older than the ticket's last message is skipped.
  const activity = new Fifo<{ id: string; seen: number }>();
  let n = 0;
  for await (const message of messages) {
    n++;
    if (message.ticketId == null) {
      yield { id: null, file, format, channel: message.channel, messages: [message] };
      continue;
    }
    let entry = open.get(message.ticketId);
    if (!entry) {
      entry = { ticket: { id: message.ticketId, file, format, channel: message.channel, messages: [] }, lastSeen: n };
      open.set(message.ticketId, entry);
    }
    entry.ticket.messages.push(message);
    entry.ticket.channel ??= message.channel;
    entry.lastSeen = n;
    activity.push({ id: message.ticketId, seen: n });
    for (;;) {
      const head = activity.peek();
      if (!head) break;
      const stale = open.get(head.id);
      if (!stale || stale.lastSeen !== head.seen) {
        activity.shift();
        continue;
      }
      if (n - stale.lastSeen < window) break;
      activity.shift();
      open.delete(head.id);
      yield stale.ticket;
    }
  }
  // The rest, stalest first.
  for (;;) {
    const head = activity.shift();
    if (!head) break;
    const entry = open.get(head.id);
    if (entry && entry.lastSeen === head.seen) {
      open.delete(head.id);
      yield entry.ticket;
    }
  }
}
