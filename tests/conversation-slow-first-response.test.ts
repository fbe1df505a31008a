import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../src/check/conversation/shared.js';
import { TicketlintError } from '../src/errors.js';
import { agent, checkerFor, customer, findings, note, ticket } from './conversation-helpers.js';

const CAT = 'slow-first-response';

describe('slow-first-response', async () => {
  const checker = await checkerFor();

  it('flags an 8-hour answer to a tweet, on the late reply, with the wait and the limit', async () => {
    const t = ticket([customer('@airline my bag never arrived', '10:00'), agent('Sorry to hear that, please fill in the form.', '18:12')], 'twitter');
    const [f, ...more] = await findings(checker, t, CAT);
    expect(more).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'slow-first-response/first-reply-over-limit', severity: 'warning', ticketId: 'T', messageId: 'T-2', line: 2 });
    expect(f!.message).toContain('(first reply after 8h 12m; limit 1h for twitter)');
  });

  it('measures from the first customer message, past a second one, to the first public reply', async () => {
    const t = ticket([customer('My card was charged twice', '10:00'), customer('Hello? Anyone?', '10:04'), agent('Checking now!', '10:26')], 'chat');
    const [f] = await findings(checker, t, CAT);
    expect(f).toMatchObject({ messageId: 'T-3' });
    expect(f!.message).toContain('first reply after 26m; limit 5m for chat');
  });

  it('stays quiet on a fast reply, on phone tickets, and without timestamps', async () => {
    expect(await findings(checker, ticket([customer('Bag lost', '10:00'), agent('On it, trace opened.', '10:06')], 'twitter'), CAT)).toEqual([]);
    expect(await findings(checker, ticket([customer('Invoice question', '09:00'), agent('Explained the tariff.', '11:00')], 'phone'), CAT)).toEqual([]);
    expect(await findings(checker, ticket([customer('Where is my parcel?'), agent('At the depot.')], 'chat'), CAT)).toEqual([]);
    expect(await findings(checker, ticket([customer('Where is my parcel?', '10:00'), agent('At the depot.')], 'chat'), CAT)).toEqual([]);
  });

  it('leaves a ticket with no reply to `unanswered`', async () => {
    expect(await findings(checker, ticket([customer('Where is my refund?', '10:00')], 'email'), CAT)).toEqual([]);
  });

  it('does not count an internal note as the first reply (a note is not an answer)', async () => {
    const t = ticket([customer('Where is my parcel?', '10:00'), note('checking with the courier', '10:01'), agent('It is at the depot.', '12:00')], 'chat');
    const [f] = await findings(checker, t, CAT);
    expect(f).toMatchObject({ messageId: 'T-3', line: 3 });
    expect(f!.message).toContain('first reply after 2h; limit 5m for chat');
  });

  it('uses the e-mail default (24h) for unknown channels and tickets without one', async () => {
    for (const channel of ['carrier-pigeon', null]) {
      expect(await findings(checker, ticket([customer('Hi', '10:00'), agent('Hello!', '+1d 09:00')], channel), CAT)).toEqual([]);
      const [f] = await findings(checker, ticket([customer('Hi', '10:00'), agent('Hello!', '+1d 11:00')], channel), CAT);
      expect(f!.message).toContain('first reply after 25h; limit 24h');
    }
  });

  it('normalises channel names from exports ("Live Chat", "web_form")', async () => {
    const [f] = await findings(checker, ticket([customer('Hi', '10:00'), agent('Hello!', '10:20')], 'Live Chat'), CAT);
    expect(f!.message).toContain('limit 5m for Live Chat');
    expect(await findings(checker, ticket([customer('Hi', '10:00'), agent('Hello!', '20:00')], 'web_form'), CAT)).toEqual([]);
  });

  it('takes per-channel limits from the config (conversation.slow-first-response and rules.<id>.options)', async () => {
    const relaxed = await checkerFor({ conversation: { 'slow-first-response': { twitter: '10h', chat: '90s' } } });
    const tweet = ticket([customer('bag lost', '10:00'), agent('Sorry!', '18:12')], 'twitter');
    expect(await findings(relaxed, tweet, CAT)).toEqual([]);
    const [f] = await findings(relaxed, ticket([customer('Hi', '10:00'), agent('Hello!', '10:02')], 'chat'), CAT);
    expect(f!.message).toContain('first reply after 2m; limit 90s for chat');
    const offForChat = await checkerFor({ rules: { 'slow-first-response/first-reply-over-limit': { options: { chat: 'off', sms: '1m' } } } });
    expect(await findings(offForChat, ticket([customer('Hi', '10:00'), agent('Hello!', '12:00')], 'chat'), CAT)).toEqual([]);
    expect(await findings(offForChat, ticket([customer('Hi', '10:00'), agent('Hello!', '10:02')], 'SMS'), CAT)).toHaveLength(1);
    const newDefault = await checkerFor({ conversation: { 'slow-first-response': { default: '1h' } } });
    expect(await findings(newDefault, ticket([customer('Hi', '10:00'), agent('Hello!', '12:00')], 'fax'), CAT)).toHaveLength(1);
  });

  it('refuses a bad duration up front, naming the config file', async () => {
    const bad = checkerFor({ file: '/tmp/.ticketlintrc.yaml', conversation: { 'slow-first-response': { twitter: '1 hour' } } });
    await expect(bad).rejects.toThrow(TicketlintError);
    await expect(bad).rejects.toMatchObject({ file: '/tmp/.ticketlintrc.yaml', message: expect.stringContaining('option "twitter"') });
  });

  it('parses and prints durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('off')).toBeNull();
    expect(parseDuration('5 minutes')).toBeUndefined();
    expect(parseDuration(60)).toBeUndefined();
    expect(formatDuration(8 * 3_600_000 + 12 * 60_000)).toBe('8h 12m');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(55 * 3_600_000)).toBe('2d 7h');
  });
});
