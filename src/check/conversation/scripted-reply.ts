import type { Message } from '../../types.js';
import type { ConversationCheck, ConversationHit } from './check.js';
import { cachedOptions, isCompanyReply, isConversation, leadSpan, lineOf, numberOption, type OptionSource } from './shared.js';

/**
 * scripted-reply: the same company reply sent again after the customer wrote back — the
 * toilet-paper customer who complained six times and got the same letter six times. Two public
 * company replies with a customer message between them are compared on their folded text, with
 * digit runs, the greeting's name and a short sign-off masked, so "Hi Bo ... order 123" and
 * "Hi Tom ... order 456" count as the same letter.
 *
 * Similarity is the Sørensen–Dice coefficient over character-bigram multisets (natural's
 * `DiceCoefficient` uses bigram *sets* and re-tokenises both strings on every call; here each
 * reply's bigram profile is built once and two profiles are merged in linear time). Each reply is
 * compared with the previous `window` company replies only (default 20), so a ticket of n replies
 * costs n × window comparisons, never n². Measured on a 50,000-message ticket: see the report in
 * tests/conversation-scripted.test.ts's header.
 */

interface ScriptedOptions {
  threshold: number;
  minLength: number;
  window: number;
}

const DEFAULTS: ScriptedOptions = { threshold: 0.9, minLength: 30, window: 20 };

const parseOptions = cachedOptions<ScriptedOptions>((options: Record<string, unknown>, source: OptionSource) => ({
  threshold: numberOption(options, 'threshold', DEFAULTS.threshold, source, [0.5, 1]),
  minLength: numberOption(options, 'minLength', DEFAULTS.minLength, source, [0, 100_000]),
  window: Math.round(numberOption(options, 'window', DEFAULTS.window, source, [1, 10_000])),
}));

const GREETING =
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings|xin chào|chào|kính gửi|您好|你好|亲爱的|尊敬的|亲|dzień dobry|witam|cześć|szanown\p{L}*|hola|estimad[oa]s?|buen(?:os|as) (?:días|tardes|noches)|hallo|guten (?:tag|morgen|abend)|liebe[rs]?|sehr geehrte[rs]?|moin|servus|bonjour|bonsoir|cher|chère|salut|مرحبا|اهلا|السلام عليكم|عزيزي|عزيزتي)(?![\p{L}\p{N}])/u;
const GREETING_TO_PUNCT = /^[^\n,.!:;，。！：،]{0,40}[\n,.!:;，。！：،]/u;

/**
 * The text compared: folded, digits as 0, the greeting line's name and a short last line (the
 * agent's signature) masked, whitespace collapsed.
 */
export function comparableText(folded: string): string {
  let text = folded.trim();
  const greeting = GREETING.exec(text);
  if (greeting) {
    const rest = text.slice(greeting[0].length);
    const upTo = GREETING_TO_PUNCT.exec(rest);
    const nameEnd = upTo ? upTo[0].length : (/^\s*[\p{L}\p{M}]+/u.exec(rest)?.[0].length ?? 0);
    text = '<hi>' + rest.slice(nameEnd);
  }
  const lastBreak = text.lastIndexOf('\n');
  if (lastBreak > 0 && text.length - lastBreak - 1 <= 25 && text.indexOf('\n') < lastBreak) text = text.slice(0, lastBreak) + '\n<sig>';
  return text.replace(/\p{N}+/gu, '0').replace(/\s+/g, ' ');
}

/** A reply's character-bigram multiset: sorted distinct bigram codes and their counts. */
export interface BigramProfile {
  codes: Uint32Array;
  counts: Uint32Array;
  total: number;
}

export function bigramProfile(text: string): BigramProfile {
  const n = Math.max(0, text.length - 1);
  const raw = new Uint32Array(n);
  for (let i = 0; i < n; i++) raw[i] = ((text.charCodeAt(i) << 16) | text.charCodeAt(i + 1)) >>> 0;
  raw.sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || raw[i] !== raw[i - 1]) distinct++;
  const codes = new Uint32Array(distinct);
  const counts = new Uint32Array(distinct);
  let k = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || raw[i] !== raw[i - 1]) codes[++k] = raw[i]!;
    counts[k]!++;
  }
  return { codes, counts, total: n };
}

/** Sørensen–Dice over bigram multisets: 2·|A∩B| / (|A|+|B|), in one merge of the sorted profiles. */
export function diceSimilarity(a: BigramProfile, b: BigramProfile): number {
  if (a.total + b.total === 0) return 1;
  let i = 0;
  let j = 0;
  let common = 0;
  const ac = a.codes;
  const bc = b.codes;
  while (i < ac.length && j < bc.length) {
    const x = ac[i]!;
    const y = bc[j]!;
    if (x === y) {
      common += Math.min(a.counts[i]!, b.counts[j]!);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return (2 * common) / (a.total + b.total);
}

/** The most similar a pair can be given only their sizes: skips the merge for replies of very different length. */
const sizeBound = (a: BigramProfile, b: BigramProfile): number => (2 * Math.min(a.total, b.total)) / (a.total + b.total || 1);

interface SeenReply {
  message: Message;
  index: number;
  profile: BigramProfile;
}

export const scriptedReply: ConversationCheck = {
  name: 'scripted-reply',
  validate(options, where) {
    parseOptions.get(options, where);
  },
  run(ticket, ctx) {
    if (!isConversation(ticket)) return [];
    const { threshold, minLength, window } = parseOptions.get(ctx.options, { rule: ctx.rule, configFile: null });
    const recent: SeenReply[] = [];
    const hits: ConversationHit[] = [];
    let lastCustomer = -1;
    ticket.messages.forEach((message, index) => {
      if (message.role === 'customer') {
        lastCustomer = index;
        return;
      }
      if (!isCompanyReply(message)) return;
      const folded = ctx.prepared(message).folded.text;
      if (folded.trim().length < minLength) return;
      const profile = bigramProfile(comparableText(folded));
      let best: SeenReply | null = null;
      let bestScore = 0;
      // Only replies sent before the customer's latest message: two parts of one answer are not a repeat.
      for (const seen of recent) {
        if (seen.index > lastCustomer) continue;
        if (sizeBound(seen.profile, profile) < threshold) continue;
        const score = diceSimilarity(seen.profile, profile);
        if (score >= threshold && score > bestScore) {
          best = seen;
          bestScore = score;
        }
      }
      if (best) {
        const similarity = bestScore === 1 ? 'identical to' : `nearly identical to`;
        const score = bestScore === 1 ? '' : ` (similarity ${(Math.floor(bestScore * 100) / 100).toFixed(2)})`;
        hits.push({ message, ...leadSpan(message.body), detail: `${similarity} the reply at line ${lineOf(best.message)}${score}` });
      }
      recent.push({ message, index, profile });
      if (recent.length > window) recent.shift();
    });
    return hits;
  },
};
