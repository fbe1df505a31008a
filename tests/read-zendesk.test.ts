import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { cliJson, detectedFormat, expectPointsAtSource, fixture, lint, policyFindings, positionOf, readContent, readPath } from './read-helpers.js';

const TICKETS = fixture('zendesk/tickets.json');
const EXPORT = fixture('zendesk/export.jsonl');

// Linting compiles every rule pack and the CLI tests spawn the binary: slow on a loaded machine.
describe('zendesk reader', { timeout: 120_000 }, () => {
  it('maps tickets, comments and sideloaded users', async () => {
    const { tickets, problems, byId } = await readPath(TICKETS);
    expect(problems).toEqual([]);
    expect(tickets.map((t) => [t.id, t.format, t.channel, t.messages.map((m) => m.id)])).toEqual([
      ['35436', 'zendesk', 'email', ['7001', '7002', '7003']],
      ['35437', 'zendesk', 'chat', ['7101', '7102']],
    ]);
    expect(byId.get('7001')).toMatchObject({ ticketId: '35436', role: 'customer', author: 'Maria Lopez', public: true, channel: 'email' });
    expect(byId.get('7001')!.createdAt?.toISOString()).toBe('2024-06-03T09:12:44.000Z');
    expect(byId.get('7002')).toMatchObject({ role: 'agent', author: 'Tom Becker', public: false, channel: 'web' });
    expect(byId.get('7003')).toMatchObject({ role: 'agent', author: 'Tom Becker', public: true });
    // admin → agent; html_body converted to text
    expect(byId.get('7102')).toMatchObject({ role: 'agent', author: 'Ana Silva', channel: 'chat' });
    expect(byId.get('7102')!.body).toBe("Hi Jan, I'm sorry it hasn't arrived.\nI have opened a claim with the courier and sent you a replacement today.");
    expect(byId.get('7101')!.meta).toEqual({ type: 'ChatStartedEvent' });
  });

  it('ignores quoted history and mobile signatures', async () => {
    const { byId } = await readPath(TICKETS);
    const reply = byId.get('7003')!;
    const [[start, end]] = reply.ignoredRanges!;
    expect(reply.body.slice(start!, end)).toMatch(/^On Mon, 3 Jun 2024 at 09:12, Maria Lopez <maria.lopez@example.com> wrote:\n> Hi,\n> Your chat agent/);
    expect(end).toBe(reply.body.length);
    const customer = byId.get('7001')!;
    expect(customer.ignoredRanges!.map(([a, b]) => customer.body.slice(a, b))).toEqual(['Sent from my iPhone']);
  });

  it('flags the agent reply only, at the line and column of the file', async () => {
    const { findings } = await lint(TICKETS);
    const policy = policyFindings(findings);
    expect(policy.map((f) => [f.messageId, f.excerpt, f.author])).toEqual([['7003', "our policy doesn't allow", 'Tom Becker']]);
    // Not the customer's "is this your company policy?!", not the internal note, not the quoted history.
    expect(policy[0]).toMatchObject(positionOf(TICKETS, "our policy doesn't allow refunds after 30 days"));
    expectPointsAtSource(TICKETS, findings);
  });

  it('streams NDJSON exports, one ticket per line, with roles from requester_id', async () => {
    const { tickets, byId, problems } = await readPath(EXPORT);
    expect(problems).toEqual([]);
    expect(tickets.map((t) => t.id)).toEqual(['40001', '40002']);
    expect(byId.get('81')).toMatchObject({ role: 'customer', author: '501' });
    expect(byId.get('82')).toMatchObject({ role: 'agent', public: false });
    expect(byId.get('92')).toMatchObject({ role: 'agent', ticketId: '40002' });
    const { findings } = await lint(EXPORT);
    expect(policyFindings(findings).map((f) => [f.messageId, f.line])).toEqual([['92', 2]]);
    expectPointsAtSource(EXPORT, findings);
  });

  it('reads a bare comments response and guesses the requester from the first comment', async () => {
    const { tickets, problems, messages } = await readContent(
      JSON.stringify({
        comments: [
          { id: 1, ticket_id: 77, author_id: 5, public: true, body: 'Hi', created_at: '2024-05-01T10:00:00Z' },
          { id: 2, ticket_id: 77, author_id: 9, public: true, plain_body: 'Hello!', created_at: '2024-05-01T10:05:00Z' },
        ],
      }),
      'comments.json',
    );
    expect(tickets.map((t) => t.id)).toEqual(['77']);
    expect(messages.map((m) => [m.id, m.role, m.body])).toEqual([['1', 'customer', 'Hi'], ['2', 'agent', 'Hello!']]);
    expect(problems.map((p) => p.level)).toEqual(['warning', 'warning']);
    const text = problems.map((p) => p.message).join('\n');
    expect(text).toMatch(/first public comment was taken as the customer/);
    expect(text).toMatch(/taken as agent replies.*include=users/);
  });

  it('reads a single ticket with comments beside it', async () => {
    const { messages } = await readContent(
      JSON.stringify({ ticket: { id: 5, requester_id: 1 }, comments: [{ id: 10, author_id: 1, body: 'a' }, { id: 11, author_id: 2, body: 'b' }], users: [{ id: 2, name: 'Zoe', role: 'agent' }] }),
      'ticket.json',
    );
    expect(messages.map((m) => [m.ticketId, m.role, m.author])).toEqual([['5', 'customer', '1'], ['5', 'agent', 'Zoe']]);
  });

  it('is detected from its shape, and forced with --input-format', async () => {
    expect(await detectedFormat(TICKETS)).toBe('zendesk');
    expect(await detectedFormat(EXPORT)).toBe('zendesk');
    const dir = tempDir();
    const renamed = join(dir, 'tickets.txt');
    copyFileSync(TICKETS, renamed);
    expect(await detectedFormat(renamed)).toBe('library');
    const { tickets } = await readPath(renamed, { inputFormat: 'zendesk' });
    expect(tickets.map((t) => t.format)).toEqual(['zendesk', 'zendesk']);
  });

  it('refuses another helpdesk\'s tickets when forced, listing the Zendesk shapes', async () => {
    const { problems, tickets } = await readPath(fixture('freshdesk/tickets.json'), { inputFormat: 'zendesk' });
    expect(tickets).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ level: 'error', line: 1 });
    expect(problems[0]!.message).toMatch(/^not a zendesk export; ticketlint reads: Zendesk: \{"comments"/);
  });

  it('CLI: lints the fixture and reports JSON with the source position', () => {
    const { code, findings, summary } = cliJson(['fixtures/zendesk/tickets.json']);
    expect(code).toBe(1);
    expect(summary).toMatchObject({ files: 1, tickets: 2, messages: 5 });
    const policy = policyFindings(findings);
    expect(policy).toHaveLength(1);
    expect(policy[0]).toMatchObject({ file: 'fixtures/zendesk/tickets.json', ticketId: '35436', messageId: '7003', ...positionOf(TICKETS, "our policy doesn't allow refunds after 30 days") });
  });

  it('CLI: --input-format zendesk reads an export whatever its name', () => {
    const dir = tempDir();
    copyFileSync(TICKETS, join(dir, 'export.txt'));
    const { code, findings, summary } = cliJson([join(dir, 'export.txt'), '--input-format', 'zendesk']);
    expect(code).toBe(1);
    expect(summary).toMatchObject({ tickets: 2, messages: 5 });
    expect(policyFindings(findings).map((f) => f.messageId)).toEqual(['7003']);
  });
});
