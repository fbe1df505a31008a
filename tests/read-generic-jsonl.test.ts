import { describe, expect, it } from 'vitest';
import { cliJson, detectedFormat, expectPointsAtSource, fixture, lint, policyFindings, positionOf, readContent, readPath } from './read-helpers.js';

const JSONL = fixture('generic/messages.jsonl');

// Linting compiles every rule pack and the CLI tests spawn the binary: slow on a loaded machine.
describe('generic JSONL reader', { timeout: 120_000 }, () => {
  it('maps the generic fields and their aliases, one message per line', async () => {
    const { tickets, problems, byId } = await readPath(JSONL);
    expect(problems).toEqual([]);
    expect(tickets.map((t) => [t.id, t.format, t.messages.map((m) => m.id)])).toEqual([
      ['T-3001', 'generic', ['T-3001-1', 'T-3001-2', 'T-3001-3']],
      ['T-3002', 'generic', ['T-3002-1', 'T-3002-2']],
    ]);
    expect(byId.get('T-3001-1')).toMatchObject({ role: 'customer', author: 'Kim', channel: 'email', public: true });
    expect(byId.get('T-3001-2')).toMatchObject({ role: 'agent', public: false });
    expect(byId.get('T-3001-3')!.createdAt?.toISOString()).toBe('2024-08-01T10:25:00.000Z');
    // conversation_id / timestamp (unix seconds) / role / text aliases; \u escapes decoded
    expect(byId.get('T-3002-1')).toMatchObject({ ticketId: 'T-3002', role: 'customer', body: 'Hello? Anyone there?' });
    expect(byId.get('T-3002-1')!.createdAt?.toISOString()).toBe('2024-08-01T10:00:00.000Z');
    expect(byId.get('T-3002-2')).toMatchObject({ role: 'agent', body: "Hi! Yes, I'm here – your replacement shipped this morning." });
  });

  it('ignores the signature after "-- "', async () => {
    const { byId } = await readPath(JSONL);
    const m = byId.get('T-3001-3')!;
    expect(m.ignoredRanges!.map(([a, b]) => m.body.slice(a, b))).toEqual(['-- \nLee | Acme Support']);
  });

  it('flags the public agent reply only, at its line and column', async () => {
    const { findings } = await lint(JSONL);
    const policy = policyFindings(findings);
    expect(policy.map((f) => [f.messageId, f.excerpt])).toEqual([['T-3001-3', "our policy doesn't allow"]]);
    expect(policy[0]).toMatchObject(positionOf(JSONL, "our policy doesn't allow refunds after 30"));
    expectPointsAtSource(JSONL, findings);
  });

  it('reads a .json array of generic messages and config column mappings', async () => {
    const { messages } = await readContent(JSON.stringify([{ Case: 'K1', Who: 'agent', Reply: 'Sure' }]), 'm.jsonl', {
      columns: { ticket_id: 'Case', author_role: 'Who', body: 'Reply' },
    });
    expect(messages[0]).toMatchObject({ ticketId: 'K1', role: 'agent', body: 'Sure' });
    const array = await readContent(JSON.stringify([{ ticket_id: 'A', author_role: 'agent', body: 'x' }]), 'a.json');
    expect(array.tickets.map((t) => [t.format, t.id])).toEqual([['generic', 'A']]);
  });

  it('reports a broken line with its number and keeps reading the rest', async () => {
    const { messages, problems } = await readContent('{"ticket_id":"A","body":"one"}\n{"ticket_id":"A","body":"tw\n{"ticket_id":"A","body":"three"}\n', 'b.jsonl');
    expect(messages.map((m) => m.body)).toEqual(['one', 'three']);
    expect(problems).toEqual([expect.objectContaining({ level: 'error', line: 2, message: expect.stringMatching(/^truncated JSON: the line ends before its value is complete/) })]);
  });

  it('is detected as generic for .jsonl, and forced with --input-format', async () => {
    expect(await detectedFormat(JSONL)).toBe('generic');
    const forced = await readPath(JSONL, { inputFormat: 'generic' });
    expect(forced.tickets).toHaveLength(2);
  });

  it('CLI: lints the fixture and reports JSON with the source position', () => {
    const { code, findings, summary } = cliJson(['fixtures/generic/messages.jsonl']);
    expect(code).toBe(1);
    expect(summary).toMatchObject({ files: 1, tickets: 2, messages: 5 });
    expect(policyFindings(findings).map((f) => [f.messageId, f.line, f.column])).toEqual([
      ['T-3001-3', ...Object.values(positionOf(JSONL, "our policy doesn't allow refunds after 30"))],
    ]);
  });
});
