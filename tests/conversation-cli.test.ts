import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/types.js';
import { ROOT, runCli, tempDir } from './helpers.js';

const FIXTURE = 'fixtures/conversation/tickets.csv';
const CSV = readFileSync(join(ROOT, FIXTURE), 'utf8');
const CONVERSATION = new Set(['slow-first-response', 'unanswered', 'repeat-info-request', 'scripted-reply']);

/** The line of the CSV row that starts message `id` (plus `below` lines into its quoted body). */
const rowLine = (id: string, below = 0): number => CSV.split('\n').findIndex((l) => l.split(',')[1] === id) + 1 + below;

function lint(args: string[]): { code: number; findings: Finding[]; stderr: string } {
  const r = runCli([FIXTURE, '--format', 'json', ...args]);
  return { code: r.code, stderr: r.stderr, findings: r.stdout ? (JSON.parse(r.stdout) as { findings: Finding[] }).findings : [] };
}

/** Spawning the binary is slow on a busy machine: one run serves the first three tests. */
const SPAWN_TIMEOUT = 180_000;

describe('conversation checks through the CLI (generic CSV with timestamps, roles, channels)', () => {
  let plain: ReturnType<typeof lint>;
  beforeAll(() => {
    plain = lint(['--no-config']);
  }, SPAWN_TIMEOUT);

  it('reports each problem on the message that shows it: rule, ticket, message and line', () => {
    const { code, findings } = plain;
    expect(code).toBe(1); // unanswered is an error
    const ours = findings.filter((f) => CONVERSATION.has(f.category)).map((f) => [f.ruleId, f.ticketId, f.messageId, f.line]);
    expect(ours).toEqual([
      ['slow-first-response/first-reply-over-limit', 'C-SLOW', 'C-SLOW-2', rowLine('C-SLOW-2')],
      ['unanswered/conversation-ends-on-customer', 'C-UNANSWERED', 'C-UNANSWERED-3', rowLine('C-UNANSWERED-3')],
      // The reply opens with "Hi Sam," on its own line: the finding is on the request, one line down.
      ['repeat-info-request/asks-for-given-value', 'C-REPEAT', 'C-REPEAT-2', rowLine('C-REPEAT-2', 1)],
      ['scripted-reply/near-duplicate-reply', 'C-SCRIPTED', 'C-SCRIPTED-4', rowLine('C-SCRIPTED-4', 1)],
      ['unanswered/conversation-ends-on-customer', 'C-NOTES', 'C-NOTES-1', rowLine('C-NOTES-1')],
    ]);
    const byId = new Map(findings.map((f) => [f.messageId, f]));
    expect(byId.get('C-SLOW-2')!.message).toContain('first reply after 8h 12m; limit 1h for twitter');
    expect(byId.get('C-UNANSWERED-3')!.message).toContain(`the last company reply is at line ${rowLine('C-UNANSWERED-2')}`);
    expect(byId.get('C-REPEAT-2')).toMatchObject({ excerpt: 'Could you please send me your order number', column: 25 });
    expect(byId.get('C-REPEAT-2')!.message).toContain(`already gave their order number at line ${rowLine('C-REPEAT-1', 1)}`);
    expect(byId.get('C-SCRIPTED-4')!.message).toContain(`identical to the reply at line ${rowLine('C-SCRIPTED-2', 1)}`);
    expect(byId.get('C-NOTES-1')!.message).toContain('no company reply in this ticket');
  });

  it('stays quiet on a fast reply, a closing thank-you, a new question and a personalised reply', () => {
    const { findings } = plain;
    const quiet = ['C-FAST', 'C-NEWQUESTION', 'C-PERSONAL'];
    expect(findings.filter((f) => CONVERSATION.has(f.category) && quiet.includes(f.ticketId!))).toEqual([]);
  });

  it('never takes an internal note for an answer, and never judges one as customer-facing text', () => {
    const { findings } = plain;
    // C-NOTES has two notes after the customer's question ("company policy", a repeated request,
    // the same text twice): the ticket is still unanswered, and no rule fires on the notes.
    expect(findings.filter((f) => f.ticketId === 'C-NOTES').map((f) => [f.ruleId, f.messageId])).toEqual([['unanswered/conversation-ends-on-customer', 'C-NOTES-1']]);
    expect(findings.some((f) => f.messageId === 'C-UNANSWERED-4')).toBe(false);
  });

  it('takes per-channel limits and check settings from the config', () => {
    const { code, findings } = lint(['--config', 'fixtures/conversation/relaxed.ticketlintrc.yaml']);
    const ours = findings.filter((f) => CONVERSATION.has(f.category)).map((f) => [f.ruleId, f.messageId]);
    // twitter: 10h lets the 8-hour reply pass; chat: 1m catches the 2-minute one; minLength 500
    // silences the scripted letter; `unanswered: off` turns that rule off.
    // (C-UNANSWERED's reply came after exactly 1m: not over the limit.)
    expect(ours).toEqual([
      ['slow-first-response/first-reply-over-limit', 'C-FAST-2'],
      ['repeat-info-request/asks-for-given-value', 'C-REPEAT-2'],
    ]);
    expect(findings.find((f) => f.messageId === 'C-FAST-2')!.message).toContain('first reply after 2m; limit 1m for chat');
    expect(code).toBe(0); // warnings only
  }, SPAWN_TIMEOUT);

  it('exits 2 with one line naming the config for a bad duration', () => {
    const dir = tempDir({ 'bad.yaml': 'conversation:\n  slow-first-response:\n    chat: 5 minutes\n' });
    const r = runCli([FIXTURE, '--config', join(dir, 'bad.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('bad.yaml');
    expect(r.stderr).toContain('option "chat"');
  }, SPAWN_TIMEOUT);
});
