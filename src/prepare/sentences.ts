/**
 * Sentence spans of folded text, for rules whose context words must be in the same sentence as
 * the trigger ("policy" and "can't" in one sentence is a refusal; in two, often not).
 * Ends: . ! ? … ; and their CJK/Arabic forms, and line breaks. A period between digits or
 * letters ("3.5", "e.g.x") does not end a sentence.
 */
const TERMINATORS = new Set(['.', '!', '?', ';', '。', '！', '？', '；', '؟', '؛', '\n']);

export function sentenceStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!TERMINATORS.has(c)) continue;
    if (c === '.' || c === ';') {
      const next = text[i + 1];
      if (next !== undefined && next !== ' ' && next !== '\n' && next !== '"' && next !== ')') continue;
    }
    let j = i + 1;
    while (j < text.length && (TERMINATORS.has(text[j]!) || text[j] === ' ' || text[j] === '"' || text[j] === ')')) j++;
    if (j < text.length) starts.push(j);
    i = j - 1;
  }
  return starts;
}

/** The [start, end) of the sentence that contains `index`. */
export function sentenceAt(starts: readonly number[], textLength: number, index: number): [number, number] {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return [starts[lo]!, lo + 1 < starts.length ? starts[lo + 1]! : textLength];
}
