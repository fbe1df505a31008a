import { describe, expect, it } from 'vitest';
import { cliJson, detectedFormat, expectPointsAtSource, fixture, lint, policyFindings, positionOf, readContent, readPath } from './read-helpers.js';

const CHATS = fixture('transcript/chats.csv');

// Linting compiles every rule pack and the CLI tests spawn the binary: slow on a loaded machine.
describe('transcript reader', { timeout: 120_000 }, () => {
  it('splits each transcript into turns with roles, authors, times and ids', async () => {
    const { tickets, problems, byId } = await readPath(CHATS);
    expect(problems).toEqual([]);
    expect(tickets.map((t) => [t.id, t.format, t.channel, t.messages.length])).toEqual([
      ['CH-2001', 'transcript', 'chat', 4],
      ['CH-2002', 'transcript', 'chat', 3],
      ['CH-2003', 'transcript', 'phone', 2],
    ]);
    // Named speakers are placed by the row's agent and customer columns.
    expect(byId.get('CH-2001-1')).toMatchObject({ role: 'customer', author: 'Peter Novak', body: 'Hi, I want to return my "smart" kettle, bought 6 weeks ago.\nIt leaks.' });
    expect(byId.get('CH-2001-1')!.createdAt?.toISOString()).toBe('2024-06-10T14:02:00.000Z');
    expect(byId.get('CH-2001-2')).toMatchObject({ role: 'agent', author: 'Ana Costa' });
    expect(byId.get('CH-2001-4')!.createdAt?.toISOString()).toBe('2024-06-10T14:06:00.000Z');
    expect(byId.get('CH-2002-2')).toMatchObject({ role: 'agent', author: null, body: "Sorry about that! I've reset your session; please update to version 4.2 and it should stop." });
    expect(byId.get('CH-2003-1')).toMatchObject({ role: 'customer' });
    expect(byId.get('CH-2003-2')).toMatchObject({ role: 'agent' });
  });

  it('flags the agent turn only, at its own line inside the quoted field', async () => {
    const { findings } = await lint(CHATS);
    const policy = policyFindings(findings);
    // Not "is this your company policy?!" nor the customer quoting "unfortunately our policy doesn't allow".
    expect(policy.map((f) => [f.ticketId, f.messageId, f.author, f.excerpt])).toEqual([['CH-2001', 'CH-2001-4', 'Ana Costa', "our policy doesn't allow"]]);
    expect(policy[0]).toMatchObject(positionOf(CHATS, "our policy doesn't allow refunds after 30 days."));
    expectPointsAtSource(CHATS, findings, (s) => s.replace(/""/g, '"'));
  });

  it('counts doubled quotes before a match on the same line', async () => {
    const csv = 'id,transcript\nT1,"Customer: hi\nAgent: ""Sorry"" - unfortunately our policy doesn\'t allow refunds."\n';
    const { path, messages } = await readContent(csv, 'q.csv');
    const agent = messages.find((m) => m.role === 'agent')!;
    const at = agent.body.indexOf('our policy');
    expect(agent.locator.locate(at)).toEqual({ line: 3, column: 34 });
    expect(csv.split('\n')[2]!.slice(33, 43)).toBe('our policy');
    const { findings } = await lint(path);
    expectPointsAtSource(path, policyFindings(findings), (s) => s.replace(/""/g, '"'));
  });

  it('uses configured prefixes, and treats unknown speakers as the customer with one warning', async () => {
    const csv = 'ticket,conversation\nT9,"Rep Ana: Hello!\nMaria: Hi\nRep Ana: How can I help?\nMaria: My order."\n';
    const plain = await readContent(csv, 'c.csv');
    // "Rep Ana" is the default prefix "rep" plus a name; Maria speaks twice, so she is a speaker (unknown: customer).
    expect(plain.messages.map((m) => [m.role, m.author, m.body])).toEqual([
      ['agent', 'Ana', 'Hello!'],
      ['customer', 'Maria', 'Hi'],
      ['agent', 'Ana', 'How can I help?'],
      ['customer', 'Maria', 'My order.'],
    ]);
    const named = 'id,transcript\nT1,"[10:00] Ana: Hello\n[10:01] Bo: Hi"\n';
    const unknown = await readContent(named, 'n.csv');
    expect(unknown.messages.map((m) => m.role)).toEqual(['customer', 'customer']);
    expect(unknown.problems).toEqual([expect.objectContaining({ level: 'warning', line: 2, message: expect.stringContaining('"Ana", "Bo" are not known prefixes') })]);
    const configured = await readContent(named, 'n.csv', { transcript: { agent: ['Ana:'] } });
    expect(configured.messages.map((m) => m.role)).toEqual(['agent', 'customer']);
  });

  it('does not take "Agent said:" inside a turn for a new speaker', async () => {
    const { messages } = await readContent('id,transcript\nT1,"Customer: my issue\nAgent said this: nothing\nAgent: Sorry! Your order:\nNote: it ships today."\n', 'x.csv');
    expect(messages.map((m) => [m.role, m.body])).toEqual([
      ['customer', 'my issue\nAgent said this: nothing'],
      ['agent', 'Sorry! Your order:\nNote: it ships today.'],
    ]);
  });

  it('is detected from its transcript column (a generic CSV stays generic), and forced with --input-format', async () => {
    expect(await detectedFormat(CHATS)).toBe('transcript');
    expect(await detectedFormat(fixture('generic/tickets.csv'))).toBe('generic');
    const generic = await readContent('conversation,role,text\nC1,agent,Hi\n', 'g.csv');
    expect(generic.tickets[0]!.format).toBe('generic');
    const forced = await readPath(CHATS, { inputFormat: 'transcript' });
    expect(forced.tickets).toHaveLength(3);
  });

  it('CLI: lints the fixture and reports JSON with the source position', () => {
    const { code, findings, summary } = cliJson(['fixtures/transcript/chats.csv']);
    expect(code).toBe(1);
    expect(summary).toMatchObject({ files: 1, tickets: 3, messages: 9 });
    expect(policyFindings(findings).map((f) => [f.messageId, f.line, f.column])).toEqual([
      ['CH-2001-4', ...Object.values(positionOf(CHATS, "our policy doesn't allow refunds after 30 days."))],
    ]);
  });
});
