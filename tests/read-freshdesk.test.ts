import { describe, expect, it } from 'vitest';
import { cliJson, detectedFormat, expectPointsAtSource, fixture, lint, policyFindings, positionOf, readContent, readPath } from './read-helpers.js';

const TICKETS = fixture('freshdesk/tickets.json');

// Linting compiles every rule pack and the CLI tests spawn the binary: slow on a loaded machine.
describe('freshdesk reader', { timeout: 120_000 }, () => {
  it('maps the description as the first customer message, then the conversations', async () => {
    const { tickets, problems, byId } = await readPath(TICKETS);
    expect(problems).toEqual([]);
    expect(tickets.map((t) => [t.id, t.format, t.channel, t.messages.map((m) => m.id)])).toEqual([
      ['1187', 'freshdesk', 'email', ['1187-description', '48011111001', '48011111002', '48011111003']],
      ['1188', 'freshdesk', 'chat', ['1188-description', '48011111101']],
    ]);
    expect(byId.get('1187-description')).toMatchObject({
      role: 'customer',
      author: 'Léa Martin',
      public: true,
      body: 'My coffee machine broke after five weeks and your shop refused the return. Is this your company policy?!',
    });
    expect(byId.get('1187-description')!.createdAt?.toISOString()).toBe('2024-05-14T07:55:02.000Z');
    expect(byId.get('48011111001')).toMatchObject({ role: 'agent', public: false, author: '48000000777' });
    expect(byId.get('48011111002')).toMatchObject({ role: 'agent', public: true, channel: 'email' });
    expect(byId.get('48011111003')).toMatchObject({ role: 'customer', author: 'Léa Martin' });
    expect(byId.get('48011111003')!.createdAt?.toISOString()).toBe('2024-05-14T10:02:00.000Z');
    // body_text is preferred; without it the HTML body is converted.
    expect(byId.get('48011111101')!.body).toBe("Sorry to hear that! I've booked a free repair pickup for Thursday.");
  });

  it('ignores the quoted reply (French attribution) in the customer message', async () => {
    const { byId } = await readPath(TICKETS);
    const m = byId.get('48011111003')!;
    expect(m.ignoredRanges!.map(([a, b]) => m.body.slice(a, b))).toEqual([
      "Le mar. 14 mai 2024 à 11:14, Cafeterie Support <support@cafeterie.example> a écrit :\n> Unfortunately our policy doesn't allow refunds after 30 days.",
    ]);
  });

  it('flags the public agent reply only, at its place in the file', async () => {
    const { findings } = await lint(TICKETS);
    const policy = policyFindings(findings);
    expect(policy.map((f) => [f.ticketId, f.messageId, f.excerpt])).toEqual([['1187', '48011111002', "our policy doesn't allow"]]);
    expect(policy[0]).toMatchObject(positionOf(TICKETS, "our policy doesn't allow refunds after 30 days.\\n\\nKind"));
    expectPointsAtSource(TICKETS, findings);
  });

  it('reads a bare conversations list, and an outbound e-mail ticket starts with the agent', async () => {
    const list = await readContent(
      JSON.stringify([
        { id: 2, ticket_id: 9, user_id: 1, incoming: true, private: false, body_text: 'Hi', created_at: '2024-01-01T10:05:00Z' },
        { id: 1, ticket_id: 9, user_id: 3, incoming: false, private: false, body_text: 'Earlier', created_at: '2024-01-01T10:00:00Z' },
      ]),
      'conversations.json',
    );
    expect(list.messages.map((m) => [m.ticketId, m.id, m.role])).toEqual([['9', '1', 'agent'], ['9', '2', 'customer']]);
    const outbound = await readContent(JSON.stringify({ id: 4, source: 10, responder_id: 8, requester_id: 2, description_text: 'We noticed a problem with your order.', conversations: [] }), 't.json');
    expect(outbound.messages[0]).toMatchObject({ role: 'agent', author: '8', channel: 'email' });
  });

  it('is detected from its shape, and forced with --input-format', async () => {
    expect(await detectedFormat(TICKETS)).toBe('freshdesk');
    const forced = await readPath(TICKETS, { inputFormat: 'freshdesk' });
    expect(forced.tickets).toHaveLength(2);
    const wrong = await readPath(fixture('intercom/conversations.json'), { inputFormat: 'freshdesk' });
    expect(wrong.problems[0]!.message).toMatch(/^not a freshdesk export; ticketlint reads: Freshdesk: /);
  });

  it('CLI: lints the fixture and reports JSON with the source position', () => {
    const { code, findings, summary } = cliJson(['fixtures/freshdesk/tickets.json']);
    expect(code).toBe(1);
    expect(summary).toMatchObject({ files: 1, tickets: 2, messages: 6 });
    expect(policyFindings(findings).map((f) => [f.messageId, f.line, f.column])).toEqual([
      ['48011111002', ...Object.values(positionOf(TICKETS, "our policy doesn't allow refunds after 30 days.\\n\\nKind"))],
    ]);
  });
});
