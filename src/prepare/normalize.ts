import { createRequire } from 'node:module';

/**
 * Folding for matching. The text a rule sees is the message after NFKC (full-width forms),
 * case folding, Arabic normalisation (tatweel, harakat, alef/yeh/teh-marbuta variants,
 * Arabic-Indic digits), traditional→simplified Chinese, typographic quotes and dashes to ASCII,
 * and whitespace collapsed (keeping line breaks as sentence boundaries). Every folded character
 * remembers where it came from, so a match maps back to the exact span of the original text.
 */
export interface FoldedText {
  /** The text rules match against. */
  text: string;
  /** The same text without Latin diacritics (same length, same offsets); equals `text` when there were none. */
  bare: string;
  /** True when the message carries Latin diacritics: unaccented phrase variants then do not apply. */
  accented: boolean;
  /** start[i] / end[i]: the span of the original text that produced folded character i. */
  start: Int32Array;
  end: Int32Array;
}

const require = createRequire(import.meta.url);
type Convert = (s: string) => string;
let toSimplified: Convert | null = null;
function simplify(ch: string): string {
  // opencc-js loads in ~11 ms: done on the first Han character, never for texts without one.
  toSimplified ??= (require('opencc-js/t2cn') as { Converter(o: { from: string; to: string }): Convert }).Converter({ from: 'hk', to: 'cn' });
  const out = toSimplified(ch);
  return out.length === ch.length ? out : ch;
}

const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const HAN = /\p{Script=Han}/u;
const clusterCache = new Map<string, string>();

/** Folds one grapheme-ish cluster (a base character and its combining marks). */
function foldCluster(cluster: string): string {
  const cached = clusterCache.get(cluster);
  if (cached !== undefined) return cached;
  let s = cluster.normalize('NFKC').toLowerCase();
  s = s
    .replace(/ß/g, 'ss')
    .replace(/i\u0307/g, 'i')
    .replace(ARABIC_MARKS, '')
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627')
    .replace(/\u0649/g, '\u064A')
    .replace(/\u0629/g, '\u0647')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u2018\u2019\u201A\u201B\u02BC\u00B4\u0060\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u2026/g, '...');
  if (HAN.test(s)) s = [...s].map((c) => (HAN.test(c) ? simplify(c) : c)).join('');
  if (clusterCache.size < 50_000) clusterCache.set(cluster, s);
  return s;
}

const bareCache = new Map<number, number>();
const LATIN = /\p{Script=Latin}/u;
/** The unaccented form of one folded character, or the character itself (only Latin letters change). */
function bareChar(code: number): number {
  if (code < 0x80) return code;
  const cached = bareCache.get(code);
  if (cached !== undefined) return cached;
  const ch = String.fromCharCode(code);
  let out = code;
  if (LATIN.test(ch)) {
    const special: Record<string, string> = { 'đ': 'd', 'ł': 'l', 'ø': 'o', 'ı': 'i' };
    const stripped = special[ch] ?? ch.normalize('NFD').replace(/\p{Mn}/gu, '');
    if (stripped.length === 1) out = stripped.charCodeAt(0);
  }
  bareCache.set(code, out);
  return out;
}

const isMark = (code: number): boolean =>
  (code >= 0x0300 && code <= 0x036f) || (code >= 0x0610 && code <= 0x061a) || (code >= 0x064b && code <= 0x065f) ||
  code === 0x0670 || (code >= 0x06d6 && code <= 0x06ed) || (code >= 0x1ab0 && code <= 0x1aff) ||
  (code >= 0x1dc0 && code <= 0x1dff) || (code >= 0x20d0 && code <= 0x20ff) || (code >= 0xfe20 && code <= 0xfe2f) ||
  code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f);
const isLineBreak = (code: number): boolean => code === 10 || code === 13 || code === 0x2028 || code === 0x2029 || code === 0x85;
const isSpace = (code: number): boolean =>
  code === 32 || code === 9 || code === 11 || code === 12 || code === 0xa0 || code === 0x1680 ||
  (code >= 0x2000 && code <= 0x200b) || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;

/**
 * Folds `body` for matching. Characters inside `masked` ranges (code spans, URLs, quoted history)
 * become whitespace, so no rule sees them but every offset still maps back.
 */
export function foldText(body: string, masked: ReadonlyArray<readonly [number, number]> = []): FoldedText {
  const out: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  let last = -1; // code of the last emitted char
  let maskIndex = 0;
  const n = body.length;
  let i = 0;
  const emitSpace = (from: number, to: number, newline: boolean): void => {
    if (last === 10) return;
    if (last === 32) {
      if (newline) out[out.length - 1] = '\n', (last = 10);
      end[end.length - 1] = to;
      return;
    }
    if (out.length === 0) return; // no leading whitespace
    out.push(newline ? '\n' : ' ');
    start.push(from);
    end.push(to);
    last = newline ? 10 : 32;
  };
  while (i < n) {
    while (maskIndex < masked.length && masked[maskIndex]![1] <= i) maskIndex++;
    const m = masked[maskIndex];
    if (m && m[0] <= i) {
      emitSpace(i, m[1], false);
      i = m[1];
      continue;
    }
    const code = body.charCodeAt(i);
    // ASCII fast path, unless a combining mark follows (decomposed "o" + U+0302 is one letter).
    if (code < 0x80 && !(i + 1 < n && isMark(body.charCodeAt(i + 1)))) {
      if (isLineBreak(code)) emitSpace(i, i + 1, true);
      else if (isSpace(code)) emitSpace(i, i + 1, false);
      else {
        const c = code >= 65 && code <= 90 ? code + 32 : code;
        out.push(String.fromCharCode(c));
        start.push(i);
        end.push(i + 1);
        last = c;
      }
      i++;
      continue;
    }
    if ((isLineBreak(code) || isSpace(code)) && code >= 0x80) {
      emitSpace(i, i + 1, isLineBreak(code));
      i++;
      continue;
    }
    // A cluster: one code point (a surrogate pair counts as one) plus its combining marks.
    let j = i + (code >= 0xd800 && code <= 0xdbff && i + 1 < n ? 2 : 1);
    while (j < n && isMark(body.charCodeAt(j))) j++;
    const folded = foldCluster(body.slice(i, j));
    for (let k = 0; k < folded.length; k++) {
      out.push(folded[k]!);
      start.push(i);
      end.push(j);
    }
    if (folded.length > 0) last = folded.charCodeAt(folded.length - 1);
    i = j;
  }
  if (last === 32 || last === 10) {
    out.pop();
    start.pop();
    end.pop();
  }
  const text = out.join('');
  let bare = text;
  let accented = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0x80 && bareChar(c) !== c) {
      accented = true;
      break;
    }
  }
  if (accented) {
    const codes = new Array<number>(text.length);
    for (let k = 0; k < text.length; k++) codes[k] = bareChar(text.charCodeAt(k));
    bare = codesToString(codes);
  }
  return { text, bare, accented, start: Int32Array.from(start), end: Int32Array.from(end) };
}

function codesToString(codes: number[]): string {
  let s = '';
  for (let k = 0; k < codes.length; k += 8192) s += String.fromCharCode(...codes.slice(k, k + 8192));
  return s;
}

/** Folds a rule's phrase the same way as message text (no offset map needed). */
export function foldString(s: string): string {
  return foldText(s).text;
}

/** A folded phrase without Latin diacritics. */
export function bareString(folded: string): string {
  let s = '';
  for (let k = 0; k < folded.length; k++) s += String.fromCharCode(bareChar(folded.charCodeAt(k)));
  return s;
}

/** Maps a folded span [from, to) back to the original text's span. */
export function originalSpan(f: FoldedText, from: number, to: number): [number, number] {
  if (f.text.length === 0) return [0, 0];
  const a = f.start[Math.min(from, f.text.length - 1)]!;
  const b = f.end[Math.max(Math.min(to, f.text.length) - 1, 0)]!;
  return [a, Math.max(a, b)];
}
