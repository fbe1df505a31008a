import { describe, expect, it } from 'vitest';
import { bigramProfile, comparableText, diceSimilarity } from '../src/check/conversation/scripted-reply.js';
import { TicketlintError } from '../src/errors.js';
import { agent, checkerFor, customer, findings, note, ticket, type Turn } from './conversation-helpers.js';

/*
 * Measured while choosing the similarity (scratch bench, 50,000-message ticket: 25,000 agent
 * replies of ~440 characters from 40 templates, each compared with the previous 20 = 500k pairs;
 * two shared cores under load): bigram-multiset Dice on profiles built once per reply 2.0–2.6 s
 * for the whole check; natural's DiceCoefficient 58–73 s (it re-tokenises both strings per call,
 * and on bigram *sets* it called 95% of the unrelated replies ≥ 0.9); fastest-levenshtein's
 * normalised distance 70–100 s. Hence the profiles, and the window instead of all pairs.
 */

const CAT = 'scripted-reply';
const LETTER = 'We are unable to issue a refund because your order 1183 was delivered on time and undamaged.';
const similarity = (a: string, b: string): number => diceSimilarity(bigramProfile(comparableText(a)), bigramProfile(comparableText(b)));

describe('scripted-reply', async () => {
  const checker = await checkerFor();

  it('flags the same letter sent again after the customer pushed back, robust to a new name and number', async () => {
    const t = ticket([
      customer('I was charged $7,455 shipping for toilet paper. Refund it.'),
      agent(`Hello Barbara, ${LETTER}`),
      customer('The shipping fee is the problem, not the delivery!'),
      agent(`Hello Mrs Carroll, ${LETTER.replace('1183', '99812')}`),
    ], 'email');
    const [f, ...more] = await findings(checker, t, CAT);
    expect(more).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'scripted-reply/near-duplicate-reply', severity: 'warning', messageId: 'T-4', line: 4 });
    expect(f!.message).toContain('(identical to the reply at line 2)');
  });

  it('reports a near duplicate with its similarity', async () => {
    const t = ticket([customer('Where is my refund?'), agent(LETTER), customer('That is not an answer.'), agent(LETTER.replace('undamaged.', 'undamaged, sorry.'))]);
    const [f] = await findings(checker, t, CAT);
    expect(f!.message).toMatch(/nearly identical to the reply at line 2 \(similarity 0\.9\d\)/);
  });

  it('stays quiet on a similar but personalised reply', async () => {
    const t = ticket([
      customer('I was double charged for order 1001.'),
      agent("Hello Ana, I've refunded the duplicate charge on order 1001; it shows on your card in 3-5 days."),
      customer('And order 1002 was double charged too.'),
      agent("Hello Ana, thanks for flagging it. Order 1002 had the same problem, so I've refunded that duplicate as well and added a $10 credit."),
    ]);
    expect(await findings(checker, t, CAT)).toEqual([]);
  });

  it('ignores very short replies, repeats with no customer message between, and internal notes', async () => {
    expect(await findings(checker, ticket([customer('Shipped?'), agent('Thank you!'), customer('And the other?'), agent('Thank you!')]), CAT)).toEqual([]);
    expect(await findings(checker, ticket([customer('Where is it?'), agent(LETTER), agent(LETTER)]), CAT)).toEqual([]);
    expect(await findings(checker, ticket([customer('Where is it?'), note(LETTER), customer('Hello?'), note(LETTER)]), CAT)).toEqual([]);
  });

  it('takes threshold, minLength and window from the config', async () => {
    const near: Turn[] = [customer('Where is my refund?'), agent(LETTER), customer('That is not an answer.'), agent(LETTER.replace('undamaged.', 'undamaged, sorry.'))];
    const strict = await checkerFor({ conversation: { 'scripted-reply': { threshold: 0.99 } } });
    expect(await findings(strict, ticket(near), CAT)).toEqual([]);
    const short: Turn[] = [customer('Shipped?'), agent('Thank you!'), customer('And the other?'), agent('Thank you!')];
    const noMinimum = await checkerFor({ rules: { 'scripted-reply/near-duplicate-reply': { options: { minLength: 0 } } } });
    expect(await findings(noMinimum, ticket(short), CAT)).toHaveLength(1);
    // With a window of 1, a letter repeated two replies later is no longer compared.
    const twoBack: Turn[] = [customer('Refund?'), agent(LETTER), customer('No!'), agent('Let me check with the warehouse team about this order.'), customer('And?'), agent(LETTER)];
    expect(await findings(checker, ticket(twoBack), CAT)).toHaveLength(1);
    expect(await findings(await checkerFor({ conversation: { 'scripted-reply': { window: 1 } } }), ticket(twoBack), CAT)).toEqual([]);
  });

  it('lets a rule-specific setting win over the conversation.<check> setting', async () => {
    const near: Turn[] = [customer('Where is my refund?'), agent(LETTER), customer('That is not an answer.'), agent(LETTER.replace('undamaged.', 'undamaged, sorry.'))];
    const both = await checkerFor({
      conversation: { 'scripted-reply': { threshold: 0.99 } },
      rules: { 'scripted-reply/near-duplicate-reply': { options: { threshold: 0.9 } } },
    });
    expect(await findings(both, ticket(near), CAT)).toHaveLength(1);
  });

  it('refuses a threshold out of range', async () => {
    await expect(checkerFor({ conversation: { 'scripted-reply': { threshold: 9 } } })).rejects.toThrow(TicketlintError);
  });

  it('masks digits, the greeting name and a short signature before comparing', () => {
    expect(comparableText('hello bo,\nyour order 12345 shipped on may 3.\nana')).toBe(comparableText('hello mrs carroll,\nyour order 777 shipped on may 30.\ntom'));
    expect(similarity('Your parcel left today.', 'We cannot refund this order.')).toBeLessThan(0.5);
    expect(similarity(LETTER, LETTER)).toBe(1);
  });

  it('compares each reply only with the previous `window` company replies on an 8,000-message ticket', async () => {
    const turns: Turn[] = [];
    const topics = ['your parcel is at the depot', 'we have refunded you', 'a courier will call you', 'the label is attached'];
    for (let i = 0; i < 4000; i++) turns.push(customer(`Message ${i} about my parcel`), agent(`Reply number ${i}: ${topics[i % 4]} and ${'abcdefghij'[i % 10]!.repeat((i % 7) + 1)}.`));
    const found = await findings(checker, ticket(turns), CAT);
    expect(found.length).toBeGreaterThan(100);
    for (const f of found) {
      const earlier = Number(/at line (\d+)/.exec(f.message)![1]);
      // Message i sits on line i + 1; 20 company replies back is at most 40 lines back here.
      expect(f.line - earlier).toBeGreaterThan(0);
      expect(f.line - earlier).toBeLessThanOrEqual(40);
    }
  });
});
