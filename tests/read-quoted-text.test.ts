import { describe, expect, it } from 'vitest';
import { quotedRanges } from '../src/read/quoted-text.js';

const ignored = (body: string): string[] => quotedRanges(body).map(([a, b]) => body.slice(a, b));

describe('quoted history and signatures', () => {
  it('ignores everything from an attribution line in eight languages', () => {
    const attributions = [
      'On Mon, 3 Jun 2024, Ana <a@x.com> wrote:',
      'On Mon, 3 Jun 2024 at 10:02, Ana Smith <\na@x.com> wrote:',
      'Le lun. 3 juin 2024 à 10:02, Ana <a@x.com> a écrit :',
      'Am Mo., 3. Juni 2024 um 10:02 Uhr schrieb Ana <a@x.com>:',
      'El lun, 3 jun 2024 a las 10:02, Ana (<a@x.com>) escribió:',
      'W dniu 3.06.2024 o 10:02, Ana <a@x.com> napisał(a):',
      '在 2024年6月3日 10:02，Ana <a@x.com> 写道：',
      'Vào Th 2, 3 thg 6, 2024 lúc 10:02 Ana <a@x.com> đã viết:',
      'في الاثنين، 3 يونيو 2024 في 10:02 ص، Ana <a@x.com> كتب:',
    ];
    for (const attribution of attributions) {
      const body = `Thanks, done.\n\n${attribution}\nUnfortunately our policy doesn't allow it.`;
      expect(ignored(body), attribution).toEqual([`${attribution}\nUnfortunately our policy doesn't allow it.`]);
    }
  });

  it('keeps an inline reply after a quoted block', () => {
    const body = 'On Mon, 3 Jun 2024, Bo <b@x.com> wrote:\n> Is this your policy?\n> Really?\n\nNo, it is not: I have refunded you.';
    expect(ignored(body)).toEqual(['On Mon, 3 Jun 2024, Bo <b@x.com> wrote:\n> Is this your policy?\n> Really?']);
  });

  it('ignores > lines, original-message separators and Outlook header blocks', () => {
    expect(ignored('Sure.\n> your policy is bad\n>> very bad\nDone.')).toEqual(['> your policy is bad\n>> very bad']);
    expect(ignored('See below.\n-----Original Message-----\nFrom: Bo\nold text')).toEqual(['-----Original Message-----\nFrom: Bo\nold text']);
    expect(ignored('Hallo.\n-----Ursprüngliche Nachricht-----\nalt')).toEqual(['-----Ursprüngliche Nachricht-----\nalt']);
    expect(ignored('Hi.\n\nFrom: Bo <b@x.com>\nSent: Monday, June 3, 2024 10:02 AM\nTo: Support\nSubject: refund\n\nold')).toEqual([
      'From: Bo <b@x.com>\nSent: Monday, June 3, 2024 10:02 AM\nTo: Support\nSubject: refund\n\nold',
    ]);
  });

  it('ignores signatures and mobile footers', () => {
    expect(ignored('Thanks!\n-- \nAna | Support\n+1 555 0100')).toEqual(['-- \nAna | Support\n+1 555 0100']);
    expect(ignored('OK\n\nSent from my iPhone')).toEqual(['Sent from my iPhone']);
    expect(ignored('OK\nVon meinem iPhone gesendet')).toEqual(['Von meinem iPhone gesendet']);
    expect(ignored('OK\nWysłane z iPhone’a')).toEqual(['Wysłane z iPhone’a']);
  });

  it('keeps the writer\'s own words that merely look similar', () => {
    expect(ignored('On Monday I wrote: we will call you back.')).toEqual([]);
    expect(ignored('Wysłane z magazynu wczoraj, dotrze jutro.')).toEqual([]);
    expect(ignored('在您的订单中我们发现了问题。')).toEqual([]);
    expect(ignored('From: our warehouse in Berlin, shipped today.')).toEqual([]);
    expect(ignored('--\nstarts with a divider')).toEqual([]);
    expect(ignored('')).toEqual([]);
  });
});
