import { TicketlintError } from '../../errors.js';
import { bareString, foldString, type FoldedText } from '../../prepare/normalize.js';
import type { Message, Ticket } from '../../types.js';
import type { Rule } from '../rule-types.js';

/**
 * Helpers the conversation checks share: who counts as "the company", where a hit points, how
 * options are read, and phrase lists that match folded text with or without Latin diacritics.
 */

/** A reply the customer actually saw: agent or bot, public. Internal notes are not answers. */
export function isCompanyReply(message: Message): boolean {
  return (message.role === 'agent' || message.role === 'bot') && message.public;
}

/**
 * Whether a ticket is a conversation at all. A canned-response library entry or a single text
 * passed to `lintText` is one company text, not an exchange: timing and turn-taking mean nothing there.
 */
export function isConversation(ticket: Ticket): boolean {
  if (ticket.format === 'library' || ticket.format === 'text') return false;
  if (ticket.messages.length === 0) return false;
  return !ticket.messages.some((m) => m.meta?.library === true);
}

/**
 * The span a whole-message finding shows: the first non-blank line, at most ~160 characters (cut
 * at a space), so a finding on a long e-mail prints its opening, not three screens of text.
 */
export function leadSpan(body: string, max = 160): { start: number; end: number } {
  let start = 0;
  while (start < body.length && /\s/.test(body[start]!)) start++;
  let end = lineEnd(body, start);
  // "Hello Mrs Carroll," alone on the first line says nothing: show the line after the greeting.
  if (end - start <= 40 && /[,:،，：]\s*$/.test(body.slice(start, end))) {
    let next = end;
    while (next < body.length && /\s/.test(body[next]!)) next++;
    if (next < body.length) {
      start = next;
      end = lineEnd(body, start);
    }
  }
  while (end > start && /\s/.test(body[end - 1]!)) end--;
  if (end - start > max) {
    const space = body.lastIndexOf(' ', start + max);
    end = space > start + max / 2 ? space : start + max;
  }
  if (end <= start) return { start: 0, end: body.length };
  return { start, end };
}

function lineEnd(body: string, from: number): number {
  let end = from;
  while (end < body.length && body[end] !== '\n' && body[end] !== '\r') end++;
  return end;
}

/** The 1-based line where a message starts in its file (for "the reply at line N"). */
export function lineOf(message: Message): number {
  return message.locator.locate(leadSpan(message.body).start).line;
}

// ---- options -------------------------------------------------------------------------------

/** Where a bad option came from, for a one-line error naming the file. */
export interface OptionSource {
  rule: Rule;
  /** The config file, when one was loaded (options may come from its `conversation:` or `rules:`). */
  configFile: string | null;
}

export function optionError(source: OptionSource, key: string, value: unknown, message: string): TicketlintError {
  // A value equal to the rule file's own is the rule file's fault; anything else came from the config.
  const fromRule = source.rule.options[key] === value;
  const where = fromRule || !source.configFile ? { file: source.rule.file, line: source.rule.line } : { file: source.configFile };
  const origin = fromRule || !source.configFile ? `rule ${source.rule.id}` : `conversation.${source.rule.check} / rules.${source.rule.id}.options`;
  return new TicketlintError(`option "${key}" of ${origin}: ${message} (got ${JSON.stringify(value)})`, where);
}

export function numberOption(options: Record<string, unknown>, key: string, fallback: number, source: OptionSource, range: [number, number]): number {
  const value = options[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range[0] || value > range[1]) {
    throw optionError(source, key, value, `expected a number from ${range[0]} to ${range[1]}`);
  }
  return value;
}

/**
 * Options are parsed once per options object (the Checker builds one per rule), not per ticket.
 * `validate` fills the cache up front so a bad option fails before any input is read.
 */
export function cachedOptions<T>(parse: (options: Record<string, unknown>, source: OptionSource) => T): {
  get(options: Record<string, unknown>, source: OptionSource): T;
} {
  const cache = new WeakMap<Record<string, unknown>, T>();
  return {
    get(options, source) {
      let parsed = cache.get(options);
      if (parsed === undefined) cache.set(options, (parsed = parse(options, source)));
      return parsed;
    },
  };
}

// ---- durations -------------------------------------------------------------------------------

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(?:\d+(?:\.\d+)?\s*(?:w|d|h|m|s)\s*)+$/i;

/** `90s`, `5m`, `1h`, `24h`, `2d`, `1h30m` → milliseconds; `off`/`false`/null → null (not checked); undefined on nonsense. */
export function parseDuration(value: unknown): number | null | undefined {
  if (value === null || value === false || value === 'off' || value === 'none' || value === 'n/a') return null;
  if (typeof value !== 'string' || !DURATION.test(value.trim())) return undefined;
  let total = 0;
  for (const m of value.trim().toLowerCase().matchAll(/(\d+(?:\.\d+)?)\s*([wdhms])/g)) total += Number(m[1]) * UNIT_MS[m[2]!]!;
  return total > 0 ? total : undefined;
}

/** 8h 12m, 45s, 6m 30s, 2d 3h: the two largest units, for people. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

// ---- phrase lists over folded text ------------------------------------------------------------

/** A compiled pattern for folded text: the accented form, and the bare form for text typed without diacritics. */
export interface FoldedPattern {
  accented: RegExp;
  bare: RegExp;
}

const HAN_OR_KANA = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const ARABIC = /\p{Script=Arabic}/u;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One alternation of literal phrases, as whole words (Chinese has no word boundaries; Arabic may
 * carry the proclitics و/ف in front). Phrases are folded like message text; longest first, so
 * "thank you so much" wins over "thank you".
 */
export function phraseAlternation(phrases: readonly string[]): FoldedPattern {
  const folded = [...new Set(phrases.map((p) => foldString(p)).filter((p) => p.length > 0))].sort((a, b) => b.length - a.length);
  // One word-boundary check around the whole alternation: repeating the \p{L} classes per phrase
  // made V8 take seconds to compile a few hundred phrases.
  const build = (list: string[]): RegExp => {
    const words = list.filter((p) => !HAN_OR_KANA.test(p)).map((p) => (ARABIC.test(p[0]!) ? '(?:[وف])?' : '') + escape(p).replace(/ /g, '\\s+'));
    const han = list.filter((p) => HAN_OR_KANA.test(p)).map(escape);
    const parts: string[] = [];
    if (words.length > 0) parts.push(`(?<![\\p{L}\\p{N}_])(?:${words.join('|')})(?![\\p{L}\\p{N}_])`);
    if (han.length > 0) parts.push(`(?:${han.join('|')})`);
    return new RegExp(parts.join('|') || '(?!)', 'gu');
  };
  return { accented: build(folded), bare: build([...new Set(folded.map(bareString))].sort((a, b) => b.length - a.length)) };
}

/** A regex source written with diacritics, compiled for both forms of folded text. */
export function foldedRegex(source: string, flags = 'gu'): FoldedPattern {
  return { accented: new RegExp(source, flags), bare: new RegExp(bareString(source), flags) };
}

/** The text and pattern to use for a message: bare patterns only for text typed without diacritics. */
export function pick(pattern: FoldedPattern, folded: FoldedText): RegExp {
  const re = folded.accented ? pattern.accented : pattern.bare;
  re.lastIndex = 0;
  return re;
}
