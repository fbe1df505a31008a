import { sentenceAt, sentenceStarts } from '../../prepare/sentences.js';
import type { Message } from '../../types.js';
import type { ConversationCheck, ConversationContext } from './check.js';
import { isCompanyReply, isConversation, leadSpan, lineOf, phraseAlternation, pick } from './shared.js';

/**
 * unanswered: the conversation ends with the customer waiting — a question or complaint after the
 * last public company reply (the chat agent in the seed story who never wrote back). A closing
 * "thanks!", "ok great", "cảm ơn", "谢谢" or a thumbs-up needs no answer and does not count.
 */

/**
 * Whole-message acknowledgements and their filler, per language. A message is an acknowledgement
 * when nothing but these (and punctuation, emoji, a signed name) is left, and it asks nothing.
 */
export const ACKNOWLEDGEMENTS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'thanks', 'thank you', 'thank u', 'thankyou', 'thanx', 'thx', 'thnx', 'tnx', 'ty', 'tysm', 'tyvm', 'cheers', 'ta',
    'many thanks', 'thanks a lot', 'thanks a million', 'much appreciated', 'appreciate it', 'i appreciate it', 'appreciated',
    'ok', 'okay', 'okey', 'okie', 'k', 'kk', 'alright', 'all right', 'fine', 'sure', 'yes', 'yep', 'yeah', 'yup', 'great', 'good',
    'nice', 'cool', 'perfect', 'awesome', 'excellent', 'brilliant', 'lovely', 'wonderful', 'amazing', 'fantastic', 'super', 'sweet',
    'got it', 'gotcha', 'noted', 'understood', 'i see', 'makes sense', 'that makes sense', 'will do', 'sounds good', 'sounds great',
    'all good', 'all set', 'sorted', 'solved', 'resolved', 'fixed', 'received', "that's all", 'that is all', "that's it",
    'no worries', 'np', 'no problem', 'never mind', 'nevermind', 'nvm', 'no thanks', 'no thank you', 'nothing else', 'nope',
    'bye', 'goodbye', 'bye bye', 'see you', 'have a nice day', 'have a good day', 'have a great day', 'have a good one',
    'have a nice weekend', 'have a great weekend', 'have a good weekend', 'you too', 'same to you', "you're welcome",
    'so much', 'very much', 'a lot', 'again', 'guys', 'team', 'all', 'mate', 'and', 'so', 'really', 'very', 'much', 'oh', 'ah', 'well',
    'for your help', 'for the help', 'for helping', 'for helping me', 'for your quick reply', 'for the quick reply',
    'for your quick response', 'for the quick response', 'for your reply', 'for the reply', 'for your response',
    'for the update', 'for the info', 'for the information', 'for getting back to me', 'for your time', 'for your patience',
    'for everything', 'for sorting this out', 'for sorting it out', 'for that', 'for this',
    'that helps', 'that helped', 'very helpful', 'that worked', 'that fixed it', 'that solved it', 'it works', 'it worked',
    "it's working", 'it works now', 'working now', 'works now', 'all working now', "that's great", 'that is great', "that's perfect",
    "you're the best", 'you guys are the best', 'you rock', 'problem solved', 'will try', "i'll try that", "i'll wait",
    'take care', "i'll try it", 'i will try', "i'll try later", "i'll check", 'later', 'good evening', 'good night', 'good afternoon', 'have a nice evening', 'have a good evening', 'not at the moment',
    'not for now', 'nothing for now', 'for your attention', 'for your assistance', 'for the assistance', 'i also wish you', 'same here',
  ],
  vi: [
    'cảm ơn', 'cám ơn', 'cảm ơn nhiều', 'cám ơn nhiều', 'cảm ơn rất nhiều', 'xin cảm ơn', 'thanks', 'thank you', 'tks', 'thks', 'ok', 'oke',
    'okê', 'okie', 'okay', 'vâng', 'dạ', 'được rồi', 'ổn rồi', 'tốt quá', 'tốt', 'tuyệt', 'tuyệt vời', 'hiểu rồi', 'rồi', 'xong rồi', 'nhận được rồi',
    'đã nhận được', 'đã nhận', 'không có gì', 'không cần nữa', 'không cần', 'chào', 'tạm biệt', 'chúc một ngày tốt lành',
    'ạ', 'nhé', 'nha', 'nhe', 'nhiều', 'lắm', 'em', 'anh', 'chị', 'bạn', 'shop', 'ad', 'admin', 'mình', 'tôi', 'bên', 'rất', 'nhiều nhé',
  ],
  ar: [
    'شكرا', 'شكراً', 'شكرا لك', 'شكرا لكم', 'شكرا جزيلا', 'شكراً جزيلاً', 'ألف شكر', 'الف شكر', 'مشكور', 'مشكورين', 'مشكورة', 'تسلم', 'تسلمي',
    'تسلمون', 'يعطيك العافية', 'الله يعطيك العافية', 'جزاك الله خيرا', 'جزاك الله خير', 'بارك الله فيك', 'تمام', 'حسنا', 'حسناً',
    'طيب', 'اوكي', 'أوكي', 'اوك', 'ok', 'ممتاز', 'رائع', 'فهمت', 'وصل', 'وصلت', 'تم', 'مع السلامة', 'في أمان الله', 'أخي', 'اختي', 'أختي',
    'على المساعدة', 'علي المساعدة', 'على مساعدتك', 'على الرد', 'على ردك', 'جدا', 'كثيرا',
  ],
  zh: [
    '谢谢', '谢谢你', '谢谢您', '多谢', '感谢', '感谢您', '非常感谢', '十分感谢', '万分感谢', '好的', '好', '好吧', '好滴', '行', '可以', '收到', '收到了',
    '明白', '明白了', '知道了', '了解', '没问题', '没事了', '解决了', '已解决', '辛苦了', '辛苦', '再见', '拜拜', '嗯', '嗯嗯', '哦', '亲', '啦',
    '了', '呀', '哈', '哈哈', '的', '啊', '你们', '客服', 'ok', '谢啦', '谢了',
  ],
  pl: [
    'dziękuję', 'dziękujemy', 'dzięki', 'dziękuje', 'bardzo dziękuję', 'wielkie dzięki', 'serdecznie dziękuję', 'serdecznie', 'pozdrawiam',
    'pozdrowienia', 'ok', 'okej', 'oki', 'okay', 'super', 'świetnie', 'dobrze', 'jasne', 'rozumiem', 'zrozumiałem', 'zrozumiałam', 'w porządku',
    'spoko', 'git', 'miłego dnia', 'za pomoc', 'za szybką odpowiedź', 'za odpowiedź', 'za informację', 'działa', 'już działa', 'wszystko jasne',
    'załatwione', 'do widzenia', 'pa', 'bardzo', 'tak', 'jeszcze raz', 'nie dziękuję', 'to wszystko', 'nawzajem', 'wzajemnie',
  ],
  es: [
    'gracias', 'muchas gracias', 'mil gracias', 'muchísimas gracias', 'ok', 'okey', 'okay', 'vale', 'perfecto', 'genial', 'de acuerdo',
    'entendido', 'excelente', 'estupendo', 'listo', 'muy amable', 'saludos', 'un saludo', 'buen día', 'que tenga buen día', 'igualmente',
    'adiós', 'hasta luego', 'por la ayuda', 'por su ayuda', 'por tu ayuda', 'por todo', 'por la respuesta', 'por su respuesta',
    'ya funciona', 'funciona', 'resuelto', 'todo bien', 'bien', 'muy bien', 'claro', 'sí', 'si', 'de nada', 'no gracias', 'nada más',
  ],
  de: [
    'danke', 'danke schön', 'dankeschön', 'vielen dank', 'vielen lieben dank', 'besten dank', 'herzlichen dank', 'danke sehr', 'ok',
    'okay', 'alles klar', 'super', 'perfekt', 'prima', 'passt', 'verstanden', 'gut', 'sehr gut', 'toll', 'klasse', 'für die hilfe',
    'für ihre hilfe', 'für deine hilfe', 'für die schnelle antwort', 'für die antwort', 'schönen tag', 'schönes wochenende', 'gruß',
    'grüße', 'viele grüße', 'lg', 'mfg', 'tschüss', 'erledigt', 'funktioniert', 'funktioniert jetzt', 'hat geklappt', 'ja', 'nochmals',
    'nein danke', 'das wars', "das war's", 'schönen abend', 'ihnen auch', 'dir auch', 'gleichfalls',
  ],
  fr: [
    'merci', 'merci beaucoup', 'merci bien', 'mille mercis', 'mille merci', 'ok', "d'accord", 'daccord', 'parfait', 'super', 'génial',
    'top', 'entendu', 'compris', 'très bien', 'bien', 'bonne journée', 'bonne soirée', 'cordialement', 'bien à vous', 'pour votre aide',
    "pour l'aide", 'pour ton aide', 'pour la réponse', 'pour votre réponse', "c'est bon", 'ça marche', 'ça fonctionne', 'nickel',
    'au revoir', 'oui', 'impeccable', 'encore', 'non merci', "c'est tout", 'à vous aussi', 'vous aussi', 'pareillement',
  ],
};

/**
 * The heart of a closing message: thanks, goodbye, good wishes. A message that has one, asks
 * nothing and reports no problem ("Thank you, I also wish you a nice day", "Thanks for your help.
 * I'll try to unsubscribe later") closes the conversation even with other words in it.
 */
export const CLOSINGS: Readonly<Record<string, readonly string[]>> = {
  en: ['thanks', 'thank you', 'thank u', 'thx', 'ty', 'cheers', 'appreciate', 'appreciated', 'bye', 'goodbye', 'take care', 'have a nice day',
    'have a good day', 'have a great day', 'nice day', 'good day', 'good evening', 'nice evening', 'good night', 'you too'],
  vi: ['cảm ơn', 'cám ơn', 'thanks', 'tks', 'tạm biệt', 'chúc'],
  ar: ['شكرا', 'مشكور', 'مشكورين', 'تسلم', 'يعطيك العافية', 'جزاك الله', 'مع السلامة', 'في أمان الله'],
  zh: ['谢谢', '多谢', '感谢', '辛苦了', '再见', '拜拜'],
  pl: ['dziękuję', 'dziękujemy', 'dzięki', 'pozdrawiam', 'do widzenia', 'miłego dnia', 'miłego wieczoru'],
  es: ['gracias', 'saludos', 'adiós', 'hasta luego', 'buen día', 'buenas noches', 'buena tarde', 'igualmente'],
  de: ['danke', 'dank', 'grüße', 'gruß', 'tschüss', 'schönen tag', 'schönen abend', 'auf wiedersehen'],
  fr: ['merci', 'cordialement', 'au revoir', 'bonne journée', 'bonne soirée', 'à bientôt'],
};

/** Words that say the problem is not over, or ask something: then a "thanks" does not close anything. */
export const STILL_OPEN: Readonly<Record<string, readonly string[]>> = {
  en: ['not', "n't", 'no longer', 'still', 'error', 'problem', 'issue', 'broken', 'wrong', 'fail', 'failed', 'failing', 'never', 'nothing',
    'refund', 'complain', 'complaint', 'unacceptable', 'ridiculous', 'disappointed', 'waiting', 'urgent', 'asap', 'but', 'however',
    'when', 'where', 'why', 'how', 'what', 'which', 'can you', 'could you', 'will you', 'would you', 'do you', 'is it', 'are you', 'please'],
  vi: ['không', 'chưa', 'vẫn', 'lỗi', 'sai', 'hỏng', 'nhưng', 'tuy nhiên', 'hoàn tiền', 'khiếu nại', 'đợi', 'chờ', 'khi nào', 'bao giờ',
    'ở đâu', 'tại sao', 'sao', 'thế nào', 'làm sao', 'bao lâu', 'vui lòng', 'giúp'],
  ar: ['لا', 'لم', 'لن', 'ليس', 'مازال', 'ما زال', 'لكن', 'مشكلة', 'خطأ', 'عطل', 'استرداد', 'شكوى', 'انتظر', 'متى', 'أين', 'لماذا', 'كيف',
    'هل', 'ماذا', 'كم', 'ارجو', 'الرجاء'],
  zh: ['不', '没', '还', '仍', '但', '可是', '问题', '错误', '故障', '退款', '投诉', '等', '怎么', '为什么', '什么', '哪', '多久', '吗', '呢', '请'],
  pl: ['nie', 'nadal', 'wciąż', 'dalej', 'ale', 'jednak', 'błąd', 'problem', 'zepsuty', 'zepsute', 'zwrot', 'reklamacja', 'reklamację', 'czekam',
    'kiedy', 'gdzie', 'dlaczego', 'jak', 'czy', 'proszę'],
  es: ['no', 'todavía', 'aún', 'sigue', 'pero', 'sin embargo', 'error', 'problema', 'roto', 'reembolso', 'reclamación', 'queja', 'espero',
    'esperando', 'cuándo', 'dónde', 'por qué', 'cómo', 'qué', 'cuál', 'por favor'],
  de: ['nicht', 'kein', 'keine', 'keinen', 'noch immer', 'immer noch', 'weiterhin', 'aber', 'jedoch', 'fehler', 'problem', 'kaputt', 'defekt',
    'erstattung', 'rückerstattung', 'beschwerde', 'warte', 'wann', 'wo', 'warum', 'wie', 'was', 'welche', 'bitte'],
  fr: ['ne', 'pas', 'toujours', 'mais', 'cependant', 'erreur', 'problème', 'cassé', 'remboursement', 'réclamation', 'plainte', "j'attends",
    'attends', 'quand', 'où', 'pourquoi', 'comment', 'quoi', 'quel', 'quelle', "s'il vous plaît", 'svp'],
};

const ACK = phraseAlternation(Object.values(ACKNOWLEDGEMENTS).flat());
const CLOSING = phraseAlternation(Object.values(CLOSINGS).flat());
/** "n't" sticks to its verb: a phrase list cannot hold it as a word. */
const OPEN = phraseAlternation(Object.values(STILL_OPEN).flat().filter((w) => w !== "n't"));
const NEGATED_VERB = /n't(?![\p{L}\p{N}])/u;
const QUESTION = /[?？؟¿]/u;
/** Punctuation between words ("no, thanks"), but not the apostrophe or hyphen inside one. */
const PUNCTUATION = /[!"#$%&()*+,./:;<=>@[\\\]^_`{|}~¡«»“”„…、。，！：；（）【】《》،؛]/g;
/** What is left after the phrases: punctuation, symbols, emoji and their joiners are not words. */
const NOT_WORDS = /[\p{P}\p{S}\p{Z}\s\u200d\ufe0f\p{Extended_Pictographic}\p{Emoji_Modifier}]+/gu;

/**
 * A closing message that needs no answer: nothing but thanks, ok and emoji ("Great, thanks so
 * much! 👍"), a signed "Thanks, Bo", or a last sentence of thanks/goodbye with no question and no
 * sign the problem goes on ("Thank you, I also wish you a nice day"). "Thanks, but it still doesn't
 * work" and "Thanks. My parcel arrived empty" are not.
 */
export function isAcknowledgement(message: Message, ctx: Pick<ConversationContext, 'prepared'>): boolean {
  const folded = ctx.prepared(message).folded;
  if (folded.text.trim() === '') return true; // an attachment or an empty part: nothing to answer
  if (QUESTION.test(folded.text)) return false;
  const original = folded.accented ? folded.text : folded.bare;
  const text = original.replace(PUNCTUATION, ' ');
  const rest = text.replace(pick(ACK, folded), ' ');
  if (rest.replace(NOT_WORDS, ' ').trim() === '') return true;
  // Thanks or goodbye in the last sentence, and nothing that keeps the problem open anywhere.
  // "Thanks. My parcel arrived empty" ends on the problem, so it is not a closing.
  const starts = sentenceStarts(original);
  const [s, e] = sentenceAt(starts, original.length, Math.max(0, original.trimEnd().length - 1));
  if (pick(CLOSING, folded).test(text.slice(s, e)) && !pick(OPEN, folded).test(rest) && !NEGATED_VERB.test(rest)) return true;
  // "Thanks, Bo": one capitalised word left at the very end is a signature.
  const words = rest.replace(NOT_WORDS, ' ').trim().split(/\s+/);
  if (words.length !== 1 || message.body.length > 80) return false;
  const last = /([\p{L}]+)[^\p{L}]*$/u.exec(message.body.trim())?.[1] ?? '';
  return last.length > 1 && /^\p{Lu}/u.test(last) && last.toLowerCase() === words[0];
}

export const unanswered: ConversationCheck = {
  name: 'unanswered',
  run(ticket, ctx) {
    if (!isConversation(ticket)) return [];
    const messages = ticket.messages;
    let lastReply = -1;
    for (let i = messages.length - 1; i >= 0; i--) {
      if (isCompanyReply(messages[i]!)) {
        lastReply = i;
        break;
      }
    }
    // The first customer message after the last reply that still wants an answer.
    for (let i = lastReply + 1; i < messages.length; i++) {
      const m = messages[i]!;
      if (m.role !== 'customer' || isAcknowledgement(m, ctx)) continue;
      const waiting = messages.slice(i + 1).filter((x) => x.role === 'customer').length;
      const before = lastReply >= 0 ? `the last company reply is at line ${lineOf(messages[lastReply]!)}` : 'no company reply in this ticket';
      return [{ message: m, ...leadSpan(m.body), detail: waiting > 0 ? `${before}; ${waiting} more customer message${waiting > 1 ? 's' : ''} followed` : before }];
    }
    return [];
  },
};
