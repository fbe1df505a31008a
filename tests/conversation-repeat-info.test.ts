import { describe, expect, it } from 'vitest';
import { extractValues, findRequests } from '../src/check/conversation/repeat-info-request.js';
import { prepareMessage } from '../src/prepare/index.js';
import { agent, checkerFor, customer, findings, note, ticket } from './conversation-helpers.js';

const CAT = 'repeat-info-request';
const prepared = (m: Parameters<typeof prepareMessage>[0]) => prepareMessage(m, new Set());
const values = (text: string): string[] => extractValues(ticket([customer(text)]).messages[0]!, { prepared }).map((v) => `${v.kind}:${v.norm}`);
const requests = (text: string): string[] => findRequests(prepared(ticket([agent(text)]).messages[0]!).folded).map((r) => r.kind);

describe('repeat-info-request', async () => {
  const checker = await checkerFor();

  it('flags the agent asking for the order number the customer already gave, at the request', async () => {
    const t = ticket([customer('Hello, my order #482133 arrived broken.'), agent("I'm sorry! Could you please send me your order number so I can check?")], 'email');
    const [f, ...more] = await findings(checker, t, CAT);
    expect(more).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'repeat-info-request/asks-for-given-value', severity: 'warning', messageId: 'T-2', line: 2, excerpt: 'Could you please send me your order number' });
    expect(f!.message).toContain('(the customer already gave their order number at line 1)');
  });

  it('catches the request in the eight languages', async () => {
    const cases: Array<[string, string]> = [
      ['Mã đơn hàng của tôi là DH20240518, chưa nhận được hàng.', 'Dạ anh vui lòng cung cấp mã đơn hàng để em kiểm tra ạ.'],
      ['Ma don hang cua toi la DH20240518', 'Da anh vui long cung cap ma don hang de em kiem tra a'],
      ['订单号：88120456，一直没有发货。', '您好，请提供订单号，我们帮您查询。'],
      ['Zamówienie nr 55012398 nie dotarło.', 'Proszę podać numer zamówienia.'],
      ['طلبي رقم 556677 لم يصل بعد', 'يرجى تزويدنا برقم الطلب'],
      ['Mi correo es ana.lopez@example.com y el pedido no llega.', '¿Me facilita su dirección de correo electrónico?'],
      ['Meine Bestellung 55012398 ist nicht angekommen.', 'Bitte nennen Sie uns Ihre Bestellnummer.'],
      ['Ma commande 4455667 est arrivée cassée.', 'Pourriez-vous me communiquer votre numéro de commande ?'],
      ['Call me at +1 555 123 4567 please, the router is dead.', 'May I have your phone number?'],
      ['My account number is AC778899 and I was charged twice.', "I'll need your account number to look into this."],
    ];
    for (const [given, asked] of cases) {
      const found = await findings(checker, ticket([customer(given), agent(asked)], 'email'), CAT);
      expect(found.map((f) => f.messageId), asked).toEqual(['T-2']);
    }
  });

  it('stays quiet on a genuinely new request (the kind was not given before)', async () => {
    expect(await findings(checker, ticket([customer('My lamp arrived broken, can you help?'), agent('Could you please send me your order number?')]), CAT)).toEqual([]);
    expect(await findings(checker, ticket([customer('My order #482133 arrived broken.'), agent('Could you send me a photo and your phone number?')]), CAT)).toEqual([]);
    // The value comes after the request: that is the customer answering, not repeating.
    expect(await findings(checker, ticket([customer('My lamp is broken.'), agent('What is your order number?'), customer('482133'), agent('Thanks, a new lamp ships today.')]), CAT)).toEqual([]);
  });

  it('stays quiet when the agent quotes the value or asks for a different one', async () => {
    expect(await findings(checker, ticket([customer('My order #482133 arrived broken.'), agent('I see order 482133; a replacement ships today.')]), CAT)).toEqual([]);
    expect(await findings(checker, ticket([customer('My order #482133 arrived broken.'), agent('Could you confirm your order number 482133 is the one with the lamp?')]), CAT)).toEqual([]);
    expect(await findings(checker, ticket([customer('My email is luc@example.fr'), agent('Could you send us a new email address? That one bounces.')]), CAT)).toEqual([]);
    expect(await findings(checker, ticket([customer('My email is luc@example.fr'), agent('Please send us an email at support@example.com with the photos.')]), CAT)).toEqual([]);
  });

  it('does not judge internal notes: a note asking a colleague is not asking the customer', async () => {
    const t = ticket([customer('My order #482133 arrived broken.'), note('Could you please send me your order number? Can not find it.')]);
    expect(await findings(checker, t, CAT)).toEqual([]);
  });

  it('extracts typed values, not amounts, dates or hashtags', () => {
    expect(values('My order #482133 arrived broken')).toEqual(['order:482133', 'id:482133']);
    expect(values('订单号是88120456')).toEqual(['order:88120456']);
    expect(values('Mi correo es Ana.Lopez@Example.com')).toEqual(['email:ana.lopez@example.com']);
    expect(values('my phone: 0912 345 678')).toEqual(['phone:912345678']);
    expect(values('đơn hàng 250000đ')).toEqual([]);
    expect(values('order of 12000 yen')).toEqual([]);
    expect(values('on 2024-05-01 at 10:30')).toEqual([]);
    expect(values('#BlackFriday2024 deal')).toEqual([]);
    expect(values('I paid 1,234,567 VND')).toEqual([]);
  });

  it('recognises requests, not look-alikes', () => {
    expect(requests("What's your email address?")).toEqual(['email']);
    expect(requests('Số đơn hàng của anh/chị là gì ạ?')).toEqual(['order']);
    expect(requests('您的订单号是多少？')).toEqual(['order']);
    expect(requests('Your order number, please?')).toEqual(['order']);
    for (const text of ['Please check your email for the label.', "I've sent the label to your email address.", 'Thanks for sending your order number!',
      'Did you receive the email?', 'Can you tell me your phone model?', 'Vui lòng gửi email cho bên em nhé', '请发送电子邮件至 help@example.com',
      'Bitte senden Sie die E-Mail weiter', "Veuillez nous envoyer l'e-mail reçu"]) {
      expect(requests(text), text).toEqual([]);
    }
  });
});
