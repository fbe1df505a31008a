import type { Message, Ticket } from '../types.js';

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
    } else {
      // Re-insert so the Map stays ordered by last activity: the stalest ticket is always first.
      open.delete(message.ticketId);
      open.set(message.ticketId, entry);
    }
    entry.ticket.messages.push(message);
    entry.ticket.channel ??= message.channel;
    entry.lastSeen = n;
    for (const [id, stale] of open) {
      if (n - stale.lastSeen < window) break;
      open.delete(id);
      yield stale.ticket;
    }
  }
  for (const { ticket } of open.values()) yield ticket;
}
