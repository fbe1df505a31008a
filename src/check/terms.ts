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

export function isRegexTerm(term: string): boolean {
  return term.length >= 2 && term.startsWith('/') && term.endsWith('/');
}

/**
 * Rewrites a rule regex for folded Unicode text: \b, \B, \w, \W become script-aware, and literal
 * characters are folded like the text (so `Ź`, `أ` or `這` in a pattern still match).
 */
export function rewriteRegex(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      // Escapes with a payload are copied whole: \p{..}, \P{..}, \u{..}, \uXXXX, \xXX, \k<..>, \cX.
      let esc = '\\' + next;
      let j = i + 2;
      if ((next === 'p' || next === 'P' || next === 'u') && source[j] === '{') {
        const close = source.indexOf('}', j);
        j = close < 0 ? source.length : close + 1;
        esc = source.slice(i, j);
      } else if (next === 'u') {
        esc = source.slice(i, i + 6);
        j = i + 6;
      } else if (next === 'x') {
        esc = source.slice(i, i + 4);
        j = i + 4;
      } else if (next === 'k' && source[j] === '<') {
        const close = source.indexOf('>', j);
        j = close < 0 ? source.length : close + 1;
        esc = source.slice(i, j);
      } else if (next === 'c') {
        esc = source.slice(i, i + 3);
        j = i + 3;
      }
      if (next === 'b' && !inClass) esc = BOUNDARY;
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
  if (isRegexTerm(term)) {
    const body = term.slice(1, -1);
    if (/\\W/.test(body.replace(/\\\\/g, '')) && /\[[^\]]*\\W/.test(body)) return `\\W inside a character class is not supported in ${term}`;
    const raw = options.raw === true;
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

export interface RegexTerm {
  kind: 'regex';
  regex: RegExp;
  /** The same pattern without Latin diacritics, for unaccented messages (null when identical). */
  bareRegex: RegExp | null;
  /** A literal every match contains: the regex runs only when the automaton saw it. */
  required: string | null;
  requiredBare: string | null;
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
  const regex = new RegExp(rewritten, 'gu');
  const bareSource = raw ? rewritten : bareString(rewritten);
  const required = raw ? null : requiredLiteral(rewritten);
  return {
    kind: 'regex',
    regex,
    bareRegex: bareSource !== rewritten ? new RegExp(bareSource, 'gu') : null,
    required,
    requiredBare: required && bareString(required) !== required ? bareString(required) : null,
    raw,
  };
}

/** Raw regexes keep case; only \b and \w are made Unicode-aware. */
function rewriteRawRegex(source: string): string {
  return source.replace(/\\\\|\\b|\\B|\\w/g, (m) => (m === '\\b' ? BOUNDARY : m === '\\B' ? NOT_BOUNDARY : m === '\\w' ? WORD : m));
}

/**
 * The longest run of plain characters that every match must contain, or null. Conservative:
 * only top-level text counts (not inside groups or classes), a character followed by `?`, `*`
 * or `{0` is optional and breaks the run, and a top-level `|` gives up.
 */
export function requiredLiteral(source: string): string | null {
  const runs: string[] = [];
  let run = '';
  let depth = 0;
  let inClass = false;
  const flush = (): void => {
    if (run) runs.push(run);
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (inClass) {
      if (c === '\\') i++;
      else if (c === ']') inClass = false;
      continue;
    }
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      const isLiteralEscape = /[.*+?^${}()|[\]\\/\-'"]/.test(next) || next === ' ';
      if (depth === 0 && isLiteralEscape && !isQuantifier(source, i + 2)) run += next;
      else {
        flush();
        if ((next === 'p' || next === 'P' || next === 'u') && source[i + 2] === '{') i = source.indexOf('}', i);
      }
      i++;
      continue;
    }
    if (c === '[') {
      flush();
      inClass = true;
      continue;
    }
    if (c === '(') {
      flush();
      depth++;
      continue;
    }
    if (c === ')') {
      depth--;
      continue;
    }
    if (depth > 0) continue;
    if (c === '|') return null;
    if ('.^$'.includes(c)) {
      flush();
      continue;
    }
    if ('*+?{'.includes(c)) {
      // Quantifier on the previous character: for ? * {0 it was optional.
      if (c !== '+' && !(c === '{' && !/^\{0/.test(source.slice(i)))) run = run.slice(0, -1);
      flush();
      if (c === '{') i = source.indexOf('}', i);
      continue;
    }
    if (isQuantifier(source, i + 1) && !/^[+]|^\{[1-9]/.test(source.slice(i + 1))) {
      flush();
      continue;
    }
    run += c;
  }
  flush();
  const best = runs.map((r) => r.trim()).sort((a, b) => b.length - a.length)[0];
  return best && best.length >= 3 ? best : null;
}

function isQuantifier(source: string, at: number): boolean {
  const c = source[at];
  return c === '?' || c === '*' || c === '+' || c === '{';
}
