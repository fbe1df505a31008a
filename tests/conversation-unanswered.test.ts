import { describe, expect, it } from 'vitest';
import { isAcknowledgement } from '../src/check/conversation/unanswered.js';
import { prepareMessage } from '../src/prepare/index.js';
import { agent, checkerFor, customer, findings, note, ticket } from './conversation-helpers.js';

const CAT = 'unanswered';

const customerMessage = (body: string) => ticket([customer(body)]).messages[0]!;
const ctx = { prepared: (m: Parameters<typeof prepareMessage>[0]) => prepareMessage(m, new Set()) };
const ack = (body: string): boolean => isAcknowledgement(customerMessage(body), ctx);

describe('unanswered', async () => {
  const checker = await checkerFor();

  it('flags the customer question the conversation ends on (the chat agent who never wrote back)', async () => {
    const t = ticket([
      customer('I got an email from you with a strange link, is it phishing?'),
      agent('To be safe, delete all the emails in your inbox.'),
      customer('All of them? Why would I do that?'),
    ]);
    const [f, ...more] = await findings(checker, t, CAT);
    expect(more).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'unanswered/conversation-ends-on-customer', severity: 'error', messageId: 'T-3', line: 3, excerpt: 'All of them? Why would I do that?' });
    expect(f!.message).toContain('(the last company reply is at line 2)');
  });

  it('points at the first message still waiting, and says how many followed', async () => {
    const t = ticket([customer('My refund never came.'), customer('Hello??'), customer('Anyone there?')], 'email');
    const [f] = await findings(checker, t, CAT);
    expect(f).toMatchObject({ messageId: 'T-1' });
    expect(f!.message).toContain('no company reply in this ticket; 2 more customer messages followed');
  });

  it('does not count an internal note or a system message as an answer', async () => {
    const t = ticket([customer('Where is my parcel?'), note('checking with the courier'), { role: 'system', text: 'Ticket set to pending' }]);
    expect(await findings(checker, t, CAT)).toMatchObject([{ messageId: 'T-1' }]);
  });

  it('stays quiet when the company replied last, or the customer only closed with thanks', async () => {
    expect(await findings(checker, ticket([customer('Where is my parcel?'), agent('At the depot, out tomorrow.')]), CAT)).toEqual([]);
    const closings = ['Great, thanks so much! 👍', 'Ok cảm ơn em nhé', '好的，谢谢！', 'Dziękuję bardzo!', 'شكراً جزيلاً', 'Muchas gracias, saludos', 'Vielen Dank!', 'Merci beaucoup, bonne journée', '👍', 'Thanks, Bo'];
    for (const closing of closings) {
      const t = ticket([customer('Where is my parcel?'), agent('At the depot, out tomorrow.'), customer(closing)]);
      expect(await findings(checker, t, CAT), closing).toEqual([]);
    }
  });

  it('is not fooled by a thanks that goes on with the problem', async () => {
    for (const text of ['Thanks, but where is my refund?', 'Thanks. My parcel arrived empty', 'ok so when will it arrive', 'Dziękuję, ale paczka nadal nie dotarła', '谢谢，但是还没收到', 'Gracias pero sigue sin funcionar']) {
      const t = ticket([customer('Where is my parcel?'), agent('At the depot, out tomorrow.'), customer(text)]);
      expect(await findings(checker, t, CAT), text).toHaveLength(1);
    }
  });

  it('recognises closings in the eight languages, with and without diacritics', () => {
    for (const text of ['thanks!', 'ok great', 'Thank you, I also wish you a nice day.', "That's it. Take care.", 'cảm ơn', 'cam on shop nhieu', 'dạ vâng ạ',
      'شكرا', 'وشكرا', '谢谢', '收到，辛苦了', '謝謝', 'dziękuję', 'dziekuje', 'gracias', 'danke schön', 'merci', '🙏🙏', '']) {
      expect(ack(text), text).toBe(true);
    }
    for (const text of ['ok?', 'not ok', 'Thanks for nothing', 'thanks. I still need a refund', 'Hello?', 'Chưa nhận được hàng', 'شكرا لكن الطلب لم يصل',
      '不行', 'Danke, aber es funktioniert nicht', 'merci mais ça ne marche pas', 'It still does not work, thanks']) {
      expect(ack(text), text).toBe(false);
    }
  });

  it('judges only conversations: a library entry or a lintText draft is not one', async () => {
    expect(await findings(checker, ticket([customer('Where is my refund?')], null, 'library'), CAT)).toEqual([]);
    expect(await findings(checker, ticket([customer('Where is my refund?')], null, 'text'), CAT)).toEqual([]);
  });
});
