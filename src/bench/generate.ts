/**
 * Generated inputs for `npm run bench` and the reliability tests: generic-CSV ticket exports with
 * realistic multilingual agent replies. Everything is written to a temp dir by the caller; no big
 * file is ever committed. A seeded PRNG keeps runs comparable.
 */
import { createWriteStream, type WriteStream } from 'node:fs';

/** mulberry32: small, fast, good enough to vary the text; the seed makes runs repeatable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Agent sentences per language: mostly ordinary support prose, a few anti-patterns mixed in. */
export const AGENT_SENTENCES: Record<string, string[]> = {
  en: [
    'Hi {name}, thanks for getting in touch with us about order #{n}.',
    'I checked your account and the parcel left our warehouse yesterday.',
    'I have refunded the shipping fee, you should see it within 3-5 business days.',
    "Unfortunately our policy doesn't allow refunds after 30 days.",
    "I'm sorry, but we can't refund this order. It's company policy.",
    'Could you send me a photo of the damaged item so I can arrange a replacement?',
    'You can track it here: https://example.com/track/{n}.',
    'Let me know if there is anything else I can help with!',
    'As I already told you, you should have read the instructions.',
    'I will escalate this to our billing team today and get back to you by Friday.',
    'We value your feedback and have shared it with the "product" team.',
  ],
  es: [
    'Hola {name}, gracias por escribirnos sobre el pedido #{n}.',
    'He revisado su cuenta y el paquete salió ayer de nuestro almacén.',
    'Lamentablemente, según nuestra política no podemos hacer reembolsos después de 30 días.',
    'Le he enviado una etiqueta de devolución gratuita por correo.',
    '¿Podría enviarme una foto del artículo dañado?',
  ],
  de: [
    'Hallo {name}, vielen Dank für Ihre Nachricht zur Bestellung #{n}.',
    'Ich habe die Versandkosten erstattet, das Geld ist in 3–5 Werktagen auf Ihrem Konto.',
    'Leider ist das laut unseren Richtlinien nicht möglich.',
    'Könnten Sie mir bitte ein Foto des beschädigten Artikels schicken?',
    'Straße, Größe und Übergröße: alles wurde geprüft.',
  ],
  fr: [
    'Bonjour {name}, merci de nous avoir contactés au sujet de la commande n°{n}.',
    "Malheureusement, notre politique ne permet pas de remboursement après 30 jours.",
    "J'ai transmis votre demande à l'équipe facturation, je reviens vers vous vendredi.",
    'Pourriez-vous m’envoyer une photo de l’article endommagé ?',
  ],
  pl: [
    'Dzień dobry {name}, dziękujemy za wiadomość w sprawie zamówienia nr {n}.',
    'Niestety polityka firmy nie pozwala na zwrot po 30 dniach.',
    'Zwróciłam koszty wysyłki, pieniądze będą na koncie w ciągu 3–5 dni roboczych.',
    'Czy może Pan przesłać zdjęcie uszkodzonego produktu?',
  ],
  vi: [
    'Chào anh {name}, cảm ơn anh đã liên hệ về đơn hàng #{n}.',
    'Rất tiếc, theo chính sách công ty chúng tôi không thể hoàn tiền cho đơn này.',
    'Em đã kiểm tra và đơn hàng đã được giao cho đơn vị vận chuyển hôm qua ạ.',
    'Anh vui lòng gửi giúp em ảnh sản phẩm bị hỏng nhé.',
  ],
  ar: [
    'مرحبا {name}، شكرا لتواصلك معنا بخصوص الطلب رقم {n}.',
    'نعتذر، لا يمكننا استرجاع المبلغ، هذه سياسة الشركة.',
    'لقد قمت بإرسال ملصق الشحن المجاني إلى بريدك الإلكتروني.',
    'هل يمكنك إرسال صورة للمنتج التالف؟',
  ],
  zh: [
    '您好{name}，感谢您就订单{n}联系我们。',
    '很抱歉，这是公司规定，我们无法为您退款。',
    '我已经为您申请了运费退款，预计3-5个工作日到账。',
    '這是公司政策，我們無法退款。',
    '请您提供一张损坏商品的照片，我们会尽快为您补发。',
  ],
};

const CUSTOMER_SENTENCES = [
  'Where is my order #{n}? It has been two weeks!',
  'I want a refund, the item arrived broken.',
  'Is this your company policy?! Unbelievable.',
  '¿Dónde está mi pedido?',
  'Wo bleibt meine Bestellung?',
  'Đơn hàng của tôi đâu rồi?',
  '我的订单在哪里？',
  'أين طلبي؟',
];

const NAMES = ['Ana', 'Bo', 'Chen', 'Dana', 'Émile', 'Łukasz', 'Nguyễn', 'Fatima', 'Jörg', 'María'];
const LANGS = Object.keys(AGENT_SENTENCES);

function fill(template: string, rnd: () => number): string {
  return template.replace('{name}', NAMES[Math.floor(rnd() * NAMES.length)]!).replace('{n}', String(10000 + Math.floor(rnd() * 90000)));
}

/** One agent reply: 1–5 sentences of one language, sometimes over several lines (a quoted, multi-line CSV field). */
export function agentReply(rnd: () => number, lang = LANGS[Math.floor(rnd() * LANGS.length)]!): string {
  const pool = AGENT_SENTENCES[lang]!;
  const count = 1 + Math.floor(rnd() * 5);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(fill(pool[Math.floor(rnd() * pool.length)]!, rnd));
  return rnd() < 0.3 ? parts.join('\r\n') : parts.join(' ');
}

export function customerMessage(rnd: () => number): string {
  return fill(CUSTOMER_SENTENCES[Math.floor(rnd() * CUSTOMER_SENTENCES.length)]!, rnd);
}

/** A CSV field, quoted when it needs to be (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const GENERIC_HEADER = 'ticket_id,message_id,created_at,author_role,author,channel,public,body\r\n';

export function csvRow(ticket: string, message: string, role: string, body: string, seconds: number): string {
  const created = new Date(Date.UTC(2024, 0, 1) + seconds * 1000).toISOString();
  return [ticket, message, created, role, role === 'agent' ? 'ana' : 'cust', 'email', 'true', csvField(body)].join(',') + '\r\n';
}

/** Writes with backpressure so generating a 200 MB file stays in bounded memory. */
export class Writer {
  private readonly stream: WriteStream;
  bytes = 0;
  constructor(path: string) {
    this.stream = createWriteStream(path);
  }
  async write(text: string): Promise<void> {
    this.bytes += Buffer.byteLength(text);
    if (!this.stream.write(text)) await new Promise<void>((done) => this.stream.once('drain', () => done()));
  }
  close(): Promise<void> {
    return new Promise((done, fail) => this.stream.end((err?: Error | null) => (err ? fail(err) : done())));
  }
}

export interface Generated {
  path: string;
  bytes: number;
  messages: number;
}

/** `rows` messages in tickets of 2–12 messages, alternating customer and agent. */
export async function writeTicketExport(path: string, rows: number, seed = 1): Promise<Generated> {
  const rnd = prng(seed);
  const out = new Writer(path);
  await out.write(GENERIC_HEADER);
  let written = 0;
  let ticket = 0;
  while (written < rows) {
    ticket++;
    const size = Math.min(rows - written, 2 + Math.floor(rnd() * 11));
    const lang = LANGS[Math.floor(rnd() * LANGS.length)]!;
    for (let m = 0; m < size; m++) {
      const role = m % 2 === 0 ? 'customer' : 'agent';
      const body = role === 'agent' ? agentReply(rnd, lang) : customerMessage(rnd);
      await out.write(csvRow(`T-${ticket}`, `T-${ticket}-${m + 1}`, role, body, written * 60));
      written++;
    }
  }
  await out.close();
  return { path, bytes: out.bytes, messages: written };
}

/** One agent message whose body is `megabytes` of multilingual prose (many rule hits: the worst case for matching). */
export async function writeHugeField(path: string, megabytes: number, seed = 2): Promise<Generated> {
  const rnd = prng(seed);
  const out = new Writer(path);
  await out.write(GENERIC_HEADER);
  await out.write('T-1,T-1-1,2024-01-01T00:00:00Z,customer,cust,email,true,I want a refund\r\n');
  await out.write('T-1,T-1-2,2024-01-01T01:00:00Z,agent,ana,email,true,"');
  const target = megabytes * 1024 * 1024;
  let size = 0;
  while (size < target) {
    const piece = agentReply(rnd).replace(/"/g, '""') + '\r\n';
    size += Buffer.byteLength(piece);
    await out.write(piece);
  }
  await out.write('"\r\n');
  await out.close();
  return { path, bytes: out.bytes, messages: 2 };
}

/** One ticket with `messages` messages (a years-long chat thread). */
export async function writeLongTicket(path: string, messages: number, seed = 3): Promise<Generated> {
  const rnd = prng(seed);
  const out = new Writer(path);
  await out.write(GENERIC_HEADER);
  for (let m = 0; m < messages; m++) {
    const role = m % 2 === 0 ? 'customer' : 'agent';
    const body = role === 'agent' ? agentReply(rnd) : customerMessage(rnd);
    await out.write(csvRow('T-LONG', `T-LONG-${m + 1}`, role, body, m * 60));
  }
  await out.close();
  return { path, bytes: out.bytes, messages };
}
