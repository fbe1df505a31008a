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
// Scratch buffers shared by every call (foldText is synchronous and never re-entered): allocating
// three typed arrays per message cost more than folding a 300-character reply. A huge message
// grows them; they shrink back afterwards so one 20 MB body does not pin 200 MB for the run.
const SCRATCH_KEEP = 1 << 20;
let scratchCodes = new Uint16Array(4096);
let scratchStart = new Int32Array(4096);
let scratchEnd = new Int32Array(4096);

function growScratch(needed: number, used: number): void {
  let capacity = scratchCodes.length;
  while (capacity < needed) capacity *= 2;
  if (capacity === scratchCodes.length) return;
  const codes = new Uint16Array(capacity);
  codes.set(scratchCodes.subarray(0, used));
  const start = new Int32Array(capacity);
  start.set(scratchStart.subarray(0, used));
  const end = new Int32Array(capacity);
  end.set(scratchEnd.subarray(0, used));
  scratchCodes = codes;
  scratchStart = start;
  scratchEnd = end;
}

export function foldText(body: string, masked: ReadonlyArray<readonly [number, number]> = []): FoldedText {
  const n = body.length;
  growScratch(n + 16, 0);
  let codes = scratchCodes;
  let start = scratchStart;
  let end = scratchEnd;
  let length = 0;
  const reserve = (more: number): void => {
    if (length + more <= codes.length) return;
    growScratch(length + more, length);
    codes = scratchCodes;
    start = scratchStart;
    end = scratchEnd;
  };
  let last = -1; // code of the last emitted char
  let maskIndex = 0;
  let i = 0;
  const emitSpace = (from: number, to: number, newline: boolean): void => {
    if (last === 10) return;
    if (last === 32) {
      if (newline) codes[length - 1] = 10, (last = 10);
      end[length - 1] = to;
      return;
    }
    if (length === 0) return; // no leading whitespace
    reserve(1);
    codes[length] = newline ? 10 : 32;
    start[length] = from;
    end[length] = to;
    length++;
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
        reserve(1);
        codes[length] = c;
        start[length] = i;
        end[length] = i + 1;
        length++;
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
    reserve(folded.length);
    for (let k = 0; k < folded.length; k++) {
      codes[length] = folded.charCodeAt(k);
      start[length] = i;
      end[length] = j;
      length++;
    }
    if (folded.length > 0) last = folded.charCodeAt(folded.length - 1);
    i = j;
  }
  if ((last === 32 || last === 10) && length > 0) length--;
  const text = codesToString(codes, length);
  let bare = text;
  let accented = false;
  for (let k = 0; k < length; k++) {
    const c = codes[k]!;
    if (c >= 0x80 && bareChar(c) !== c) {
      accented = true;
      break;
    }
  }
  if (accented) {
    for (let k = 0; k < length; k++) codes[k] = bareChar(codes[k]!);
    bare = codesToString(codes, length);
  }
  // One allocation for both offset maps.
  const spans = new Int32Array(2 * length);
  spans.set(start.subarray(0, length));
  spans.set(end.subarray(0, length), length);
  if (codes.length > SCRATCH_KEEP) {
    scratchCodes = new Uint16Array(4096);
    scratchStart = new Int32Array(4096);
    scratchEnd = new Int32Array(4096);
  }
  return { text, bare, accented, start: spans.subarray(0, length), end: spans.subarray(length) };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * UTF-16 code units to a string. Buffer's utf16le decoding is a plain copy (lone surrogates kept,
 * unlike TextDecoder) and measured 6x faster than String.fromCharCode.apply on short messages.
 */
function codesToString(codes: Uint16Array, length: number): string {
  if (length === 0) return '';
  if (LITTLE_ENDIAN) return Buffer.from(codes.buffer, codes.byteOffset, length * 2).toString('utf16le');
  const parts: string[] = [];
  for (let k = 0; k < length; k += 8192) {
    parts.push(String.fromCharCode.apply(null, codes.subarray(k, Math.min(k + 8192, length)) as unknown as number[]));
  }
  return parts.join('');
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
