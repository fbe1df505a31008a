import { describe, expect, it } from 'vitest';
import { Checker } from '../src/check/index.js';
import { parseRuleFile } from '../src/check/load-rules.js';
import { exampleTicket, runRuleExamples } from '../src/check/rule-examples.js';
import { defaultConfig } from '../src/config/load.js';
import { TicketlintError } from '../src/errors.js';
import type { Linter } from '../src/lint.js';
import { runCli } from './helpers.js';

const HEAD = `category: unanswered
title: Left without an answer
severity: error
lesson: The chat agent never wrote back, and the customer was left with a question and no one to ask.
source: 002_3bbc60520f708dd8.txt#6-inauthentic-chat
suggestion: Answer the last question, or say who will and when.
rules:
  - id: ends-on-customer
    message: The customer's last message got no reply
    check: unanswered
`;

const pack = (examples: string): string => `${HEAD}    examples:\n${examples}`;
const linterFor = (text: string): Linter => {
  const set = parseRuleFile(text, 'pack.yaml');
  return { checker: new Checker(set.rules, defaultConfig()), config: defaultConfig(), lang: 'auto', ruleSet: set } as unknown as Linter;
};

describe('ticket examples in rule files', () => {
  it('parses a ticket: roles, times, channel, notes, and the line of each message', () => {
    const set = parseRuleFile(
      pack(`      '*':
        bad:
          - channel: Chat
            ticket:
              - { role: customer, at: "2024-05-01T10:00:00Z", text: "Is it phishing?" }
              - { role: agent, at: "2024-05-01T10:02:30Z", public: false, text: "no idea" }
`),
      'pack.yaml',
    );
    const [ex] = set.rules[0]!.examples['*']!.bad;
    expect(ex).toMatchObject({ channel: 'chat', at: 'pack.yaml:14' });
    expect(ex!.ticket).toEqual([
      { role: 'customer', text: 'Is it phishing?', at: new Date('2024-05-01T10:00:00Z'), line: 16 },
      { role: 'agent', text: 'no idea', at: new Date('2024-05-01T10:02:30Z'), public: false, line: 17 },
    ]);
    // What explain and test-rules print for it.
    expect(ex!.text).toBe('customer: Is it phishing? | agent (note) +2m 30s: no idea');
    const t = exampleTicket(ex!);
    expect(t).toMatchObject({ id: 'example', file: 'pack.yaml', format: 'example', channel: 'chat' });
    expect(t.messages.map((m) => [m.id, m.role, m.public, m.channel, m.locator.locate(0).line])).toEqual([
      ['example-1', 'customer', true, 'chat', 16],
      ['example-2', 'agent', false, 'chat', 17],
    ]);
  });

  it('keeps text examples as they were', () => {
    const set = parseRuleFile(pack(`      en:\n        good:\n          - "Thanks!"\n          - { text: "Hi", role: customer, channel: SMS, public: false }\n`), 'pack.yaml');
    expect(set.rules[0]!.examples.en!.good).toEqual([
      { text: 'Thanks!', at: 'pack.yaml:14' },
      { text: 'Hi', role: 'customer', channel: 'sms', public: false, at: 'pack.yaml:15' },
    ]);
  });

  it('rejects a bad time, a missing role, an unknown key and an empty ticket, with the line', () => {
    const bad = (ticket: string): TicketlintError => {
      try {
        parseRuleFile(pack(`      '*':\n        bad:\n          - ticket:\n${ticket}`), 'pack.yaml');
      } catch (e) {
        return e as TicketlintError;
      }
      throw new Error('no error');
    };
    expect(bad('              - { role: customer, at: "yesterday", text: "Hi" }\n')).toMatchObject({ line: 15, message: expect.stringContaining('bad time "yesterday"') });
    expect(bad('              - { text: "Hi" }\n')).toMatchObject({ line: 15, message: expect.stringContaining('needs `role`') });
    expect(bad('              - { role: customer, text: "Hi", mood: angry }\n')).toMatchObject({ line: 15, message: expect.stringContaining('unknown key "mood"') });
    expect(bad('              []\n')).toMatchObject({ message: expect.stringContaining('non-empty list of messages') });
  });

  it('runs ticket examples: a bad one must raise the rule, a good one nothing of its category', async () => {
    const text = pack(`      '*':
        bad:
          - ticket:
              - { role: customer, text: "Where is my refund?" }
          - ticket:
              - { role: customer, text: "Where is my refund?" }
              - { role: agent, text: "Sent today." }
        good:
          - ticket:
              - { role: customer, text: "Where is my refund?" }
              - { role: agent, text: "Sent today." }
              - { role: customer, text: "Thanks a lot!" }
          - ticket:
              - { role: customer, text: "Where is my refund?" }
              - { role: agent, public: false, text: "Sent today." }
`);
    const linter = linterFor(text);
    const report = await runRuleExamples(linter, linter.checker.rules);
    expect(report.passed).toBe(2);
    expect(report.failed.map((f) => [f.kind, f.example.at, f.got])).toEqual([
      ['bad', 'pack.yaml:16', []],
      ['good', 'pack.yaml:24', ['unanswered/ends-on-customer on "Where is my refund?"']],
    ]);
  });

  it('counts a conversation rule with no bad example as untested', async () => {
    const linter = linterFor(pack(`      '*':\n        good:\n          - ticket:\n              - { role: agent, text: "Hello!" }\n`));
    const report = await runRuleExamples(linter, linter.checker.rules);
    expect(report.untested.map((u) => `${u.rule.id} ${u.lang}`)).toEqual(['unanswered/ends-on-customer *']);
  });

  it('test-rules runs a built-in conversation pack named on the command line', () => {
    const r = runCli(['test-rules', 'rules/unanswered.yaml', 'rules/scripted-reply.yaml']);
    expect(r.stdout).toMatch(/test-rules: 1[0-9] passed, 0 failed/);
    expect(r.code).toBe(0);
  }, 180_000);
});
