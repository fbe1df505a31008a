import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRuleExamples } from '../src/check/rule-examples.js';
import { defaultConfig } from '../src/config/load.js';
import type { Linter } from '../src/lint.js';
import { agent, checkerFor, customer, findings, note, ticket } from './conversation-helpers.js';
import { ROOT } from './helpers.js';

const PACK = join(ROOT, 'fixtures/conversation/rules/repeated-promise.yaml');

describe('repeated-promise (empty-promise repeated in one ticket)', async () => {
  const checker = await checkerFor({}, [PACK]);

  it('raises the second and later vague promises to errors, on the promise', async () => {
    const t = ticket([
      customer('The part you sent is faulty again.'),
      agent("So sorry! We'll look into it."),
      customer('Any news?'),
      agent('Thanks for your patience, we will get back to you.'),
      customer('Hello??'),
      agent('Someone will contact you.'),
    ], 'email');
    const repeated = (await findings(checker, t)).filter((f) => f.ruleId === 'empty-promise/test-repeated-in-ticket');
    expect(repeated.map((f) => [f.messageId, f.severity, f.excerpt])).toEqual([
      ['T-4', 'error', 'we will get back to you'],
      ['T-6', 'error', 'Someone will contact you'],
    ]);
    expect(repeated[0]!.message).toContain('(vague promise number 2 in this ticket; the first was at line 2)');
    expect(repeated[1]!.message).toContain('(vague promise number 3 in this ticket; the first was at line 2)');
    // The message-level findings stay as they are (warnings).
    expect((await findings(checker, t)).filter((f) => f.ruleId === 'empty-promise/test-vague-follow-up').map((f) => f.severity)).toEqual(['warning', 'warning', 'warning']);
  });

  it("keeps the rule's severity, so a team can turn it down in config", async () => {
    const softer = await checkerFor({ rules: { 'empty-promise/test-repeated-in-ticket': 'warning' } }, [PACK]);
    const t = ticket([customer('Faulty again.'), agent("We'll look into it."), customer('Any news?'), agent("We'll look into it.")]);
    expect((await findings(softer, t)).filter((f) => f.ruleId === 'empty-promise/test-repeated-in-ticket').map((f) => f.severity)).toEqual(['warning']);
  });

  it('stays quiet on one promise, and does not count promises in internal notes', async () => {
    const once = ticket([customer('Faulty again.'), agent("We'll look into it."), customer('Ok?'), agent('The new part shipped today by express.')]);
    expect((await findings(checker, once)).filter((f) => f.ruleId === 'empty-promise/test-repeated-in-ticket')).toEqual([]);
    const withNote = ticket([customer('Faulty again.'), note("We'll look into it."), customer('Any news?'), agent("We'll look into it.")]);
    expect(await findings(checker, withNote)).toMatchObject([{ ruleId: 'empty-promise/test-vague-follow-up', messageId: 'T-4', severity: 'warning' }]);
  });

  it("passes its pack's ticket examples (test-rules)", async () => {
    const linter = { checker, config: defaultConfig(), lang: 'auto', ruleSet: { rules: checker.rules, categories: [] } } as unknown as Linter;
    const report = await runRuleExamples(linter, checker.rules);
    expect(report.failed.map((f) => `${f.example.at} ${f.kind}: ${f.got.join('; ')}`)).toEqual([]);
    expect(report.passed).toBe(7);
  });
});
