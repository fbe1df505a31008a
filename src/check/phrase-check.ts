import { AhoCorasick } from '@monyone/aho-corasick/fast';
import type { FoldedText } from '../prepare/normalize.js';
import { sentenceAt, sentenceStarts } from '../prepare/sentences.js';
import type { Role } from '../types.js';
import type { MatcherSpec, Rule } from './rule-types.js';
import { compileTerm, type CompiledTerm } from './terms.js';
import { VALIDATOR_FUNCTIONS } from './validators.js';

/**
 * The message check for declarative rules, compiled once per run (the Vale model).
 * Every phrase of every rule, and the required literal of every regex, goes into one
 * Aho-Corasick automaton: one pass over a message finds every phrase and tells which regexes
 * can match at all (measured ~1,000x faster than one big alternation).
 */

interface CompiledMatcher {
  rule: Rule;
  lang: string;
  any: number[];
  with: number[][];
  unless: number[];
  unlessMessage: number[];
  scope: 'sentence' | 'message';
  validate: MatcherSpec['validate'];
  raw: boolean;
  /** Term → position in its `with` group, and the unless lists as sets: a message has a few dozen
   * terms present while a group may list hundreds, so lookups go from the smaller side. */
  withPosition: Array<Map<number, number>>;
  unlessSet: Set<number>;
  unlessMessageSet: Set<number>;
}

interface KeywordUse {
  term: number;
  /** The unaccented variant: valid only in messages typed without diacritics. */
  bare: boolean;
  /** A regex's required literal (a prefilter), not a phrase hit. */
  prefilter: boolean;
}

/** What a message looks like to the check. */
export interface PreparedMessage {
  role: Role;
  public: boolean;
  /** The channel is a public one (a tweet, a Facebook comment): others can read it. */
  publicChannel: boolean;
  body: string;
  /** The body with code and ignored ranges blanked (same offsets), for raw matchers. */
  rawText: string;
  folded: FoldedText;
}

/** A match in original-text offsets. */
export interface RawMatch {
  rule: Rule;
  lang: string;
  start: number;
  end: number;
}

export interface PhraseCheckOptions {
  /** Only matchers of these languages (and `*`) run; all when absent. */
  langs?: string[] | null;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;
const ARABIC_LETTER = /\p{Script=Arabic}/u;
const ARABIC_PROCLITICS = /^[وف]?[بكلس]?(?:ال|ل)?$/u;

function isWordAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  return WORD_CHAR.test(text[i]!);
}

export class PhraseCheck {
  private readonly terms: CompiledTerm[] = [];
  private readonly termIndex = new Map<string, number>();
  private readonly matchers: CompiledMatcher[] = [];
  private readonly byTrigger = new Map<number, number[]>();
  private readonly keywords = new Map<string, KeywordUse[]>();
  private readonly automaton: AhoCorasick | null;
  /** Regex terms with no required literal: they run on every message. */
  private readonly unfiltered: number[] = [];
  private readonly rawMatchers: number[] = [];
  private readonly roles = new Set<Role>();

  constructor(rules: Rule[], options: PhraseCheckOptions = {}) {
    const langs = options.langs ? new Set([...options.langs, '*']) : null;
    for (const rule of rules) {
      for (const role of rule.roles) this.roles.add(role);
      for (const [lang, specs] of Object.entries(rule.match)) {
        if (langs && !langs.has(lang)) continue;
        for (const spec of specs) this.addMatcher(rule, lang, spec);
      }
    }
    const words = [...this.keywords.keys()];
    this.automaton = words.length > 0 ? new AhoCorasick(words) : null;
  }

  private term(source: string, raw: boolean): number {
    const key = `${raw ? 'raw:' : ''}${source}`;
    const known = this.termIndex.get(key);
    if (known !== undefined) return known;
    const compiled = compileTerm(source, raw);
    const id = this.terms.push(compiled) - 1;
    this.termIndex.set(key, id);
    const use = (word: string, bare: boolean, prefilter: boolean): void => {
      const list = this.keywords.get(word) ?? [];
      list.push({ term: id, bare, prefilter });
      this.keywords.set(word, list);
    };
    if (compiled.kind === 'phrase') {
      use(compiled.literal, false, false);
      if (compiled.bare) use(compiled.bare, true, false);
    } else if (compiled.raw) {
      // Raw terms run on the original text, outside the folded automaton.
    } else if (compiled.required) {
      for (const lit of compiled.required) use(lit, false, true);
      for (const lit of compiled.requiredBare ?? []) use(lit, true, true);
    } else this.unfiltered.push(id);
    return id;
  }

  private addMatcher(rule: Rule, lang: string, spec: MatcherSpec): void {
    const m: CompiledMatcher = {
      rule,
      lang,
      any: spec.any.map((t) => this.term(t, spec.raw)),
      with: spec.with.map((g) => g.map((t) => this.term(t, false))),
      unless: spec.unless.map((t) => this.term(t, false)),
      unlessMessage: spec.unlessMessage.map((t) => this.term(t, false)),
      scope: spec.scope,
      validate: spec.validate,
      raw: spec.raw,
      withPosition: [],
      unlessSet: new Set(),
      unlessMessageSet: new Set(),
    };
    m.withPosition = m.with.map((g) => new Map(g.map((t, i) => [t, i] as const).reverse()));
    m.unlessSet = new Set(m.unless);
    m.unlessMessageSet = new Set(m.unlessMessage);
    const id = this.matchers.push(m) - 1;
    if (m.raw) this.rawMatchers.push(id);
    else for (const t of m.any) this.byTrigger.set(t, [...(this.byTrigger.get(t) ?? []), id]);
  }

  /** Whether any rule judges messages of this role at all (customer messages usually skip everything). */
  judgesRole(role: Role): boolean {
    return this.roles.has(role);
  }

  private applies(rule: Rule, msg: PreparedMessage): boolean {
    if (!rule.roles.includes(msg.role)) return false;
    if (!msg.public && !rule.internalNotes) return false;
    if (rule.channel === 'public' && !(msg.public && msg.publicChannel)) return false;
    if (rule.channel === 'private' && msg.publicChannel) return false;
    return true;
  }

  /** Finds every rule match in one message. */
  run(msg: PreparedMessage): RawMatch[] {
    if (!this.judgesRole(msg.role)) return [];
    const f = msg.folded;
    const text = f.text;
    // Spans per term, in folded offsets (raw terms: original offsets).
    const spans = new Map<number, Array<[number, number]>>();
    const add = (term: number, a: number, b: number): void => {
      const list = spans.get(term);
      if (list) list.push([a, b]);
      else spans.set(term, [[a, b]]);
    };
    const triggered = new Set<number>(this.unfiltered);
    if (this.automaton && text.length > 0) {
      for (const hit of this.automaton.matchInText(text)) {
        for (const use of this.keywords.get(hit.keyword)!) {
          if (use.bare && f.accented) continue;
          if (use.prefilter) {
            triggered.add(use.term);
            continue;
          }
          const term = this.terms[use.term] as Extract<CompiledTerm, { kind: 'phrase' }>;
          if (this.bounded(text, hit.begin, hit.end, term)) add(use.term, hit.begin, hit.end);
        }
      }
    }
    for (const id of triggered) {
      const term = this.terms[id] as Extract<CompiledTerm, { kind: 'regex' }>;
      const re = (!f.accented && term.bareRegex ? term.bareRegex : term.regex).get();
      re.lastIndex = 0;
      for (const m of text.matchAll(re)) if (m[0].length > 0) add(id, m.index, m.index + m[0].length);
    }
    const out: RawMatch[] = [];
    let starts: number[] | null = null;
    const sentence = (i: number): [number, number] => sentenceAt((starts ??= sentenceStarts(text)), text.length, i);
    // Span lookups by binary search (a 20 MB message has tens of thousands of hits per term:
    // filtering every span of a term for every trigger was quadratic).
    const index = new Map<number, SpanIndex>();
    const indexOf = (term: number): SpanIndex | null => {
      let found = index.get(term);
      if (!found) {
        const list = spans.get(term);
        if (!list) return null;
        index.set(term, (found = new SpanIndex(list)));
      }
      return found;
    };
    const overlaps = (term: number, a: number, b: number): boolean => indexOf(term)?.overlaps(a, b) ?? false;
    let present: number[] | null = null;
    const presentTerms = (): number[] => (present ??= [...spans.keys()]);
    // The terms of a with-group that occur in this message, in group order (ties keep the earlier term).
    const groupHits = (group: number[], position: Map<number, number>): number[] => {
      if (group.length <= presentTerms().length) return group;
      return presentTerms().filter((t) => position.has(t)).sort((x, y) => position.get(x)! - position.get(y)!);
    };
    const anyOverlaps = (list: number[], set: Set<number>, a: number, b: number): boolean =>
      list.length <= presentTerms().length ? list.some((u) => overlaps(u, a, b)) : presentTerms().some((u) => set.has(u) && overlaps(u, a, b));
    const anyPresent = (list: number[], set: Set<number>): boolean =>
      list.length <= presentTerms().length ? list.some((t) => spans.has(t)) : presentTerms().some((t) => set.has(t));

    const evaluated = new Set<number>();
    for (const [term] of spans) {
      for (const mid of this.byTrigger.get(term) ?? []) {
        if (evaluated.has(mid)) continue;
        evaluated.add(mid);
        const m = this.matchers[mid]!;
        if (!this.applies(m.rule, msg)) continue;
        if (anyPresent(m.unlessMessage, m.unlessMessageSet)) continue;
        for (const t of m.any) {
          for (const [a, b] of spans.get(t) ?? []) {
            const [s, e] = m.scope === 'sentence' ? sentence(a) : [0, text.length];
            let from = a;
            let to = b;
            let ok = true;
            for (const [gi, group] of m.with.entries()) {
              // Widen the excerpt to the nearest context hit, so it reads as the whole refusal.
              // Nearest by start; on a tie the earlier term of the group, then the earlier span.
              let near: readonly [number, number] | null = null;
              let nearDistance = Infinity;
              for (const g of groupHits(group, m.withPosition[gi]!)) {
                const candidate = indexOf(g)?.nearest(a, s, e);
                if (candidate && Math.abs(candidate[0] - a) < nearDistance) {
                  near = candidate;
                  nearDistance = Math.abs(candidate[0] - a);
                }
              }
              if (!near) {
                ok = false;
                break;
              }
              from = Math.min(from, near[0]);
              to = Math.max(to, near[1]);
            }
            if (!ok) continue;
            const [us, ue] = sentence(a);
            if (anyOverlaps(m.unless, m.unlessSet, us, ue)) continue;
            const [oa, ob] = [f.start[from]!, f.end[to - 1]!];
            if (m.validate && !VALIDATOR_FUNCTIONS[m.validate](msg.body.slice(oa, ob))) continue;
            out.push({ rule: m.rule, lang: m.lang, start: oa, end: ob });
          }
        }
      }
    }
    for (const mid of this.rawMatchers) {
      const m = this.matchers[mid]!;
      if (!this.applies(m.rule, msg)) continue;
      for (const t of m.any) {
        const term = this.terms[t] as Extract<CompiledTerm, { kind: 'regex' }>;
        for (const hit of msg.rawText.matchAll(term.regex.get())) {
          if (hit[0].length === 0) continue;
          const a = hit.index;
          const b = a + hit[0].length;
          if (m.validate && !VALIDATOR_FUNCTIONS[m.validate](hit[0])) continue;
          if (m.unless.length > 0 || m.unlessMessage.length > 0) {
            // Context for raw matchers is still judged on folded text: find the folded position.
            const fa = lowerBound(f.start, a);
            const [us, ue] = sentence(Math.min(fa, Math.max(text.length - 1, 0)));
            if (anyOverlaps(m.unless, m.unlessSet, us, ue)) continue;
            if (anyPresent(m.unlessMessage, m.unlessMessageSet)) continue;
          }
          out.push({ rule: m.rule, lang: m.lang, start: a, end: b });
        }
      }
    }
    return dedupe(out);
  }

  private bounded(text: string, a: number, b: number, term: Extract<CompiledTerm, { kind: 'phrase' }>): boolean {
    if (!term.openStart && isWordAt(text, a - 1)) {
      if (!term.arabicStart || !ARABIC_LETTER.test(text[a - 1]!)) return false;
      // Arabic writes proclitics (and, so, with, for, like, the) joined to the word.
      let p = a;
      while (p > 0 && isWordAt(text, p - 1)) p--;
      if (!ARABIC_PROCLITICS.test(text.slice(p, a))) return false;
    }
    if (!term.openEnd && isWordAt(text, b)) return false;
    return true;
  }
}

function lowerBound(arr: Int32Array, value: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One finding per category and place: overlapping matches of one category collapse into the first, widest. */
function dedupe(matches: RawMatch[]): RawMatch[] {
  matches.sort((x, y) => x.start - y.start || y.end - x.end);
  const kept: RawMatch[] = [];
  // Kept matches come in start order, so one clashes with `m` exactly when it ends after m.start:
  // the furthest end per category answers that in O(1) (a scan of all kept matches was quadratic).
  const furthestEnd = new Map<string, number>();
  for (const m of matches) {
    const category = m.rule.category;
    const clash =
      m.end > m.start
        ? (furthestEnd.get(category) ?? -Infinity) > m.start
        : kept.some((k) => k.rule.category === category && k.start < m.end && m.start < k.end);
    if (clash) continue;
    kept.push(m);
    furthestEnd.set(category, Math.max(furthestEnd.get(category) ?? -Infinity, m.end));
  }
  return kept;
}

/**
 * The spans of one term, sorted by start, for overlap and nearest-span queries in O(log n) plus
 * the spans that can reach back into the range (at most the term's longest span).
 */
export class SpanIndex {
  private readonly spans: ReadonlyArray<readonly [number, number]>;
  private readonly starts: Int32Array;
  private readonly longest: number;

  constructor(list: Array<[number, number]>) {
    let sorted = true;
    let longest = 0;
    for (let k = 0; k < list.length; k++) {
      const [x, y] = list[k]!;
      if (k > 0 && x < list[k - 1]![0]) sorted = false;
      if (y - x > longest) longest = y - x;
    }
    // Stable: spans with equal starts keep the order they were found in.
    this.spans = sorted ? list : [...list].sort((p, q) => p[0] - q[0]);
    this.starts = Int32Array.from(this.spans, (span) => span[0]);
    this.longest = longest;
  }

  /** First index whose start is >= value. */
  private lowerBound(value: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether some span overlaps [a, b): start < b and end > a. */
  overlaps(a: number, b: number): boolean {
    const stop = this.lowerBound(b);
    for (let k = this.lowerBound(a - this.longest + 1); k < stop; k++) if (this.spans[k]![1] > a) return true;
    return false;
  }

  /**
   * Among spans overlapping [s, e), the one whose start is nearest to `a` (s <= a < e); on a tie
   * the one found first, as a stable sort by distance would pick.
   */
  nearest(a: number, s: number, e: number): readonly [number, number] | null {
    const p = this.lowerBound(a);
    const right = p < this.spans.length && this.spans[p]![0] < e ? this.spans[p]! : null;
    let left: readonly [number, number] | null = null;
    const floor = s - this.longest;
    for (let k = p - 1; k >= 0 && this.spans[k]![0] > floor; k--) {
      const span = this.spans[k]!;
      if (left && span[0] !== left[0]) break;
      if (span[1] > s) left = span;
    }
    if (!left) return right;
    if (!right) return left;
    return right[0] - a < a - left[0] ? right : left;
  }
}
