import { bareString, foldString } from '../prepare/normalize.js';
import { regexRisk } from './regex-safety.js';

/**
 * Terms are what rule authors write: a phrase ("company policy", "zwrot*") or a `/regex/`.
 * Both are matched against folded text (see prepare/normalize.ts), so authors write lower case
 * and either Chinese script; the compiler folds their terms the same way.
 */

const WORD = '[\\p{L}\\p{N}\\p{M}_]';
/** JS's \b is ASCII-only even with the u flag; this one knows every script's letters. */
const BOUNDARY = `(?:(?<!${WORD})(?=${WORD})|(?<=${WORD})(?!${WORD}))`;
const NOT_BOUNDARY = `(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`;

const WORD_START = `(?<!${WORD})`;
const WORD_END = `(?!${WORD})`;
const LETTER = /^[\p{L}\p{N}_]/u;

/**
 * \b next to a literal letter only has to look at the other side: `\bpolicy` is "no word
 * character before". Half the Unicode classes compile and run faster, and rule packs have
 * thousands of these.
 */
function boundaryBetween(before: string, after: string): string {
  const prevIsLetter = LETTER.test(before.slice(-1)) && !/\\.$/.test(before.slice(-2));
  const nextIsLetter = LETTER.test(after);
  if (nextIsLetter && !prevIsLetter) return WORD_START;
  if (prevIsLetter && !nextIsLetter) return WORD_END;
  return BOUNDARY;
}

export function isRegexTerm(term: string): boolean {
  return term.length >= 2 && term.startsWith('/') && term.endsWith('/');
}

/**
 * Rewrites a rule regex for folded Unicode text: \b, \B, \w, \W become script-aware, and literal
 * characters are folded like the text (so `Ź`, `أ` or `這` in a pattern still match).
 */
/** Index just past the escape that starts at `i` (a backslash), payload included. */
function escapeEnd(source: string, i: number): number {
  const next = source[i + 1] ?? '';
  const j = i + 2;
  const closing = (ch: string): number => {
    const close = source.indexOf(ch, j);
    return close < 0 ? source.length : close + 1;
  };
  if ((next === 'p' || next === 'P' || next === 'u') && source[j] === '{') return closing('}');
  if (next === 'u') return Math.min(i + 6, source.length);
  if (next === 'x') return Math.min(i + 4, source.length);
  if (next === 'k' && source[j] === '<') return closing('>');
  if (next === 'c') return Math.min(i + 3, source.length);
  return Math.min(j, source.length);
}

export function rewriteRegex(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      // Escapes with a payload are copied whole: \p{..}, \P{..}, \u{..}, \uXXXX, \xXX, \k<..>, \cX.
      const j = escapeEnd(source, i);
      let esc = source.slice(i, j);
      if (next === 'b' && !inClass) esc = boundaryBetween(out, source.slice(j));
      else if (next === 'B' && !inClass) esc = NOT_BOUNDARY;
      else if (next === 'w') esc = inClass ? '\\p{L}\\p{N}\\p{M}_' : WORD;
      else if (next === 'W' && !inClass) esc = '[^\\p{L}\\p{N}\\p{M}_]';
      out += esc;
      i = j - 1;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    else if (c === '(' && source[i + 1] === '?' && source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!') {
      // A named group: keep its name as written.
      const close = source.indexOf('>', i);
      if (close > 0) {
        out += source.slice(i, close + 1);
        i = close;
        continue;
      }
    }
    out += foldChar(c, inClass);
  }
  return out;
}

const SYNTAX = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}', '/']);

/**
 * Folds one pattern character like message text, without trimming spaces. A syntax character
 * that folding produced (full-width ［ becomes [) is escaped, so it stays a literal.
 */
function foldChar(c: string, inClass: boolean): string {
  if (c === ' ' || c.charCodeAt(0) < 0x80) return c === ' ' ? ' ' : c.toLowerCase();
  const folded = foldString(c);
  if (folded.length === 0) return c;
  let out = '';
  for (const ch of folded) out += SYNTAX.has(ch) || (inClass && ch === '-') ? `\\${ch}` : ch;
  return out;
}

/** Folds a phrase piece like message text but keeps its edge spaces (foldString trims them). */
function foldKeepingSpaces(piece: string): string {
  const lead = /^\s/.test(piece) ? ' ' : '';
  const trail = /\s$/.test(piece) && piece.trim() !== '' ? ' ' : '';
  const core = foldString(piece);
  return core === '' ? (piece === '' ? '' : ' ') : lead + core + trail;
}

/**
 * Validates a term as written; returns a problem or null. `raw`: the term runs on the original,
 * unfolded text. `trusted`: a built-in pack, whose regexes tests/reliability-regex.test.ts checks
 * for catastrophic backtracking, so loading them skips that check.
 */
export function checkTerm(term: string, options: { raw?: boolean; trusted?: boolean } = {}): string | null {
  // YAML double quotes turn "\b" into a backspace: the regex then silently never matches.
  const control = /[\u0000-\u0008\u000b-\u001f]/.exec(term);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(4, '0');
    return `control character U+${code} in term ${JSON.stringify(term)} (in YAML double quotes "\\b" is a backspace: use single quotes for regexes)`;
  }
  if (isRegexTerm(term)) {
    const body = term.slice(1, -1);
    if (/\\W/.test(body.replace(/\\\\/g, '')) && /\[[^\]]*\\W/.test(body)) return `\\W inside a character class is not supported in ${term}`;
    const raw = options.raw === true;
    // Built-in packs are validated by tests/builtin-rules.test.ts; compiling hundreds of Unicode
    // regexes on every run would cost seconds of start-up (they compile lazily, when first needed).
    if (options.trusted) return null;
    const rewritten = raw ? rewriteRawRegex(body) : rewriteRegex(body);
    let compiled: RegExp;
    try {
      // The flags compileRegex uses, so V8's regex cache serves that compile (Unicode classes are slow to build).
      compiled = new RegExp(rewritten, 'gu');
    } catch (err) {
      return `invalid regex ${term}: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`;
    }
    if (compiled.test('')) return `regex ${term} matches the empty string`;
    return options.trusted ? null : backtrackingProblem(term, rewritten, raw);
  }
  if (foldString(term.replace(/\*/g, '')).length === 0) return `empty phrase "${term}"`;
  if (/\*\*/.test(term)) return `"**" in phrase "${term}" (use one * for "the word goes on")`;
  return null;
}

/**
 * Refuses a regex that can backtrack catastrophically (src/check/regex-safety.ts): rule packs come
 * from anyone, and one such pattern makes a short hostile message hang the run. The pattern is
 * judged as it runs (folded, \w made Unicode-aware), with \b kept as the assertion it is.
 */
function backtrackingProblem(term: string, rewritten: string, raw: boolean): string | null {
  const analysed = rewritten.split(BOUNDARY).join('\\b').split(NOT_BOUNDARY).join('\\B');
  const verdict = regexRisk(analysed, { collapsedWhitespace: !raw });
  if (!verdict) return null;
  const reason = verdict.reason.split(WORD).join('\\w');
  const time = verdict.risk === 'exponential' ? 'exponential' : 'polynomial';
  return `regex ${term} can take ${time} time on some texts: ${reason}. Rewrite it so each piece of text can be matched only one way`;
}

const ESCAPE = /[.*+?^${}()|[\]\\/]/g;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

export interface PhraseTerm {
  kind: 'phrase';
  /** Folded literal searched by the automaton. */
  literal: string;
  /** The literal without Latin diacritics when it differs (for messages typed without them). */
  bare: string | null;
  /** No word boundary needed at the start / end (`*` there, or CJK text which has no spaces). */
  openStart: boolean;
  openEnd: boolean;
  /** Arabic: a proclitic (و ف ب ل ك ال) may stick to the front. */
  arabicStart: boolean;
}

/** A regex compiled on first use: most rules never run on a given input (the prefilter says so). */
export class LazyRegex {
  private compiled: RegExp | null = null;
  constructor(readonly source: string) {}
  get(): RegExp {
    return (this.compiled ??= new RegExp(this.source, 'gu'));
  }
}

export interface RegexTerm {
  kind: 'regex';
  regex: LazyRegex;
  /** The same pattern without Latin diacritics, for unaccented messages (null when identical). */
  bareRegex: LazyRegex | null;
  /** Literals one of which every match contains: the regex runs only when the automaton saw one. */
  required: string[] | null;
  requiredBare: string[] | null;
  /** Matched on the original text, case-sensitive. */
  raw: boolean;
}

export type CompiledTerm = PhraseTerm | RegexTerm;

/** Compiles a term for folded text (or, with raw, the original text). */
export function compileTerm(term: string, raw = false): CompiledTerm {
  if (isRegexTerm(term)) return compileRegex(term.slice(1, -1), raw);
  if (raw) return compileRegex(term.replace(ESCAPE, '\\$&'), true);
  const openStart = term.startsWith('*');
  const openEnd = term.endsWith('*') && term.length > 1;
  const inner = term.slice(openStart ? 1 : 0, openEnd ? -1 : undefined);
  if (inner.includes('*')) {
    // A wildcard inside a phrase ("polityk* firmy") becomes a regex: "the word goes on" at each *.
    const parts = inner.split('*').map((p) => foldKeepingSpaces(p).replace(ESCAPE, '\\$&'));
    const body = parts.join(`${WORD}*`);
    return compileRegex(`${openStart ? '' : '\\b'}${body}${openEnd ? '' : '\\b'}`, false);
  }
  const literal = foldString(inner);
  const bare = bareString(literal);
  return {
    kind: 'phrase',
    literal,
    bare: bare !== literal ? bare : null,
    openStart: openStart || CJK.test(literal[0]!),
    openEnd: openEnd || CJK.test(literal[literal.length - 1]!),
    arabicStart: /^\p{Script=Arabic}/u.test(literal),
  };
}

function compileRegex(source: string, raw: boolean): RegexTerm {
  const rewritten = raw ? rewriteRawRegex(source) : rewriteRegex(source);
  const bareSource = raw ? rewritten : bareString(rewritten);
  const required = raw ? null : requiredLiterals(rewritten);
  const bareRequired = required?.map(bareString) ?? null;
  return {
    kind: 'regex',
    regex: new LazyRegex(rewritten),
    bareRegex: bareSource !== rewritten ? new LazyRegex(bareSource) : null,
    required,
    requiredBare: bareRequired && bareRequired.some((b, i) => b !== required![i]) ? bareRequired : null,
    raw,
  };
}

/** Raw regexes keep case; only \b and \w are made Unicode-aware. */
function rewriteRawRegex(source: string): string {
  return source.replace(/\\\\|\\b|\\B|\\w/g, (m) => (m === '\\b' ? BOUNDARY : m === '\\B' ? NOT_BOUNDARY : m === '\\w' ? WORD : m));
}

/**
 * Literals one of which every match must contain, or null when there is no useful set. A tiny
 * parser walks the pattern: a run of plain characters is a candidate; a group's candidate is the
 * union of its branches' best candidates (every branch must have one); optional atoms (`?`, `*`,
 * `{0,`), lookarounds, classes and escapes contribute nothing. The best candidate of a sequence is
 * the one whose shortest literal is longest. Conservative: when unsure, no prefilter (the regex
 * then runs on every message, which is slower but never wrong).
 */
export function requiredLiterals(source: string): string[] | null {
  const parser = new LiteralParser(source);
  const best = parser.alternation();
  if (!best || parser.failed || parser.pos < source.length) return null;
  const set = [...new Set(best.map((x) => x.trim()).filter((x) => x.length > 0))];
  return set.length > 0 && Math.min(...set.map((x) => x.length)) >= MIN_LITERAL ? set : null;
}

/** Shorter literals than this hit nearly every message: no point prefiltering on them. */
const MIN_LITERAL = 2;

class LiteralParser {
  pos = 0;
  failed = false;
  constructor(private readonly src: string) {}

  /** branch ('|' branch)*: the union of branch candidates, or null if any branch has none. */
  alternation(): string[] | null {
    const branches: Array<string[] | null> = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    if (branches.some((b) => b === null)) return null;
    return branches.flat() as string[];
  }

  private sequence(): string[] | null {
    const candidates: string[][] = [];
    let run = '';
    const flush = (): void => {
      if (run.trim()) candidates.push([run]);
      run = '';
    };
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const atom = this.atom();
      if (this.failed) return null;
      const q = this.quantifier();
      if (q === 'optional') {
        flush();
        continue;
      }
      if (atom.kind === 'char') {
        run += atom.char;
        if (q === 'repeat') flush();
      } else {
        flush();
        if (atom.kind === 'group' && atom.set) candidates.push(atom.set);
      }
    }
    flush();
    if (candidates.length === 0) return null;
    const score = (c: string[]): number => Math.min(...c.map((x) => x.trim().length)) * 1000 - c.length;
    return candidates.sort((a, b) => score(b) - score(a))[0]!;
  }

  private atom(): { kind: 'char'; char: string } | { kind: 'group'; set: string[] | null } | { kind: 'other' } {
    const c = this.src[this.pos]!;
    if (c === '\\') {
      const next = this.src[this.pos + 1] ?? '';
      const braced = (next === 'p' || next === 'P' || next === 'u') && this.src[this.pos + 2] === '{';
      if (braced && this.src.indexOf('}', this.pos + 2) < 0) this.failed = true;
      this.pos = escapeEnd(this.src, this.pos);
      if (braced) return { kind: 'other' };
      if (/[.*+?^${}()|[\]\\/\-'" ]/.test(next)) return { kind: 'char', char: next };
      return { kind: 'other' };
    }
    if (c === '[') {
      this.pos++;
      while (this.pos < this.src.length && this.src[this.pos] !== ']') this.pos += this.src[this.pos] === '\\' ? 2 : 1;
      if (this.pos >= this.src.length) this.failed = true;
      this.pos++;
      return { kind: 'other' };
    }
    if (c === '(') {
      this.pos++;
      let lookaround = false;
      if (this.src[this.pos] === '?') {
        const head = this.src.slice(this.pos, this.pos + 3);
        if (head.startsWith('?:')) this.pos += 2;
        else if (head.startsWith('?=') || head.startsWith('?!')) (this.pos += 2), (lookaround = true);
        else if (head === '?<=' || head === '?<!') (this.pos += 3), (lookaround = true);
        else if (head.startsWith('?<')) this.pos = this.src.indexOf('>', this.pos) + 1;
        else this.failed = true;
      }
      const set = this.alternation();
      if (this.src[this.pos] !== ')') this.failed = true;
      this.pos++;
      return { kind: 'group', set: lookaround ? null : set };
    }
    if (c === '.' || c === '^' || c === '$') {
      this.pos++;
      return { kind: 'other' };
    }
    if ('*+?{'.includes(c)) {
      this.failed = true; // a quantifier with nothing before it: not a pattern we understand
      return { kind: 'other' };
    }
    this.pos++;
    return { kind: 'char', char: c };
  }

  /** The quantifier after an atom: none, optional (may match zero times) or repeat (one or more). */
  private quantifier(): 'none' | 'optional' | 'repeat' {
    const c = this.src[this.pos];
    let kind: 'none' | 'optional' | 'repeat' = 'none';
    if (c === '?' || c === '*') {
      this.pos++;
      kind = 'optional';
    } else if (c === '+') {
      this.pos++;
      kind = 'repeat';
    } else if (c === '{' && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.pos))) {
      const m = /^\{(\d+)(,\d*)?\}/.exec(this.src.slice(this.pos))!;
      this.pos += m[0].length;
      kind = m[1] === '0' ? 'optional' : m[1] === '1' && !m[2] ? 'none' : 'repeat';
    } else return 'none';
    if (this.src[this.pos] === '?') this.pos++; // lazy
    return kind;
  }
}
