import { describe, expect, it } from 'vitest';
import { groupTickets } from '../src/read/group-tickets.js';
import { fixedLocator } from '../src/read/locator.js';
import type { Message, Ticket } from '../src/types.js';

const message = (ticketId: string | null, id: string): Message => ({
  id,
  ticketId,
  role: 'agent',
  author: null,
  public: true,
  channel: null,
  createdAt: null,
  body: id,
  locator: fixedLocator({ line: 1, column: 1 }),
});

async function group(list: Message[], window?: number): Promise<Array<[string | null, string[]]>> {
  const out: Ticket[] = [];
  async function* source(): AsyncIterable<Message> {
    yield* list;
  }
  for await (const t of groupTickets(source(), 'f', 'generic', window)) out.push(t);
  return out.map((t) => [t.id, t.messages.map((m) => m.id!)]);
}

describe('grouping messages into tickets', () => {
  it('keeps interleaved tickets together and emits them stalest first', async () => {
    const list = [message('A', 'a1'), message('B', 'b1'), message('A', 'a2'), message(null, 'x'), message('C', 'c1'), message('B', 'b2')];
    expect(await group(list)).toEqual([[null, ['x']], ['A', ['a1', 'a2']], ['C', ['c1']], ['B', ['b1', 'b2']]]);
  });

  it('closes a ticket once `window` messages pass without one of its own', async () => {
    const list = [message('A', 'a1'), message('B', 'b1'), message('B', 'b2'), message('A', 'a2')];
    expect(await group(list, 2)).toEqual([['A', ['a1']], ['B', ['b1', 'b2']], ['A', ['a2']]]);
    expect(await group(list, 3)).toEqual([['B', ['b1', 'b2']], ['A', ['a1', 'a2']]]);
  });

  it('handles many open tickets that take turns, each kept whole', async () => {
    const list: Message[] = [];
    for (let i = 0; i < 60_000; i++) list.push(message(`T${(i * 7919) % 20_000}`, `m${i}`));
    const tickets = await group(list, 50_000);
    expect(tickets).toHaveLength(20_000);
    expect(tickets.reduce((n, [, ids]) => n + ids.length, 0)).toBe(60_000);
  });
});
