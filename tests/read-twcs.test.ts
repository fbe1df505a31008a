import { describe, expect, it } from 'vitest';
import { signatureOf } from '../src/read/twcs.js';
import { cliJson, detectedFormat, expectPointsAtSource, fixture, lint, policyFindings, positionOf, readContent, readPath } from './read-helpers.js';

const TWCS = fixture('twcs/twcs.csv');
const HEADER = 'tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n';
const date = (minute: number): string => `Tue Oct 31 22:${String(minute).padStart(2, '0')}:00 +0000 2017`;

// Linting compiles every rule pack and the CLI tests spawn the binary: slow on a loaded machine.
describe('twcs reader', { timeout: 120_000 }, () => {
  it('rebuilds threads from in_response_to_tweet_id, even when a reply comes first', async () => {
    const { tickets, problems, byId } = await readPath(TWCS);
    expect(problems).toEqual([]);
    expect(tickets.map((t) => [t.id, t.format, t.channel, t.messages.map((m) => m.id)])).toEqual([
      ['119236', 'twcs', 'twitter', ['119236', '119237', '119238', '119239']],
      ['119240', 'twcs', 'twitter', ['119240', '119241']],
    ]);
    expect(byId.get('119236')).toMatchObject({ ticketId: '119236', role: 'customer', author: '823451', public: true, channel: 'twitter' });
    expect(byId.get('119236')!.body).toContain('refund the "non-refundable" fare. is this your company policy?!');
    expect(byId.get('119236')!.createdAt?.toISOString()).toBe('2017-10-31T22:10:47.000Z');
    // Agent initials become the author (with the brand, since initials repeat across brands).
    expect(byId.get('119237')).toMatchObject({ role: 'agent', author: 'MK@AcmeAirHelp', meta: { brand: 'AcmeAirHelp', initials: 'MK' } });
    expect(byId.get('119239')).toMatchObject({ role: 'agent', author: 'JD@AcmeAirHelp' });
    expect(byId.get('119241')).toMatchObject({ role: 'agent', author: 'AcmeAirHelp' });
  });

  it('recognises sign-offs, not slashes or dashes in text', () => {
    expect(signatureOf('We can help. ^AB')).toBe('AB');
    expect(signatureOf('DM us please -JD https://t.co/abc')).toBe('JD');
    expect(signatureOf('Sorry about that /AB')).toBe('AB');
    expect(signatureOf('Open 24/7')).toBeNull();
    expect(signatureOf('Call us - we are open')).toBeNull();
    expect(signatureOf('Thanks for flying with us!')).toBeNull();
  });

  it('flags the brand reply, never the customer tweet, at its line and column', async () => {
    const { findings } = await lint(TWCS);
    const policy = policyFindings(findings);
    expect(policy.map((f) => [f.ticketId, f.messageId, f.author, f.excerpt])).toEqual([['119236', '119237', 'MK@AcmeAirHelp', "our policy doesn't allow"]]);
    expect(policy[0]).toMatchObject(positionOf(TWCS, "our policy doesn't allow"));
    expectPointsAtSource(TWCS, findings, (s) => s.replace(/""/g, '"'));
  });

  it('merges a thread whose middle tweet arrives last, and closes stale threads in bounded memory', async () => {
    const rows = [
      `3,brand,False,${date(3)},reply to 2,,2`,
      `1,555,True,${date(1)},root,2,`,
      `9,777,True,${date(9)},other thread,,`,
      `2,555,True,${date(2)},middle,3,1`,
    ];
    const merged = await readContent(HEADER + rows.join('\n') + '\n', 'x.csv');
    expect(merged.tickets.map((t) => [t.id, t.messages.map((m) => m.id)])).toEqual([['9', ['9']], ['1', ['1', '2', '3']]]);
    // With a window of two rows, the root's thread is emitted before its late reply arrives; the
    // reply comes as a ticket of its own that still carries the thread's ticket id.
    const late = [`1,555,True,${date(1)},root,,`, `9,777,True,${date(9)},other,,`, `8,778,True,${date(8)},another,,`, `2,brand,False,${date(2)},late reply,,1`];
    const windowed = await readContent(HEADER + late.join('\n') + '\n', 'y.csv', { ticketWindow: 2 });
    expect(windowed.tickets.map((t) => [t.id, t.messages.map((m) => m.id)])).toEqual([['1', ['1']], ['9', ['9']], ['8', ['8']], ['1', ['2']]]);
  });

  it('is detected from its header (not as a generic CSV), and forced with --input-format', async () => {
    expect(await detectedFormat(TWCS)).toBe('twcs');
    expect(await detectedFormat(fixture('generic/tickets.csv'))).toBe('generic');
    const forced = await readPath(TWCS, { inputFormat: 'generic' });
    expect(forced.tickets.every((t) => t.format === 'generic')).toBe(true);
    const twcs = await readPath(TWCS, { inputFormat: 'twcs' });
    expect(twcs.tickets).toHaveLength(2);
  });

  it('CLI: lints the fixture and reports JSON with the source position', () => {
    const { code, findings, summary } = cliJson(['fixtures/twcs/twcs.csv']);
    expect(code).toBe(1);
    expect(summary).toMatchObject({ files: 1, tickets: 2, messages: 6 });
    expect(policyFindings(findings).map((f) => [f.messageId, f.line, f.column])).toEqual([['119237', ...Object.values(positionOf(TWCS, "our policy doesn't allow"))]]);
  });
});
