/**
 * Static ReDoS check for rule-pack regexes. A rule's pattern can come from anyone's rule pack and
 * runs on JavaScript's backtracking engine over text we do not control, so a pattern that can
 * backtrack catastrophically is refused when the pack loads, before any input is read, with the
 * rule file and line (checkTerm in terms.ts).
 *
 * Why our own checker: it runs on every load of a user's pack without adding time to startup
 * (about 0.7 ms per pattern) and without a dependency users may not have installed. recheck (a
 * dev dependency, the reference) takes 1 ms to 2 s per pattern and gives up ("unknown") on half
 * of our Unicode patterns. Built-in packs are not checked on load: tests/reliability-regex checks
 * every built-in regex, and cross-checks this checker against recheck.
 *
 * What it refuses (the two structures that make backtracking blow up, after Weideman et al.,
 * "Analyzing matching time behavior of backtracking regular expression matchers by using
 * ambiguous NFA", and Wüstholz et al., "Static detection of DoS vulnerabilities in programs that
 * use regular expressions"), when something after them can still fail:
 *
 *  - exponential: a repeated group whose body can match the same text in more than one way, so
 *    each repetition doubles the ways to try: a repetition inside a repetition whose runs can
 *    meet (`(a+)+$`, `(\w+\s?)*!`, `(x+x+)+y`), or alternatives that can spell the same text
 *    (`(a|a)*$`, `(a|ab|b)*c`);
 *  - polynomial: two unbounded runs that can match the same characters with nothing between them
 *    that separates them (`\s*#?\s*$`, `.*a.*a.*b`, `\d+\d+x`, `(\w*){1,3}$`): n characters can
 *    be split between them n ways, at each of n start positions.
 *
 * What it accepts: a pattern whose end nothing can make fail (`(a+)+` alone matches greedily at
 * the first try); the single unbounded run at the start of an unanchored search (`[A-Z]{2,}\d+`),
 * quadratic only on an adversarial run of thousands of matching characters, which nearly every
 * practical pattern has; message length is capped anyway (read/limits.ts). Known limits: it
 * decides by structure, not by exploring the automaton, so contrived shapes can slip through
 * (measured: 1 in 300 random patterns that recheck calls vulnerable) or be refused needlessly
 * (5 in 300).
 *
 * Character sets are compared by probing: each set is tested (with JavaScript's own regex
 * semantics, so \p{..} and escapes are exact) against probe characters covering ASCII, Latin-1,
 * the scripts of our eight languages and the literal characters and range points of the pattern.
 */

export type RegexRisk = 'exponential' | 'polynomial';

export interface RegexVerdict {
  risk: RegexRisk;
  /** The part of the pattern that causes it, and why, for the rule author. */
  reason: string;
}

/** A repetition counts as "long" from this many repeats (exponential needs many iterations of the outer loop). */
const LOOP_REPEATS = 10;
/** A run counts as unbounded for the polynomial check from this many repeats. */
const LONG_RUN = 256;
/** Patterns longer than this are refused outright: nobody writes a readable rule this long. */
export const MAX_PATTERN_LENGTH = 20_000;

// ---------------------------------------------------------------------------------------------
// Character sets, compared by probing

const FIXED_PROBES: number[] = (() => {
  const probes: number[] = [];
  for (let c = 0; c <= 0xff; c++) probes.push(c);
  const extra =
    'ąćęłńóśźżĄĆĘŁŃÓŚŹŻđĐơưăâêôƠƯĂÂÊÔạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ' +
    'ßẞœŒčšžČŠŽğışĞİŞ' +
    'αβγΑΒΓσςΣабвгдАБВГДёЁ' +
    'ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةىـ٠١٢٣٤٥٦٧٨٩۰۱۲۳،؛؟' +
    'אבג' +
    '中文這是公司政策规定无法我们您好的一二三' +
    'あいうアイウ한국क्षกข' +
    '０１２３ＡＢＣａｂｃ［］（），．！？：；' +
    '\u0300\u0301\u0302\u0303\u0308\u0323\u064b\u064e\u0651\u0670\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202f\u3000\ufeff\ufffd' +
    '\u2000\u2002\u2009\u205f\u1680' +
    '–—‘’‚“”„…‹›«»€£¥₫₹¢°§¶•·※。、，「」『』【】' +
    '\u0085\u00a0';
  for (const ch of extra) probes.push(ch.codePointAt(0)!);
  probes.push(0x1f600, 0x1f44d, 0x20000, 0xe000, 0x10ffff); // astral letters and emoji, private use
  return [...new Set(probes)];
})();

/** One character-set atom as JavaScript regex source: a class, an escape, `.` or one literal. */
type SetSource = string;

/** A bitmap over probe characters, 32 per word (plain arrays: small typed arrays cost an allocation each). */
type Bits = number[];

const ANY: SetSource = '[\\s\\S]';

function tester(source: SetSource): RegExp | null {
  try {
    return new RegExp(`^(?:${source})$`, 'u');
  } catch {
    return null; // unknown syntax: treated as matching everything (conservative)
  }
}

/** Which of `codes` a set source matches, as a bitmap of 32-bit words. */
function probe(source: SetSource, codes: readonly number[]): Bits {
  const words: Bits = new Array<number>((codes.length + 31) >>> 5).fill(0);
  const re = tester(source);
  for (let i = 0; i < codes.length; i++) {
    if (!re || re.test(String.fromCodePoint(codes[i]!))) words[i >>> 5] = words[i >>> 5]! | (1 << (i & 31));
  }
  return words;
}

const FIXED_INDEX = new Map(FIXED_PROBES.map((code, i) => [code, i] as const));

/** Memberships of the fixed probes, shared by every pattern (rule packs repeat \s, \p{L}, `.`). */
const fixedMemberships = new Map<SetSource, Bits>();

/** The probes of one pattern: the fixed ones, then the pattern's own literal characters and range points. */
class Probes {
  readonly extra: number[];
  readonly words: number;
  private readonly fixedWords = (FIXED_PROBES.length + 31) >>> 5;
  private readonly memberships = new Map<SetSource, Bits>();

  constructor(literals: Iterable<number>) {
    this.extra = [...new Set(literals)].filter((c) => !FIXED_INDEX.has(c));
    this.words = this.fixedWords + ((this.extra.length + 31) >>> 5);
  }

  /** Bit position of a probe character, or -1. */
  indexOf(code: number): number {
    const fixed = FIXED_INDEX.get(code);
    if (fixed !== undefined) return fixed;
    const k = this.extra.indexOf(code);
    return k < 0 ? -1 : (this.fixedWords << 5) + k;
  }

  membership(source: SetSource): Bits {
    let bits = this.memberships.get(source);
    if (bits) return bits;
    let fixed = fixedMemberships.get(source);
    if (!fixed) {
      fixed = probe(source, FIXED_PROBES);
      if (fixedMemberships.size < 5000) fixedMemberships.set(source, fixed);
    }
    bits = this.extra.length > 0 ? [...fixed, ...probe(source, this.extra)] : fixed;
    this.memberships.set(source, bits);
    return bits;
  }
}

/** A set of characters, as a bitmap over the pattern's probes. */
class CharSet {
  readonly empty: boolean;
  constructor(readonly bits: Bits) {
    this.empty = bits.every((w) => w === 0);
  }

  static of(probes: Probes, source: SetSource): CharSet {
    return new CharSet(probes.membership(source));
  }

  /** One literal character: found by its probe index, no regex needed (most atoms of a rule are letters). */
  static literal(probes: Probes, code: number): CharSet {
    const bits: Bits = new Array<number>(probes.words).fill(0);
    const at = probes.indexOf(code);
    if (at >= 0) bits[at >>> 5] = 1 << (at & 31);
    return new CharSet(bits);
  }

  static none(probes: Probes): CharSet {
    return new CharSet(new Array<number>(probes.words).fill(0));
  }

  union(other: CharSet): CharSet {
    if (other.empty) return this;
    if (this.empty) return other;
    return new CharSet(this.bits.map((w, i) => w | other.bits[i]!));
  }

  intersect(other: CharSet): CharSet {
    return new CharSet(this.bits.map((w, i) => w & other.bits[i]!));
  }

  minus(other: CharSet): CharSet {
    if (this.empty || other.empty) return this;
    return new CharSet(this.bits.map((w, i) => w & ~other.bits[i]!));
  }

  overlaps(other: CharSet): boolean {
    if (this.empty || other.empty) return false;
    const a = this.bits;
    const b = other.bits;
    for (let i = 0; i < a.length; i++) if (a[i]! & b[i]!) return true;
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing (JavaScript syntax with the u flag, which is how rule regexes are compiled)

type Node =
  | { kind: 'set'; source: SetSource; text: string; code?: number }
  | { kind: 'seq'; items: Node[]; text: string }
  | { kind: 'alt'; branches: Node[]; text: string }
  | { kind: 'group'; child: Node; text: string }
  | { kind: 'look'; child: Node; text: string }
  | { kind: 'assert'; text: string }
  | { kind: 'backref'; ref: number | string; text: string }
  | { kind: 'quant'; child: Node; min: number; max: number; text: string };

class ParseError extends Error {}

const BRACES = /\{(\d+)(,(\d*))?\}/y;

const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);

class Parser {
  private i = 0;
  /** Literal code points and range ends: added to the probes so the pattern's own characters are compared exactly. */
  readonly literals = new Set<number>();
  /** Capturing groups by number and name, for backreferences. */
  readonly groups = new Map<number | string, Node>();
  private captures = 0;

  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.disjunction();
    if (this.i < this.src.length) throw new ParseError(`unexpected ")" at ${this.i}`);
    return node;
  }

  private disjunction(): Node {
    const start = this.i;
    const branches = [this.alternative()];
    while (this.src[this.i] === '|') {
      this.i++;
      branches.push(this.alternative());
    }
    return branches.length === 1 ? branches[0]! : { kind: 'alt', branches, text: this.src.slice(start, this.i) };
  }

  private alternative(): Node {
    const start = this.i;
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') items.push(this.term());
    return items.length === 1 ? items[0]! : { kind: 'seq', items, text: this.src.slice(start, this.i) };
  }

  private term(): Node {
    const start = this.i;
    const atom = this.atom();
    const q = this.quantifier();
    if (!q) return atom;
    if (atom.kind === 'assert') return atom; // a quantified assertion is still zero-width
    return { kind: 'quant', child: atom, min: q.min, max: q.max, text: this.src.slice(start, this.i) };
  }

  private quantifier(): { min: number; max: number } | null {
    const c = this.src[this.i];
    let q: { min: number; max: number } | null = null;
    if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '?') q = { min: 0, max: 1 };
    else if (c === '{') {
      BRACES.lastIndex = this.i;
      const m = BRACES.exec(this.src);
      if (!m) return null;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length - 1;
      q = { min, max };
    }
    if (!q) return null;
    this.i++;
    if (this.src[this.i] === '?') this.i++; // lazy: same backtracking space
    return q;
  }

  private atom(): Node {
    const start = this.i;
    const c = this.src[this.i]!;
    if (c === '(') {
      this.i++;
      let look = false;
      let capture: number | null = null;
      let name: string | null = null;
      if (this.src.startsWith('?:', this.i)) this.i += 2;
      else if (this.src.startsWith('?=', this.i) || this.src.startsWith('?!', this.i)) (this.i += 2), (look = true);
      else if (this.src.startsWith('?<=', this.i) || this.src.startsWith('?<!', this.i)) (this.i += 3), (look = true);
      else if (this.src.startsWith('?<', this.i)) {
        const close = this.src.indexOf('>', this.i);
        if (close < 0) throw new ParseError('unterminated group name');
        name = this.src.slice(this.i + 2, close);
        capture = ++this.captures;
        this.i = close + 1;
      } else if (this.src[this.i] === '?') throw new ParseError(`unknown group at ${start}`);
      else capture = ++this.captures;
      const child = this.disjunction();
      if (this.src[this.i] !== ')') throw new ParseError('unterminated group');
      this.i++;
      const text = this.src.slice(start, this.i);
      if (look) return { kind: 'look', child, text };
      const group: Node = { kind: 'group', child, text };
      if (capture !== null) this.groups.set(capture, group);
      if (name !== null) this.groups.set(name, group);
      return group;
    }
    if (c === '^' || c === '$') {
      this.i++;
      return { kind: 'assert', text: c };
    }
    if (c === '.') {
      this.i++;
      return { kind: 'set', source: '.', text: '.' };
    }
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape();
    const cp = this.src.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    this.literals.add(cp);
    const text = String.fromCodePoint(cp);
    return { kind: 'set', source: SYNTAX.has(text) || text === '-' ? `\\${text}` : text, text, code: cp };
  }

  private escape(): Node {
    const start = this.i;
    const next = this.src[this.i + 1];
    if (next === undefined) throw new ParseError('trailing backslash');
    this.i += 2;
    const text = (): string => this.src.slice(start, this.i);
    if (next === 'b' || next === 'B') return { kind: 'assert', text: text() };
    if ('dDwWsS'.includes(next)) return { kind: 'set', source: text(), text: text() };
    if (next === 'p' || next === 'P') {
      const close = this.src.indexOf('}', this.i);
      if (this.src[this.i] !== '{' || close < 0) throw new ParseError('bad \\p');
      this.i = close + 1;
      return { kind: 'set', source: text(), text: text() };
    }
    if (next === 'k') {
      const close = this.src.indexOf('>', this.i);
      if (close < 0) throw new ParseError('bad \\k');
      this.i = close + 1;
      return { kind: 'backref', ref: this.src.slice(start + 3, close), text: text() };
    }
    if (/[1-9]/.test(next)) {
      while (/[0-9]/.test(this.src[this.i] ?? '')) this.i++;
      return { kind: 'backref', ref: Number(this.src.slice(start + 1, this.i)), text: text() };
    }
    const cp = this.escapedCodePoint(next);
    this.literals.add(cp);
    return { kind: 'set', source: text(), text: text(), code: cp };
  }

  /** The code point of a character escape whose letter (after the backslash) was just consumed. */
  private escapedCodePoint(letter: string): number {
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 };
    if (letter in simple) return simple[letter]!;
    if (letter === 'x') {
      const hex = this.src.slice(this.i, this.i + 2);
      this.i += 2;
      return parseInt(hex, 16) || 0;
    }
    if (letter === 'u') {
      if (this.src[this.i] === '{') {
        const close = this.src.indexOf('}', this.i);
        const hex = this.src.slice(this.i + 1, close);
        this.i = close + 1;
        return parseInt(hex, 16) || 0;
      }
      const hex = this.src.slice(this.i, this.i + 4);
      this.i += 4;
      return parseInt(hex, 16) || 0;
    }
    if (letter === 'c') {
      const ch = this.src[this.i++] ?? '@';
      return ch.charCodeAt(0) % 32;
    }
    return letter.codePointAt(0)!;
  }

  private charClass(): Node {
    const start = this.i;
    this.i++; // [
    if (this.src[this.i] === '^') this.i++;
    let rangeFrom: number | null = null; // the low end of a range whose dash was just read
    while (this.i < this.src.length && this.src[this.i] !== ']') {
      const cp = this.classAtom();
      if (cp !== null) this.literals.add(cp);
      if (rangeFrom !== null && cp !== null) {
        // A few points inside the range, so a range and a property class meeting inside it are compared.
        for (let k = 1; k < 4; k++) this.literals.add(rangeFrom + (((cp - rangeFrom) * k) >> 2));
        rangeFrom = null;
        continue;
      }
      rangeFrom = null;
      if (cp !== null && this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        rangeFrom = cp;
      }
    }
    if (this.src[this.i] !== ']') throw new ParseError('unterminated class');
    this.i++;
    const text = this.src.slice(start, this.i);
    return { kind: 'set', source: text, text };
  }

  /** One class member: its code point, or null for a class escape (\d, \p{..}). */
  private classAtom(): number | null {
    if (this.src[this.i] !== '\\') {
      const cp = this.src.codePointAt(this.i)!;
      this.i += cp > 0xffff ? 2 : 1;
      return cp;
    }
    const letter = this.src[this.i + 1] ?? '';
    this.i += 2;
    if ('dDwWsS'.includes(letter)) return null;
    if (letter === 'p' || letter === 'P') {
      const close = this.src.indexOf('}', this.i);
      if (close < 0) throw new ParseError('bad \\p in class');
      this.i = close + 1;
      return null;
    }
    if (letter === 'b') return 8;
    if (letter === '-') return 45;
    return this.escapedCodePoint(letter);
  }
}

// ---------------------------------------------------------------------------------------------
// Analysis

interface Facts {
  nullable: boolean;
  /** Every character a match can contain. */
  chars: CharSet;
  /** Characters a non-empty match can start / end with. */
  first: CharSet;
  last: CharSet;
  /** Characters that can repeat without bound at the start / end of a match. */
  headRun: CharSet;
  tailRun: CharSet;
}

export interface RegexRiskOptions {
  /**
   * The text never has two whitespace characters in a row (folded text: whitespace runs are
   * collapsed), so a run of whitespace alone cannot grow long. False for raw terms.
   */
  collapsedWhitespace?: boolean;
}

class Analyzer {
  private readonly facts = new Map<Node, Facts>();
  private readonly none: CharSet;
  private readonly any: CharSet;
  /** Characters that never repeat in the text (whitespace in folded text): removed from runs. */
  private readonly noRuns: CharSet;
  verdict: RegexVerdict | null = null;

  private readonly computing = new Set<Node>();

  constructor(
    private readonly probes: Probes,
    private readonly groups: ReadonlyMap<number | string, Node>,
    options: RegexRiskOptions,
  ) {
    this.none = CharSet.none(probes);
    this.any = CharSet.of(probes, ANY);
    this.noRuns = options.collapsedWhitespace ? CharSet.of(probes, '\\s') : this.none;
  }

  private report(risk: RegexRisk, reason: string): void {
    if (!this.verdict || (this.verdict.risk === 'polynomial' && risk === 'exponential')) this.verdict = { risk, reason };
  }

  private setOf(node: Extract<Node, { kind: 'set' }>): CharSet {
    return node.code !== undefined ? CharSet.literal(this.probes, node.code) : CharSet.of(this.probes, node.source);
  }

  /** What a node can match (memoised: checks ask about the same subtrees many times). */
  of(node: Node): Facts {
    const known = this.facts.get(node);
    if (known) return known;
    this.computing.add(node);
    const f = this.compute(node);
    this.computing.delete(node);
    this.facts.set(node, f);
    return f;
  }

  private compute(node: Node): Facts {
    const none = this.none;
    switch (node.kind) {
      case 'set': {
        const s = this.setOf(node);
        return { nullable: false, chars: s, first: s, last: s, headRun: none, tailRun: none };
      }
      case 'assert':
      case 'look':
        return { nullable: true, chars: none, first: none, last: none, headRun: none, tailRun: none };
      case 'backref': {
        // A backreference matches what its group matched: the group's characters, or nothing yet.
        const group = this.groups.get(node.ref);
        if (!group || this.computing.has(group)) return { nullable: true, chars: this.any, first: this.any, last: this.any, headRun: this.any, tailRun: this.any };
        return { ...this.of(group), nullable: true };
      }
      case 'group':
        return this.of(node.child);
      case 'alt': {
        const fs = node.branches.map((b) => this.of(b));
        const all = (pick: (f: Facts) => CharSet): CharSet => fs.reduce((a, f) => a.union(pick(f)), none);
        return {
          nullable: fs.some((f) => f.nullable),
          chars: all((f) => f.chars),
          first: all((f) => f.first),
          last: all((f) => f.last),
          headRun: all((f) => f.headRun),
          tailRun: all((f) => f.tailRun),
        };
      }
      case 'seq': {
        const fs = node.items.map((item) => this.of(item));
        let first = none;
        let headRun = none;
        for (const f of fs) {
          first = first.union(f.first);
          headRun = headRun.union(f.headRun);
          if (!f.nullable) break;
        }
        let last = none;
        let tailRun = none;
        for (let k = fs.length - 1; k >= 0; k--) {
          last = last.union(fs[k]!.last);
          tailRun = tailRun.union(fs[k]!.tailRun);
          if (!fs[k]!.nullable) break;
        }
        return { nullable: fs.every((f) => f.nullable), chars: fs.reduce((a, f) => a.union(f.chars), none), first, last, headRun, tailRun };
      }
      case 'quant': {
        const c = this.of(node.child);
        if (node.max === 0) return { nullable: true, chars: none, first: none, last: none, headRun: none, tailRun: none };
        const run = node.max >= LONG_RUN ? c.chars.minus(this.noRuns) : none;
        return {
          nullable: node.min === 0 || c.nullable,
          chars: c.chars,
          first: c.first,
          last: c.last,
          headRun: run.empty ? c.headRun : run,
          tailRun: run.empty ? c.tailRun : run,
        };
      }
    }
  }

  /** Whether the node can match some text (possibly empty) made only of characters in `set`. */
  private within(node: Node, set: CharSet): boolean {
    switch (node.kind) {
      case 'set':
        return this.of(node).chars.overlaps(set);
      case 'assert':
      case 'look':
      case 'backref':
        return true;
      case 'group':
        return this.within(node.child, set);
      case 'alt':
        return node.branches.some((b) => this.within(b, set));
      case 'seq':
        return node.items.every((item) => this.within(item, set));
      case 'quant':
        return node.min === 0 || this.within(node.child, set);
    }
  }

  /** Whether the node can match some non-empty text made only of characters in `set`. */
  private withinNonEmpty(node: Node, set: CharSet): boolean {
    switch (node.kind) {
      case 'set':
        return this.of(node).chars.overlaps(set);
      case 'assert':
      case 'look':
        return false;
      case 'backref':
        return true;
      case 'group':
        return this.withinNonEmpty(node.child, set);
      case 'alt':
        return node.branches.some((b) => this.withinNonEmpty(b, set));
      case 'seq':
        return node.items.every((item) => this.within(item, set)) && node.items.some((item) => this.withinNonEmpty(item, set));
      case 'quant':
        return node.max >= 1 && this.withinNonEmpty(node.child, set);
    }
  }

  /**
   * Whether what follows can fail after a long run of `run` characters, so the engine backtracks
   * through every way of matching the run. It cannot when each following piece can be skipped,
   * or takes any run character given back, and none is an anchor or a positive lookaround: then
   * the first, greedy try succeeds. `(a+)+` and `\d+\d+\d` are harmless; `(a+)+$` and `(.*,)*x` are not.
   */
  private canFailAfter(run: CharSet, suffix: readonly Node[]): boolean {
    return !suffix.every((n) => this.takesAnyOf(n, run));
  }

  /** Whether the node always succeeds right after a run: it can match nothing, or one character of any in `run`. */
  private takesAnyOf(node: Node, run: CharSet): boolean {
    switch (node.kind) {
      case 'set':
        return run.minus(this.of(node).chars).empty;
      case 'assert':
        return node.text !== '$' && node.text !== '^';
      case 'look':
        return !(node.text.startsWith('(?=') || node.text.startsWith('(?<='));
      case 'backref':
        return false;
      case 'group':
        return this.takesAnyOf(node.child, run);
      case 'alt':
        return node.branches.some((b) => this.takesAnyOf(b, run));
      case 'seq':
        return node.items.every((item) => this.takesAnyOf(item, run));
      case 'quant':
        return (node.min === 0 && !containsFailingCheck(node.child)) || this.takesAnyOf(node.child, run);
    }
  }

  /**
   * Walks the pattern looking for the risky structures. `suffix`: the nodes that follow this one
   * up to the end of the pattern (an enclosing repetition counts as following its own body).
   */
  check(node: Node, suffix: readonly Node[]): void {
    switch (node.kind) {
      case 'group':
        return this.check(node.child, suffix);
      case 'look':
        return this.check(node.child, []);
      case 'alt':
        for (const b of node.branches) this.check(b, suffix);
        return;
      case 'quant': {
        if (node.max >= 2) this.checkLoop(node, suffix);
        return this.check(node.child, node.max > 1 ? [node, ...suffix] : suffix);
      }
      case 'seq': {
        const fs = node.items.map((item) => this.of(item));
        node.items.forEach((item, j) => {
          const rest = [...node.items.slice(j + 1), ...suffix];
          if (j > 0) this.checkAdjacentRuns(node.items, fs, j, rest);
          this.check(item, rest);
        });
        return;
      }
      default:
        return;
    }
  }

  /**
   * Polynomial: in a sequence, an unbounded run at the end of item i and an unbounded run at the
   * start of item j can share text, everything between can be skipped or matched with the shared
   * characters, and what follows can fail, so the engine tries every split of a long run.
   */
  private checkAdjacentRuns(items: Node[], fs: Facts[], j: number, suffix: readonly Node[]): void {
    const head = fs[j]!.headRun;
    if (head.empty) return;
    for (let i = j - 1; i >= 0; i--) {
      const tail = fs[i]!.tailRun;
      const shared = tail.intersect(head);
      if (
        !shared.empty &&
        tail.overlaps(fs[j]!.first) &&
        head.overlaps(fs[i]!.last) &&
        this.withinNonEmpty(items[i]!, shared) &&
        this.withinNonEmpty(items[j]!, shared) &&
        items.slice(i + 1, j).every((b) => this.within(b, shared)) &&
        this.canFailAfter(shared, suffix)
      ) {
        this.report('polynomial', `${items[i]!.text} and ${items[j]!.text} can match the same characters one after the other`);
        return;
      }
      // Look further back only past items a run of the head's characters could pass over.
      if (!this.within(items[i]!, head)) return;
    }
  }

  /**
   * A repetition whose body can match the same text in more than one way: each repetition
   * multiplies the ways to try, so many repetitions are exponential (`(a+)+`) and a few are
   * polynomial (`(\w*){1,3}` is three adjacent runs).
   */
  private checkLoop(loop: Extract<Node, { kind: 'quant' }>, suffix: readonly Node[]): void {
    const risk: RegexRisk = loop.max >= LOOP_REPEATS ? 'exponential' : 'polynomial';
    const body = loop.child;
    const bodyFirst = this.of(body).first;
    // A run inside the body that can reach the end of an iteration and go on into the next one.
    const visit = (node: Node, suffixOk: (run: CharSet) => boolean): void => {
      switch (node.kind) {
        case 'group':
          return visit(node.child, suffixOk);
        case 'alt':
          for (const b of node.branches) visit(b, suffixOk);
          return;
        case 'seq':
          node.items.forEach((item, k) => {
            const rest = node.items.slice(k + 1);
            visit(item, (run) => rest.every((r) => this.within(r, run)) && suffixOk(run));
          });
          return;
        case 'quant': {
          const run = this.of(node.child).chars.minus(this.noRuns);
          // Many repetitions blow up on short inner runs ((a{1,3})+); a few only on long ones.
          const runs = risk === 'exponential' ? node.max >= 2 : node.max >= LONG_RUN;
          if (runs && node.max > node.min && !run.empty && bodyFirst.overlaps(run) && suffixOk(run) && this.canFailAfter(run, suffix)) {
            this.report(risk, `${loop.text} repeats ${node.text}, whose run can go on into the next repetition`);
          }
          return visit(node.child, suffixOk);
        }
        default:
          return;
      }
    };
    visit(body, () => true);
    // A few repetitions of ambiguous alternatives only multiply the work by a constant.
    if (risk !== 'exponential' || !this.canFailAfter(this.of(body).chars, suffix)) return;
    // Alternatives directly under the loop that can spell the same text: (a|a)*, (a|ab|b)*.
    let inner: Node = body;
    while (inner.kind === 'group') inner = inner.child;
    if (inner.kind === 'alt' && this.ambiguousAlternatives(inner)) {
      this.report('exponential', `${loop.text} repeats alternatives that can match the same text in more than one way`);
      return;
    }
    // Alternatives deeper in the body that match the same character or word: (x(b|b))*.
    const nested = (node: Node): Node | null => {
      switch (node.kind) {
        case 'group':
          return nested(node.child);
        case 'quant':
          return nested(node.child);
        case 'seq':
          for (const item of node.items) {
            const found = nested(item);
            if (found) return found;
          }
          return null;
        case 'alt':
          if (this.sameTextAlternatives(node)) return node;
          for (const b of node.branches) {
            const found = nested(b);
            if (found) return found;
          }
          return null;
        default:
          return null;
      }
    };
    const twice = nested(body);
    if (twice) this.report('exponential', `${loop.text} repeats ${twice.text}, whose alternatives can match the same text`);
  }

  /**
   * Whether the alternatives, repeated, can spell one text two ways. For literal words this is
   * exact (Sardinas–Patterson: is the set of words a uniquely decodable code); for other branches,
   * two branches that can start with the same character count as ambiguous.
   */
  private ambiguousAlternatives(alt: Extract<Node, { kind: 'alt' }>): boolean {
    const words = alt.branches.map((b) => literalWord(b));
    if (words.every((w): w is string => w !== null)) return !uniquelyDecodable(words);
    const fs = alt.branches.map((b) => this.of(b));
    for (let a = 0; a < fs.length; a++) {
      if (fs[a]!.nullable) return true;
      for (let b = a + 1; b < fs.length; b++) if (fs[a]!.first.overlaps(fs[b]!.first)) return true;
    }
    return false;
  }

  /** Two alternatives that match one same character (`\s|\s`, `a|[ab]`) or one same word. */
  private sameTextAlternatives(alt: Extract<Node, { kind: 'alt' }>): boolean {
    const single = (n: Node): CharSet | null => {
      while (n.kind === 'group') n = n.child;
      return n.kind === 'set' ? this.of(n).chars : null;
    };
    const words = new Set<string>();
    const sets: CharSet[] = [];
    for (const b of alt.branches) {
      const set = single(b);
      if (set) {
        if (sets.some((s) => s.overlaps(set))) return true;
        sets.push(set);
        continue;
      }
      const w = literalWord(b);
      if (w !== null) {
        if (words.has(w)) return true;
        words.add(w);
      }
    }
    return false;
  }
}

/** Whether a node holds something that can fail without consuming text: an anchor or a positive lookaround. */
function containsFailingCheck(node: Node): boolean {
  switch (node.kind) {
    case 'assert':
      return node.text === '$' || node.text === '^';
    case 'look':
      return node.text.startsWith('(?=') || node.text.startsWith('(?<=');
    case 'group':
    case 'quant':
      return containsFailingCheck(node.child);
    case 'seq':
      return node.items.some(containsFailingCheck);
    case 'alt':
      return node.branches.some(containsFailingCheck);
    default:
      return false;
  }
}

/** The exact text a node matches when it is a plain literal word, else null. */
function literalWord(node: Node): string | null {
  if (node.kind === 'group') return literalWord(node.child);
  if (node.kind === 'set') {
    if (node.text.length === 1 || (node.text.length === 2 && node.text[0] === '\\' && SYNTAX.has(node.text[1]!))) return node.text.slice(-1);
    return null;
  }
  if (node.kind === 'seq') {
    let out = '';
    for (const item of node.items) {
      const w = literalWord(item);
      if (w === null) return null;
      out += w;
    }
    return out;
  }
  return null;
}

/** Sardinas–Patterson: true when no text is a concatenation of the words in two different ways. */
export function uniquelyDecodable(words: string[]): boolean {
  const code = new Set(words);
  if (code.size !== words.length || code.has('')) return false;
  const danglingSuffixes = (a: Iterable<string>, b: Iterable<string>): Set<string> => {
    const out = new Set<string>();
    for (const x of a) for (const y of b) if (y.length > x.length && y.startsWith(x)) out.add(y.slice(x.length));
    return out;
  };
  let current = new Set([...danglingSuffixes(code, code)]);
  const seen = new Set<string>();
  while (current.size > 0) {
    for (const s of current) if (code.has(s)) return false;
    const key = [...current].sort().join('\u0000');
    if (seen.has(key)) return true;
    seen.add(key);
    current = new Set([...danglingSuffixes(code, current), ...danglingSuffixes(current, code)]);
    if (current.size > 10_000) return false; // give up, conservatively
  }
  return true;
}

const verdictCache = new Map<string, RegexVerdict | null>();

/**
 * Whether a regex (JavaScript syntax, u flag) can backtrack catastrophically; null when it is
 * safe. Results are cached by source: rule packs repeat the same boundary and class fragments.
 */
export function regexRisk(source: string, options: RegexRiskOptions = {}): RegexVerdict | null {
  const key = `${options.collapsedWhitespace ? 'f' : 'r'}:${source}`;
  const cached = verdictCache.get(key);
  if (cached !== undefined) return cached;
  let verdict: RegexVerdict | null;
  if (source.length > MAX_PATTERN_LENGTH) {
    verdict = { risk: 'polynomial', reason: `the pattern is ${source.length} characters long (at most ${MAX_PATTERN_LENGTH}); split it into several terms` };
  } else {
    try {
      const parser = new Parser(source);
      const tree = parser.parse();
      const analyzer = new Analyzer(new Probes(parser.literals), parser.groups, options);
      analyzer.check(tree, []);
      verdict = analyzer.verdict;
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      // The pattern compiled (checkTerm tried first) but this parser does not know the syntax:
      // accept it rather than refuse a valid rule on our own limitation.
      verdict = null;
    }
  }
  if (verdictCache.size < 10_000) verdictCache.set(key, verdict);
  return verdict;
}
