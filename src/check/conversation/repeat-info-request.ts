import { bareString, foldString, originalSpan, type FoldedText } from '../../prepare/normalize.js';
import { sentenceAt, sentenceStarts } from '../../prepare/sentences.js';
import type { Message } from '../../types.js';
import type { ConversationCheck, ConversationContext, ConversationHit } from './check.js';
import { foldedRegex, isCompanyReply, isConversation, phraseAlternation, pick, type FoldedPattern } from './shared.js';

/**
 * repeat-info-request: the agent asks for a value the customer already gave in this ticket — the
 * order number, e-mail, phone number or account id (having to give the same information again and
 * again is on the seed's list of bad service). Precision comes from two facts that must both
 * hold: a value of that kind really is in an earlier customer message (typed extraction, not a
 * guess), and the agent's sentence is a request for that kind of value (a request cue, then only
 * filler words, then the noun). An agent who quotes the value ("I see order 12345") has it.
 */

export type InfoKind = 'order' | 'email' | 'phone' | 'account';
const KINDS: readonly InfoKind[] = ['order', 'email', 'phone', 'account'];
const KIND_NAMES: Record<InfoKind, string> = { order: 'order number', email: 'e-mail address', phone: 'phone number', account: 'account id' };

/** A value found in a customer message. `id` is an id-shaped code with no keyword: an order or account id. */
interface GivenValue {
  kind: InfoKind | 'id';
  /** Normalised for comparison: lower-case e-mail, last 9 digits of a phone, upper-case id without # or dashes. */
  norm: string;
  line: number;
}

// ---- extracting values from customer messages -------------------------------------------------

const B = '(?<![\\p{L}\\p{N}_])';
const E = '(?![\\p{L}\\p{N}_])';

/** Words that introduce an order number, in the eight languages (folded: lower case, ة→ه, ى→ي). */
const ORDER_KEYWORDS = [
  'orders?', 'order (?:number|no\\.?|num|id|ref(?:erence)?|code)', 'booking(?: (?:number|reference|ref|id|code))?',
  'reservation(?: (?:number|code|id))?', 'confirmation (?:number|code)',
  '(?:mã|số) (?:đơn hàng|đơn|vận đơn)', 'đơn hàng', 'đơn đặt hàng',
  '订单(?:号码|编号|号)?', '单号',
  'zamówieni\\p{L}*', '(?:numer\\p{L}*|nr\\.?) zamówieni\\p{L}*',
  '(?:[وفبل])?(?:رقم )?(?:ال)?طلب(?:ي|يه|يتي)?', '(?:[وفبل])?(?:رقم )?(?:ال)?اوردر', '(?:[وفبل])?(?:رقم )?(?:ال)?حجز',
  'pedido', '(?:número|no\\.?|núm\\.?|n°) de (?:pedido|orden|compra|reserva)', 'orden', 'reserva',
  'bestellung', 'bestellnummer', 'bestell-?nr\\.?', 'auftrag', 'auftragsnummer', 'buchungsnummer', 'buchung',
  'commande', '(?:numéro|n°|no) de commande', 'réservation',
];
const ACCOUNT_KEYWORDS = [
  'account(?: (?:number|no\\.?|num|id))?', 'customer (?:number|no\\.?|id)', 'member(?:ship)? (?:number|no\\.?|id)',
  'client (?:number|id)', 'user ?id', 'username',
  '(?:số |mã |id )?tài khoản', 'mã khách hàng', 'mã kh',
  '账号', '帐号', '账户', '帐户', '会员号', '会员编号', '客户编号', '用户名', '用户id',
  '(?:numer\\p{L}*|nr\\.?) (?:konta|klienta)', 'konto', 'login\\p{L}*', 'identyfikator\\p{L}*',
  '(?:[وفبل])?(?:رقم )?(?:ال)?حساب(?:ي)?', '(?:[وفبل])?رقم (?:ال)?عميل', '(?:[وفبل])?رقم (?:ال)?عضويه', 'اسم المستخدم',
  '(?:número|no\\.?|id|código) (?:de )?(?:cuenta|cliente|socio|usuario)', 'cuenta', 'usuario',
  'kundennummer', 'kunden-?nr\\.?', 'kunden-?id', 'kontonummer', 'benutzer-?(?:id|name)', 'mitgliedsnummer', 'nutzer-?id',
  '(?:numéro|n°|no|identifiant|id) (?:de )?(?:client|compte|membre|adhérent)', 'compte', 'identifiant',
];
const PHONE_KEYWORDS = [
  'phone', 'mobile', 'cell', 'tel\\.?', 'telephone', 'my number', 'call me (?:at|on)', 'reach me (?:at|on)', 'text me (?:at|on)', 'whatsapp',
  'số điện thoại', 'điện thoại', 'sđt', 'số đt', 'số của (?:tôi|em|mình)', 'gọi (?:cho )?(?:tôi|em|mình)',
  '电话', '手机', '联系方式', '联系电话',
  'telefon\\p{L}*', 'komórk\\p{L}*', 'numer kontaktowy',
  '(?:ال)?هاتف(?:ي)?', '(?:ال)?جوال(?:ي)?', '(?:ال)?موبايل(?:ي)?', 'تلفون(?:ي)?', 'رقمي',
  'teléfono', 'móvil', 'celular',
  'handy\\p{L}*', 'mobil\\p{L}*', 'rufnummer',
  'téléphone', 'portable', 'tél\\.?', 'joignable au',
];

/** What may stand between a keyword and its value: "order number is #", "订单号是", "zamówienie nr", "طلبي رقم". */
const CONNECTOR =
  '(?:[\\s:：#＃.,()\\-]|号码|编号|号|是|为|(?:number|no|num|nr|id|ref|reference|is|was|code|số|mã|là|numer|numeru|to|jest|رقم|هو|número|núm|es|era|nummer|ist|lautet|numéro|est|n°)(?![\\p{L}\\p{N}]))*';
/** Ids are Latin letters and digits (a Han character after 订单号 is not part of the number). */
const TOKEN = '(#?[\\p{Script=Latin}\\p{N}][\\p{Script=Latin}\\p{N}_/\\-]*)';
/** Money and quantities after a number are amounts, not ids ("đơn hàng 250000đ", "order of 12000 yen"). */
const AMOUNT_AFTER = /^\s?(?:đ|₫|vnd|vnđ|k|usd|eur|€|\$|£|zł|pln|元|块|rmb|yen|¥|ريال|دولار|درهم|جنيه|euros?|dollars?|items?|pcs|sản phẩm|cái|件)(?![\p{L}])/u;
const DATE_OR_TIME = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}:\d{2})$/;

const keywordValue = (keywords: string[]): FoldedPattern =>
  foldedRegex(`(?<![\\p{L}\\p{N}_])(?:${keywords.join('|')})${CONNECTOR}${TOKEN}`);
const ORDER_VALUE = keywordValue(ORDER_KEYWORDS);
const ACCOUNT_VALUE = keywordValue(ACCOUNT_KEYWORDS);
const PHONE_NEAR = foldedRegex(`(?<![\\p{L}\\p{N}_])(?:${PHONE_KEYWORDS.join('|')})[^\\n\\d]{0,25}$`, 'u');
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const PHONE = /(?<![\p{L}\p{N}_+#])\+?\(?\d[\d\s().-]{5,18}\d(?![\p{L}\p{N}_])/gu;
/** Ids without a keyword, in the original case: "#100234", "ORD-55821", "DH123456". */
const BARE_ID = /(?<![\p{L}\p{N}_])(?:#\s?(\d[\d-]{4,}|[A-Z0-9]*\d[A-Z0-9]{4,})|([A-Z]{1,5}-?\d{4,}[A-Z0-9]*))(?![\p{L}\p{N}_])/gu;

const normId = (s: string): string => s.replace(/[#\s\-_/]/g, '').toUpperCase();
const normPhone = (s: string): string => {
  const digits = s.replace(/\D/g, '');
  return digits.length > 9 ? digits.slice(-9) : digits;
};

function textOf(folded: FoldedText): string {
  return folded.accented ? folded.text : folded.bare;
}

/** The values a customer message gives, each with the line it is on. */
export function extractValues(message: Message, ctx: Pick<ConversationContext, 'prepared'>): GivenValue[] {
  const prepared = ctx.prepared(message);
  const f = prepared.folded;
  const text = textOf(f);
  const out: GivenValue[] = [];
  // Every value has a digit (ids, phones) or an @ (e-mail): most messages have neither.
  if (!/[\d@]/.test(text)) return out;
  const lineAt = (foldedIndex: number): number => message.locator.locate(originalSpan(f, foldedIndex, foldedIndex + 1)[0]).line;
  const idSpans: Array<[number, number]> = [];
  for (const [kind, pattern] of [['order', ORDER_VALUE], ['account', ACCOUNT_VALUE]] as const) {
    for (const m of text.matchAll(pick(pattern, f))) {
      const token = m[1]!.replace(/[.\-/]+$/, '');
      const start = m.index + m[0].length - m[1]!.length;
      const after = text.slice(start + m[1]!.length);
      const amount = AMOUNT_AFTER.test(after) || (/^\d/.test(token) && AMOUNT_AFTER.test(token.replace(/^[\d.,]+/, '')));
      if (!/\p{N}/u.test(token) || normId(token).length < 5 || DATE_OR_TIME.test(token) || amount) continue;
      out.push({ kind, norm: normId(token), line: lineAt(start) });
      idSpans.push([start, start + token.length]);
    }
  }
  for (const m of text.matchAll(EMAIL)) out.push({ kind: 'email', norm: m[0].toLowerCase(), line: lineAt(m.index) });
  for (const m of text.matchAll(PHONE)) {
    const raw = m[0];
    const digits = raw.replace(/\D/g, '').length;
    if (digits < 7 || digits > 15 || DATE_OR_TIME.test(raw.trim())) continue;
    if (idSpans.some(([a, b]) => m.index < b && m.index + raw.length > a)) continue; // an order number, not a phone
    const separators = (raw.match(/[\s().-]+/g) ?? []).length;
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    if (!(raw.startsWith('+') || pick(PHONE_NEAR, f).test(before) || separators >= 2)) continue;
    out.push({ kind: 'phone', norm: normPhone(raw), line: lineAt(m.index) });
  }
  BARE_ID.lastIndex = 0;
  for (const m of prepared.rawText.matchAll(BARE_ID)) {
    const token = m[1] ?? m[2]!;
    if (normId(token).length < 5) continue;
    out.push({ kind: 'id', norm: normId(token), line: message.locator.locate(m.index).line });
  }
  return out;
}

// ---- recognising a request in an agent message ------------------------------------------------

interface RequestLanguage {
  /** What opens a request: "could you send", "请提供", "proszę podać". Regex source, folded. */
  cues: string[];
  /** What closes a question after the noun: "是多少", "là gì". */
  post?: string[];
  /** Words allowed between the cue and the noun ("your", "the", "us", "again"). */
  gap: string[];
  /** Chinese: up to this many characters of anything but punctuation between cue and noun. */
  gapChars?: number;
  nouns: Record<InfoKind, string[]>;
  /** Phrases that make the sentence something else: a new value, a thank-you, a not-found. */
  unless: string[];
  /** No word boundaries (Chinese). */
  han?: boolean;
}

const REQUESTS: Record<string, RequestLanguage> = {
  en: {
    cues: [
      '(?:could|can|would|will) you(?: please| kindly| just| also| now)*(?: (?:send|provide|give|share|confirm|tell|verify|reply with|respond with|dm|message|pm|type|write|forward|include|resend|re-send|let (?:me|us) (?:know|have)))',
      '(?:please|pls|plz|kindly)(?: (?:also|again|just|now))* (?:send|provide|give|share|confirm|tell|verify|reply with|respond with|dm|message|pm|type|write|forward|include|resend|re-send|let (?:me|us) (?:know|have))',
      "what(?:'s| is|s| was)", "may i (?:have|get|ask for|ask|request)", "(?:can|could) i (?:have|get|ask for|ask|request)",
      "(?:i|we)(?:'ll| will| would|'d)? need", "(?:i|we)(?:'d| would) like", 'do you have',
      '(?:send|provide|give|share|confirm|tell|verify|dm|message|forward) (?:me|us)',
    ],
    gap: ['your', 'ur', 'yr', 'the', 'us', 'me', 'with', 'again', 'also', 'please', 'kindly', 'full', 'correct', 'complete', 'exact',
      'registered', 'associated', 'relevant', 'just', 'valid', 'over', 'here', 'via', 'in', 'dm', 'private', 'message',
      'to', 'get', 'know', 'have', 'once', 'more', 'quickly', 'kindly', 'also', 'send', 'provide', 'give', 'share', 'confirm', 'tell'],
    nouns: {
      order: ['order (?:number|no\\.?|num|#|id|reference|ref|code|confirmation number)', 'order#', 'booking (?:reference|number|ref|code)', 'reservation (?:number|code)', 'confirmation number'],
      // "send us an email" asks for a message, not an address: a bare "email" counts only as "your email".
      email: ['e-?mail address(?:es)?', 'mail address', '(?<=(?:your|ur|yr) )e-?mail(?! (?:you|we|i|that|which|from|to|with|about)(?![\\p{L}]))'],
      phone: ['(?:phone|mobile|telephone|cell|contact) number', '(?<=(?:your|ur|yr) )(?:phone|mobile|cell)(?=\\s*(?:[?.!,]|$))'],
      account: ['account (?:number|no\\.?|id)', 'customer (?:number|id|no\\.?)', 'member(?:ship)? (?:number|id)', 'client (?:number|id)', 'user ?id'],
    },
    unless: ['new', 'another', 'different', 'alternative', 'alternate', 'other', 'second', 'backup', 'secondary', 'thanks for', 'thank you for',
      'i see', 'i can see', 'i found', "i've found", 'i have found', 'we found', 'we received', 'i received', 'got your', "couldn't find",
      'could not find', "can't find", 'cannot find', 'unable to find', 'unable to locate', "doesn't match", 'does not match', 'invalid',
      'incorrect', 'never ask', 'will never', "don't need", 'do not need', 'no need', 'already'],
  },
  vi: {
    cues: [
      '(?:vui lòng|xin vui lòng|làm ơn|phiền)(?: (?:anh|chị|bạn|quý khách|anh/chị|anh chị|a/c|mình))?(?: (?:gửi|cung cấp|cho biết|xác nhận|nhắn|ib|inbox|để lại|đọc|cho))',
      'cho (?:em|mình|tôi|chúng tôi|bên em|shop|ad|bên mình) xin',
      '(?:anh|chị|bạn|quý khách|anh/chị|a/c|anh chị)(?: (?:có thể|vui lòng|giúp|ơi))? (?:gửi|cung cấp|cho em biết|cho biết|xác nhận|nhắn tin|ib|inbox|để lại|đọc)',
      '(?:em|bên em|chúng tôi|shop|mình) (?:cần|xin)',
    ],
    post: ['là gì', 'là bao nhiêu', 'là số nào', 'là số mấy'],
    gap: ['lại', 'giúp', 'giùm', 'dùm', 'hộ', 'cho', 'em', 'mình', 'bên', 'chúng', 'tôi', 'anh', 'chị', 'bạn', 'quý', 'khách', 'của', 'với',
      'ạ', 'nhé', 'nha', 'thông', 'tin', 'chính', 'xác', 'đầy', 'đủ', 'ơi', 'a/c', 'anh/chị', 'xin', 'gửi', 'cung', 'cấp', 'biết'],
    nouns: {
      order: ['(?:mã|số) (?:đơn hàng|đơn đặt hàng|đơn)'],
      // "gửi email cho bên em" is "e-mail us": a bare "email" counts after "xin" or before "của anh/chị".
      email: ['địa chỉ (?:e-?mail|gmail|mail)', '(?<=xin )e-?mail', 'e-?mail(?= của (?:anh|chị|bạn|quý khách|anh/chị|a/c|mình))'],
      phone: ['số (?:điện thoại|đt)', 'sđt'],
      account: ['(?:số|mã|id) tài khoản', 'mã khách hàng'],
    },
    unless: ['mới', 'khác', 'cảm ơn', 'cám ơn', 'em thấy', 'đã nhận được', 'không tìm thấy', 'không đúng', 'không hợp lệ', 'sai'],
  },
  zh: {
    han: true,
    cues: ['请(?:您|你)?(?:再|重新)?(?:提供|告诉|告知|发送|发|确认|输入|留下|私信|填写|给)', '麻烦(?:您|你)?(?:再|重新)?(?:提供|告诉|告知|发送|发|确认|留下|给)',
      '(?:能否|可否|能不能|可不可以|可以)(?:再|重新)?(?:提供|告诉|发送|发|确认|给)', '请问'],
    post: ['是多少', '是什么', '多少'],
    gap: [],
    gapChars: 6,
    nouns: {
      order: ['订单号码', '订单编号', '订单号', '单号'],
      email: ['邮箱地址', '电子邮箱', '邮箱', '电子邮件地址', '邮件地址'],
      phone: ['手机号码', '手机号', '电话号码', '联系电话'],
      account: ['账号', '帐号', '账户', '帐户', '会员号', '会员编号', '客户编号', '用户id'],
    },
    unless: ['新的', '其他', '另一个', '别的', '另外', '谢谢您提供', '感谢您提供', '已收到', '找不到', '查不到', '没有找到', '无效', '有误', '不正确',
      '发送到', '发到', '发至', '发送至', '寄到', '寄至'],
  },
  ar: {
    cues: ['يرجي', 'الرجاء', 'رجاء', 'نرجو', 'ارجو', 'من فضلك', 'لو سمحت', 'ممكن', 'هل يمكنك', 'هل يمكنكم', 'هل بامكانك', 'يمكنك', 'ارسل', 'ارسلي',
      'زودنا', 'زودني', 'اعطني', 'اعطنا', 'ما هو', 'ماهو', 'ما هي', 'ابعث', 'شاركنا', 'اكد', 'نحتاج', 'احتاج'],
    gap: ['تزويدنا', 'تزويدي', 'ارسال', 'اعطاءنا', 'تاكيد', 'لنا', 'لي', 'الينا', 'الي', 'مشاركه', 'كتابه', 'ذكر', 'من', 'فضلك', 'مره', 'اخري', 'ب'],
    nouns: {
      order: ['(?:[وفبل])?رقم (?:ال)?طلب(?:يه|ك|كم)?', '(?:[وفبل])?رقم (?:ال)?اوردر', '(?:[وفبل])?رقم (?:ال)?حجز'],
      // "ارسل لنا ايميل" is "e-mail us": only the address, or "your e-mail" (suffix ك), is a request for it.
      email: ['(?:[وفبل])?عنوان (?:ال)?بريد(?: (?:ال)?الكتروني)?', '(?:[وفبل])?بريدك(?: الالكتروني)?', '(?:[وفبل])?(?:ال)?(?:ايميلك|اميلك)',
        '(?:[وفبل])?(?:ال)?(?:ايميل|بريد الالكتروني) الخاص بك'],
      phone: ['(?:[وفبل])?رقم (?:ال)?(?:هاتف|جوال|موبايل|تلفون|تليفون)(?:ك|كم)?'],
      account: ['(?:[وفبل])?رقم (?:ال)?حساب(?:ك|كم)?', '(?:[وفبل])?رقم (?:ال)?عميل', '(?:[وفبل])?رقم (?:ال)?عضويه'],
    },
    unless: ['جديد', 'اخر', 'بديل', 'شكرا علي', 'شكرا ل', 'وجدت', 'لم نجد', 'لا يوجد', 'غير صحيح'],
  },
  pl: {
    cues: [
      'prosz[eę](?: o)?(?: (?:podać|podanie|przesłać|przesłanie|wysłać|wysłanie|potwierdzić|potwierdzenie|napisać|wpisać))?',
      'prosimy(?: o)?(?: (?:podać|podanie|przesłać|przesłanie|wysłanie|potwierdzenie|potwierdzić|napisać))?', 'poproszę(?: o)?', 'poprosimy(?: o)?',
      'czy (?:może|mogłaby|mógłby|możesz|mogłabyś|mógłbyś|mogliby|możecie|można)(?: pan| pani| państwo)?(?: (?:podać|przesłać|wysłać|potwierdzić|napisać))?',
      '(?:jaki|jak) (?:jest|brzmi)', '(?:podaj|prześlij|wyślij|potwierdź|napisz)(?: mi| nam)?', '(?:potrzebuję|potrzebujemy|potrzebowałbym|potrzebowałabym)',
    ],
    gap: ['mi', 'nam', 'o', 'pana', 'pani', 'państwa', 'twój', 'twojego', 'twoja', 'swój', 'swojego', 'swoją', 'swoje', 'jeszcze', 'raz', 'ponownie',
      'pełny', 'pełnego', 'dokładny', 'dokładnego', 'podać', 'podanie', 'przesłać', 'przesłanie', 'potwierdzić', 'potwierdzenie', 'też', 'również'],
    nouns: {
      order: ['(?:numer\\p{L}*|nr\\.?) zamówieni\\p{L}*'],
      email: ['adres\\p{L}* e-?mail\\p{L}*', 'adres\\p{L}* mailow\\p{L}*', '(?<=(?:pana|pani|twój|twojego|swój|swojego|państwa) )e-?mail\\p{L}*'],
      phone: ['(?:numer\\p{L}*|nr\\.?) (?:telefon\\p{L}*|komórk\\p{L}*|kontaktow\\p{L}*)'],
      account: ['(?:numer\\p{L}*|nr\\.?) (?:konta|klienta)', 'identyfikator\\p{L}* klienta'],
    },
    unless: ['nowy', 'nowego', 'nowa', 'nową', 'nowej', 'nowym', 'inny', 'innego', 'inna', 'inną', 'innej', 'alternatywn*', 'dziękuj*', 'dzięki za',
      'widzę', 'znalazł*', 'nie możemy znaleźć', 'nie znaleźli*', 'nieprawidłow*', 'błędn*'],
  },
  es: {
    cues: [
      '(?:me|nos) (?:facilita|facilitas|facilitaría|facilitarías|indica|indicas|envía|envías|proporciona|proporcionas|confirma|confirmas|da|das|pasa|pasas|comparte|compartes|dice|dices|escribe|escribes)',
      '(?:me|nos) (?:podría|podrías|puede|puedes)(?: usted)? (?:facilitar|indicar|enviar|proporcionar|confirmar|decir|dar|compartir|pasar)',
      '(?:podría|podrías|puede|puedes)(?: usted)? (?:facilitar|indicar|enviar|proporcionar|confirmar|decir|dar|compartir|pasar)(?:me|nos)?',
      '(?:facilítenos|facilíteme|facilítame|facilítanos|indíquenos|indíqueme|indícame|indícanos|envíenos|envíeme|envíame|envíanos|proporciónenos|proporcióneme|confírmenos|confírmeme|confírmame|dígame|dime|pásame|compártanos)',
      'por favor,? (?:facilite|indique|envíe|proporcione|confirme|diga|envía|indica|confirma|facilita)', 'cuál es', '(?:necesito|necesitamos|necesitaría|necesitaríamos)',
    ],
    gap: ['su', 'tu', 'el', 'la', 'los', 'las', 'me', 'nos', 'por', 'favor', 'usted', 'nuevamente', 'completo', 'exacto', 'correcto', 'de', 'nuevo'],
    nouns: {
      order: ['(?:número|no\\.?|núm\\.?|n°) de (?:pedido|orden|compra|reserva)', '(?:id|código|referencia) del? (?:pedido|compra|reserva)'],
      email: ['dirección de (?:correo(?: electrónico)?|e-?mail)', '(?<=(?:su|tu) )(?:correo(?: electrónico)?|e-?mail)'],
      phone: ['(?:número de )?(?:teléfono|móvil|celular)'],
      account: ['(?:número|id|código) de (?:cuenta|cliente|socio|usuario)', '(?:id|número) (?:de )?cliente'],
    },
    unless: ['nuevo correo', 'nueva dirección', 'otro correo', 'otra dirección', 'otro número', 'otro teléfono', 'otra cuenta', 'diferente',
      'alternativ*', 'gracias por', 'veo que', 'encontré', 'no encontramos', 'no encuentro', 'no aparece', 'inválid*', 'incorrect*'],
  },
  de: {
    cues: [
      '(?:nennen|senden|schicken|geben|teilen|bestätigen|übermitteln|nenne|sende|schick|gib|teile|bestätige)(?: sie| du)?(?: uns| mir)?',
      '(?:könnten|können|würden|könntest|kannst)(?: sie| du)?(?: uns| mir)?', 'wie (?:lautet|lauten|ist)', '(?:ich|wir) (?:benötige|benötigen|brauche|brauchen)', 'bitte(?: um)?',
    ],
    gap: ['sie', 'du', 'uns', 'mir', 'bitte', 'noch', 'einmal', 'mal', 'ihre', 'ihren', 'ihrer', 'deine', 'deinen', 'die', 'den', 'das', 'dem',
      'vollständige', 'vollständigen', 'korrekte', 'korrekten', 'genaue', 'genauen', 'kurz', 'nochmals', 'erneut', 'um', 'nennen', 'senden',
      'schicken', 'geben', 'teilen', 'bestätigen', 'übermitteln'],
    nouns: {
      order: ['bestellnummer\\p{L}*', 'auftragsnummer\\p{L}*', 'bestell-?nr\\.?', 'bestellungsnummer', 'buchungsnummer'],
      email: ['e-?mail-?adresse', 'mailadresse', '(?<=(?:ihre|deine) )e-?mail'],
      phone: ['telefonnummer', 'handynummer', 'mobilnummer', 'rufnummer'],
      account: ['kundennummer', 'kontonummer', 'kunden-?nr\\.?', 'kunden-?id', 'benutzer-?id', 'mitgliedsnummer'],
    },
    unless: ['neue', 'neuen', 'andere', 'anderen', 'alternative', 'weitere', 'danke für', 'vielen dank für', 'ich sehe', 'gefunden', 'nicht finden', 'ungültig', 'falsch'],
  },
  fr: {
    cues: [
      '(?:pourriez|pouvez|pourrais|peux|voudriez|voulez)-vous(?: (?:me|nous))?(?: (?:communiquer|envoyer|donner|indiquer|transmettre|confirmer|fournir|préciser|redonner|renvoyer|écrire))?',
      '(?:merci|je vous remercie) de(?: bien vouloir)?(?: (?:me|nous))?(?: (?:communiquer|envoyer|donner|indiquer|transmettre|confirmer|fournir|préciser))',
      'veuillez(?: (?:me|nous))?(?: (?:communiquer|envoyer|donner|indiquer|transmettre|confirmer|fournir|préciser))?', 'quel(?:le)? est',
      "(?:j'ai|nous avons|j'aurais|nous aurions) besoin d[e']",
      '(?:communiquez|envoyez|donnez|indiquez|transmettez|confirmez|fournissez|précisez)(?:-(?:moi|nous))?',
    ],
    gap: ['me', 'nous', 'votre', 'vos', 'ton', 'ta', 'le', 'la', "l'", 'du', 'bien', 'vouloir', "s'il", 'vous', 'plaît', 'svp', 'complet', 'exact',
      'communiquer', 'envoyer', 'donner', 'indiquer', 'transmettre', 'confirmer', 'fournir', 'préciser'],
    nouns: {
      order: ['(?:numéro|n°|no|référence) de (?:votre )?commande', '(?:numéro|référence) de réservation'],
      email: ["(?:l'|d')?adresse (?:e-?mail|mail|électronique|courriel)", '(?<=(?:votre|ton) )(?:e-?mail|courriel)'],
      phone: ['(?:numéro de )?(?:téléphone|portable)'],
      account: ['(?:numéro|identifiant|id) (?:de )?(?:client|compte|membre|adhérent)', 'numéro client'],
    },
    unless: ['nouveau', 'nouvelle', 'autre', 'différent*', 'merci pour', 'merci de nous avoir', 'je vois', 'trouvé', 'introuvable',
      'ne trouvons pas', 'ne retrouve pas', 'invalide', 'incorrect*'],
  },
};

/** Per kind, every language's nouns in one pattern: one scan tells whether a kind is asked for at all. */
let anyNoun: Map<InfoKind, FoldedPattern> | null = null;
function nounPrefilter(): Map<InfoKind, FoldedPattern> {
  anyNoun ??= new Map(
    KINDS.map((k) => {
      const parts = Object.values(REQUESTS).map((spec) => (spec.han ? `(?:${spec.nouns[k].join('|')})` : `${B}(?:${spec.nouns[k].join('|')})${E}`));
      return [k, foldedRegex(parts.join('|'), 'u')] as const;
    }),
  );
  return anyNoun;
}

interface CompiledRequest {
  lang: string;
  cue: FoldedPattern;
  /** After the noun: gap words, then a closing cue. */
  post: FoldedPattern | null;
  /** After the noun: gap words, then a question mark (only when the noun opens the sentence). */
  question: FoldedPattern;
  nouns: Array<[InfoKind, FoldedPattern]>;
  gap: Set<string>;
  gapChars: number;
  unless: FoldedPattern;
}

let compiled: CompiledRequest[] | null = null;
function requests(): CompiledRequest[] {
  if (compiled) return compiled;
  const bounded = (sources: string[], han: boolean): string => {
    // Regex sources are written folded already (lower case, simplified Chinese, ة as ه): folding them would break \p{L}.
    const alt = `(?:${sources.join('|')})`;
    return han ? alt : `${B}${alt}${E}`;
  };
  const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  compiled = Object.entries(REQUESTS).map(([lang, spec]) => {
    const gapWords = [...new Set(spec.gap.map((w) => foldString(w)))].sort((x, y) => y.length - x.length).map(escape);
    const gapSeq = spec.gapChars
      ? `[^。！？.!?\\n\\p{N}]{0,${spec.gapChars}}?`
      : `(?:[\\s,，、]*(?:${gapWords.join('|') || '(?!)'})(?![\\p{L}\\p{N}_]))*[\\s,，、]*`;
    return {
      lang,
      cue: foldedRegex(bounded(spec.cues, spec.han === true)),
      post: spec.post ? foldedRegex(`^${gapSeq}${bounded(spec.post, spec.han === true)}`, 'u') : null,
      question: foldedRegex(`^${gapSeq}[?？؟]`, 'u'),
      nouns: KINDS.map((k) => [k, foldedRegex(bounded(spec.nouns[k], spec.han === true))] as [InfoKind, FoldedPattern]),
      gap: new Set(spec.gap.flatMap((w) => [foldString(w), bareString(foldString(w))])),
      gapChars: spec.gapChars ?? 0,
      unless: phraseAlternationWithStars(spec.unless),
    };
  });
  return compiled;
}

/** `alternatywn*`: the word goes on. Other unless terms are literal phrases. */
function phraseAlternationWithStars(terms: string[]): FoldedPattern {
  const literal = terms.filter((t) => !t.endsWith('*'));
  const stems = terms.filter((t) => t.endsWith('*')).map((t) => foldString(t.slice(0, -1)).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\p{L}*');
  if (stems.length === 0) return phraseAlternation(literal);
  const lit = phraseAlternation(literal);
  const stem = `${B}(?:${stems.join('|')})${E}`;
  return {
    accented: new RegExp(`${lit.accented.source}|${stem}`, 'gu'),
    bare: new RegExp(`${lit.bare.source}|${bareString(stem)}`, 'gu'),
  };
}

function gapOk(gap: string, spec: CompiledRequest): boolean {
  const g = gap.trim();
  if (g === '') return true;
  if (spec.gapChars > 0) return g.length <= spec.gapChars && !/[。！？.!?\n\p{N}]/u.test(g);
  return g.split(/[\s,，、]+/).every((w) => w === '' || spec.gap.has(w));
}

interface Request {
  kind: InfoKind;
  /** Folded span of the request (cue to noun). */
  from: number;
  to: number;
}

/** The value requests in an agent message, one per kind (only the `kinds` asked about: default all). */
export function findRequests(folded: FoldedText, kinds: ReadonlySet<InfoKind> = new Set(KINDS)): Request[] {
  const text = textOf(folded);
  if (text.length === 0) return [];
  const prefilter = nounPrefilter();
  const wanted = new Set([...kinds].filter((k) => pick(prefilter.get(k)!, folded).test(text)));
  if (wanted.size === 0) return [];
  const found = new Map<InfoKind, Request>();
  let starts: number[] | null = null;
  for (const spec of requests()) {
    for (const [kind, pattern] of spec.nouns) {
      if (found.has(kind) || !wanted.has(kind)) continue;
      for (const noun of text.matchAll(pick(pattern, folded))) {
        const a = noun.index;
        const b = a + noun[0].length;
        const [s, e] = sentenceAt((starts ??= sentenceStarts(text)), text.length, a);
        const sentence = text.slice(s, e);
        let from = -1;
        const cue = pick(spec.cue, folded);
        cue.lastIndex = s;
        for (let c = cue.exec(text); c && c.index < a; c = cue.exec(text)) {
          const end = c.index + c[0].length;
          if (end <= a && gapOk(text.slice(end, a), spec)) {
            from = c.index;
            break;
          }
          if (c[0].length === 0) cue.lastIndex++;
        }
        let to = b;
        if (from < 0) {
          // "số đơn hàng của anh/chị là gì", "订单号是多少", or a bare "Your order number?" opening the sentence.
          const after = text.slice(b, e);
          const close = (spec.post ? pick(spec.post, folded).exec(after) : null) ?? (gapOk(text.slice(s, a), spec) ? pick(spec.question, folded).exec(after) : null);
          if (!close) continue;
          from = a;
          to = b + close[0].length;
        }
        if (pick(spec.unless, folded).test(sentence)) continue;
        found.set(kind, { kind, from, to });
        break;
      }
    }
  }
  return [...found.values()].sort((x, y) => x.from - y.from);
}

/**
 * The values a customer gave, answering in time independent of how many there are: the kinds
 * asked about, the first value that satisfies a kind, and whether an agent message quotes one
 * (by set lookup of the ids and phones it contains; e-mails, rare, are searched one by one).
 */
class GivenValues {
  readonly kinds = new Set<InfoKind>();
  /** The first value of each kind, with its position among all values given. */
  private readonly firsts = new Map<GivenValue['kind'], { value: GivenValue; at: number }>();
  private readonly norms = new Map<GivenValue['kind'], Set<string>>();
  size = 0;

  add(value: GivenValue): void {
    if (value.kind === 'id') this.kinds.add('order').add('account');
    else this.kinds.add(value.kind);
    if (!this.firsts.has(value.kind)) this.firsts.set(value.kind, { value, at: this.size });
    let set = this.norms.get(value.kind);
    if (!set) this.norms.set(value.kind, (set = new Set()));
    set.add(value.norm);
    this.size++;
  }

  has(kind: InfoKind): boolean {
    return this.first(kind) !== undefined;
  }

  /** The earliest value given that satisfies `kind` (an id counts as an order or account number). */
  first(kind: InfoKind): GivenValue | undefined {
    const own = this.firsts.get(kind);
    const id = kind === 'order' || kind === 'account' ? this.firsts.get('id') : undefined;
    if (!own || !id) return (own ?? id)?.value;
    return own.at <= id.at ? own.value : id.value;
  }

  /** Whether the agent's message already quotes a value that satisfies `kind` (then the agent has it). */
  mentioned(folded: FoldedText, raw: string, kind: InfoKind): boolean {
    const sources: Array<GivenValue['kind']> = kind === 'order' || kind === 'account' ? [kind, 'id'] : [kind];
    let ids: Set<string> | null = null;
    let phones: Set<string> | null = null;
    for (const source of sources) {
      const norms = this.norms.get(source);
      if (!norms) continue;
      if (source === 'email') {
        for (const norm of norms) if (folded.text.includes(norm)) return true;
        continue;
      }
      if (source === 'phone') {
        if (!phones) {
          phones = new Set<string>();
          for (const m of raw.matchAll(/\+?\d[\d\s().-]{5,18}\d/g)) phones.add(normPhone(m[0]));
        }
        for (const p of phones) if (norms.has(p)) return true;
        continue;
      }
      if (!ids) {
        ids = new Set<string>();
        for (const m of raw.matchAll(/[\p{L}\p{N}#][\p{L}\p{N}\-_/#]*/gu)) if (/\p{N}/u.test(m[0])) ids.add(normId(m[0]));
      }
      for (const id of ids) if (norms.has(id)) return true;
    }
    return false;
  }
}

export const repeatInfoRequest: ConversationCheck = {
  name: 'repeat-info-request',
  run(ticket, ctx) {
    if (!isConversation(ticket)) return [];
    // What the customer gave so far, kept per kind and without repeats: a 50,000-message ticket
    // re-scanned every value given so far at each agent reply (quadratic: 12 s of 21).
    const given = new GivenValues();
    const hits: ConversationHit[] = [];
    for (const message of ticket.messages) {
      if (message.role === 'customer') {
        for (const v of extractValues(message, ctx)) given.add(v);
        continue;
      }
      // Internal notes are not asked of the customer; system messages are not the agent's words.
      if (!isCompanyReply(message) || given.size === 0) continue;
      const prepared = ctx.prepared(message);
      const repeated = findRequests(prepared.folded, given.kinds).filter((r) => given.has(r.kind) && !given.mentioned(prepared.folded, prepared.rawText, r.kind));
      if (repeated.length === 0) continue;
      const first = repeated[0]!;
      const [start, end] = originalSpan(prepared.folded, first.from, first.to);
      const where = repeated.map((r) => `${KIND_NAMES[r.kind]} at line ${given.first(r.kind)!.line}`);
      hits.push({ message, start, end, detail: `the customer already gave their ${where.join(' and ')}` });
    }
    return hits;
  },
};
