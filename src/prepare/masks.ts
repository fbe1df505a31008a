/**
 * Parts of a message that are not prose: code (inline `...` and fenced blocks) and URLs. Rules do
 * not look inside them ("`{{name}}` is a Liquid variable" is documentation, not a placeholder left
 * in; a policy page's URL is not a policy shield).
 */
export type Range = readonly [number, number];

const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]+`/g;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;

export function codeRanges(body: string): Range[] {
  if (body.indexOf('`') < 0) return [];
  return [...body.matchAll(CODE)].map((m) => [m.index, m.index + m[0].length] as const);
}

export function urlRanges(body: string): Range[] {
  if (body.indexOf('://') < 0 && body.indexOf('www.') < 0) return [];
  return [...body.matchAll(URL)].map((m) => {
    let end = m.index + m[0].length;
    while (end > m.index && /[.,;:!?)\]]/.test(body[end - 1]!)) end--; // trailing punctuation is prose
    return [m.index, end] as const;
  });
}

/** Sorted, merged union of ranges. */
export function mergeRanges(...lists: ReadonlyArray<readonly Range[]>): Range[] {
  const all = lists.flat().filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of all) {
    const prev = out[out.length - 1];
    if (prev && a <= prev[1]) prev[1] = Math.max(prev[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The body with masked ranges blanked out (same length, so offsets stay valid). */
export function blank(body: string, ranges: readonly Range[]): string {
  if (ranges.length === 0) return body;
  let out = '';
  let at = 0;
  for (const [a, b] of ranges) {
    out += body.slice(at, a) + body.slice(a, b).replace(/[^\r\n]/g, ' ');
    at = b;
  }
  return out + body.slice(at);
}
