import { describe, expect, it } from 'vitest';
import { cliJson, detectedFormat, expectPointsAtSource, fixture, lint, policyFindings, positionOf, readContent, readPath } from './read-helpers.js';

const CONVERSATIONS = fixture('intercom/conversations.json');

// Linting compiles every rule pack and the CLI tests spawn the binary: slow on a loaded machine.
describe('intercom reader', { timeout: 120_000 }, () => {
  it('maps source and conversation parts, skipping events without text', async () => {
    const { tickets, problems, byId } = await readPath(CONVERSATIONS);
    expect(problems).toEqual([]);
    expect(tickets.map((t) => [t.id, t.format, t.channel, t.messages.map((m) => m.id)])).toEqual([
      ['1911149811', 'intercom', 'chat', ['403918396', '22190002', '22190003']],
      ['1911149812', 'intercom', 'email', ['403918500', '22190101']],
    ]);
    const source = byId.get('403918396')!;
    expect(source).toMatchObject({ role: 'customer', author: 'Chen Wei', public: true });
    expect(source.body).toBe('I sent the headphones back 40 days after buying them.\nIs this your company policy?! No refund at all?');
    expect(source.createdAt?.toISOString()).toBe('2024-06-03T09:00:00.000Z');
    expect(byId.get('22190002')).toMatchObject({ role: 'agent', public: false, meta: { partType: 'note' } });
    const reply = byId.get('22190003')!;
    expect(reply).toMatchObject({ role: 'agent', author: 'Sofía Ramírez', public: true, meta: { partType: 'comment' } });
    expect(reply.body).toBe("Hi Chen & thanks for waiting,\nI checked your order. Unfortunately our policy doesn't allow refunds after 30 days.");
    expect(reply.createdAt?.toISOString()).toBe('2024-06-03T10:05:00.000Z');
    expect(byId.get('403918500')).toMatchObject({ role: 'customer', author: 'Olga K.', channel: 'email' });
    expect(byId.get('22190101')).toMatchObject({ role: 'bot', author: 'Fin' });
  });

  it('flags the admin comment only; the columns survive entities and tags before it', async () => {
    const { findings } = await lint(CONVERSATIONS);
    const policy = policyFindings(findings);
    expect(policy.map((f) => [f.messageId, f.author, f.excerpt])).toEqual([['22190003', 'Sofía Ramírez', "our policy doesn't allow"]]);
    expect(policy[0]).toMatchObject(positionOf(CONVERSATIONS, "our policy doesn't allow refunds after 30 days.</p>"));
    expectPointsAtSource(CONVERSATIONS, findings);
  });

  it('accepts a flat conversation_parts list, a bare conversation and an admin-initiated source', async () => {
    const { messages } = await readContent(
      JSON.stringify({
        type: 'conversation',
        id: 7,
        created_at: 1700000000,
        source: { type: 'email', delivered_as: 'admin_initiated', body: '<p>Your invoice&nbsp;is ready.</p>', author: { type: 'admin', name: 'Ina' } },
        conversation_parts: [{ id: 'p1', part_type: 'comment', body: 'Thanks<br>Bo', created_at: 1700000100, author: { type: 'contact', name: 'Bo' } }],
      }),
      'c.json',
    );
    expect(messages.map((m) => [m.id, m.role, m.body])).toEqual([['7-source', 'agent', 'Your invoice is ready.'], ['p1', 'customer', 'Thanks\nBo']]);
  });

  it('is detected from its shape, and forced with --input-format', async () => {
    expect(await detectedFormat(CONVERSATIONS)).toBe('intercom');
    expect((await readPath(CONVERSATIONS, { inputFormat: 'intercom' })).tickets).toHaveLength(2);
    const wrong = await readPath(fixture('twcs/twcs.csv'), { inputFormat: 'intercom' });
    expect(wrong.problems).toEqual([expect.objectContaining({ level: 'error', line: 1, message: expect.stringMatching(/^not JSON: the intercom reader reads JSON/) })]);
  });

  it('CLI: lints the fixture and reports JSON with the source position', () => {
    const { code, findings, summary } = cliJson(['fixtures/intercom/conversations.json']);
    expect(code).toBe(1);
    expect(summary).toMatchObject({ files: 1, tickets: 2, messages: 5 });
    expect(policyFindings(findings).map((f) => [f.messageId, f.line, f.column])).toEqual([
      ['22190003', ...Object.values(positionOf(CONVERSATIONS, "our policy doesn't allow refunds after 30 days.</p>"))],
    ]);
  });
});
