import { describe, expect, it } from 'vitest';
import { cliJson, detectedFormat, expectPointsAtSource, fixture, lint, policyFindings, positionOf, readContent, readPath } from './read-helpers.js';

const CONVERSATION = fixture('helpscout/conversation.json');

// Linting compiles every rule pack and the CLI tests spawn the binary: slow on a loaded machine.
describe('helpscout reader', { timeout: 120_000 }, () => {
  it('orders the newest-first threads oldest first and maps types to roles', async () => {
    const { tickets, problems, byId } = await readPath(CONVERSATION);
    expect(problems).toEqual([]);
    expect(tickets.map((t) => [t.id, t.format, t.channel, t.messages.map((m) => m.id)])).toEqual([
      ['2391938111', 'helpscout', 'email', ['3998', '4000', '4001']], // the lineitem event is skipped
    ]);
    expect(byId.get('3998')).toMatchObject({ role: 'customer', author: 'Noah Fischer', public: true, channel: 'email' });
    expect(byId.get('3998')!.body).toBe('Hello,\n\nthe desk motor died after 6 weeks. Is this your company policy?! I want my money back.\n\nNoah');
    expect(byId.get('4000')).toMatchObject({ role: 'agent', public: false, meta: { threadType: 'note', state: 'published' } });
    expect(byId.get('4001')).toMatchObject({ role: 'agent', author: 'Mia Wagner', public: true });
    expect(byId.get('4001')!.body).toBe("Hi Noah,\n\nthanks for reaching out. Unfortunately our policy doesn't allow refunds after 30 days.\n\nBest,\nMia");
    expect(byId.get('4001')!.createdAt?.toISOString()).toBe('2024-04-08T09:02:40.000Z');
  });

  it('flags the reply only, at its place in the file', async () => {
    const { findings } = await lint(CONVERSATION);
    const policy = policyFindings(findings);
    expect(policy.map((f) => [f.messageId, f.author, f.excerpt])).toEqual([['4001', 'Mia Wagner', "our policy doesn't allow"]]);
    expect(policy[0]).toMatchObject(positionOf(CONVERSATION, "our policy doesn't allow refunds after 30 days.</div>"));
    expectPointsAtSource(CONVERSATION, findings);
  });

  it('reads a page of conversations and bare threads; drafts and chats', async () => {
    const page = await readContent(
      JSON.stringify({
        _embedded: {
          conversations: [
            {
              id: 1,
              type: 'chat',
              _embedded: {
                threads: [
                  { id: 12, type: 'chat', state: 'draft', body: 'draft', createdBy: { type: 'user', first: 'Al' }, createdAt: '2024-01-01T10:02:00Z' },
                  { id: 11, type: 'chat', body: 'hi', createdBy: { type: 'customer', email: 'c@x.test' }, createdAt: '2024-01-01T10:00:00Z' },
                ],
              },
            },
          ],
        },
      }),
      'page.json',
    );
    expect(page.messages.map((m) => [m.ticketId, m.id, m.role, m.public, m.channel])).toEqual([
      ['1', '11', 'customer', true, 'chat'],
      ['1', '12', 'agent', false, 'chat'],
    ]);
    const bare = await readContent(JSON.stringify({ _embedded: { threads: [{ id: 2, type: 'reply', body: 'b' }, { id: 1, type: 'customer', body: 'a' }] } }), 'threads.json');
    expect(bare.tickets.map((t) => t.id)).toEqual([null]);
    expect(bare.messages.map((m) => m.id)).toEqual(['1', '2']); // undated: the API's order reversed
  });

  it('is detected from its shape, and forced with --input-format', async () => {
    expect(await detectedFormat(CONVERSATION)).toBe('helpscout');
    expect((await readPath(CONVERSATION, { inputFormat: 'helpscout' })).tickets).toHaveLength(1);
    const wrong = await readPath(fixture('zendesk/tickets.json'), { inputFormat: 'helpscout' });
    expect(wrong.problems[0]!.message).toMatch(/^not a helpscout export; ticketlint reads: Help Scout: /);
  });

  it('CLI: lints the fixture and reports JSON with the source position', () => {
    const { code, findings, summary } = cliJson(['fixtures/helpscout/conversation.json']);
    expect(code).toBe(1);
    expect(summary).toMatchObject({ files: 1, tickets: 1, messages: 3 });
    expect(policyFindings(findings).map((f) => [f.messageId, f.line, f.column])).toEqual([
      ['4001', ...Object.values(positionOf(CONVERSATION, "our policy doesn't allow refunds after 30 days.</div>"))],
    ]);
  });
});
