/**
 * Rule regexes come from anyone's rule pack: the ReDoS check (src/check/regex-safety.ts) must
 * refuse the catastrophic shapes at load, accept the realistic ones, agree with recheck (the
 * reference checker, a dev dependency) and pass every built-in regex, which loads unchecked.
 * Rule files cannot run code: YAML tags are refused.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, loadRules, parseRuleFile } from '../src/check/load-rules.js';
import { regexRisk, uniquelyDecodable } from '../src/check/regex-safety.js';
import { checkTerm, isRegexTerm } from '../src/check/terms.js';
import { TicketlintError } from '../src/errors.js';
import { runCli, tempDir } from './helpers.js';

type Expected = 'exponential' | 'polynomial' | 'safe';

/** Known shapes: the classic ReDoS patterns and realistic rule regexes (see research/deps.md §6). */
const CORPUS: Array<[string, Expected]> = [
  ['(a+)+$', 'exponential'],
  ['^(a|a)*$', 'exponential'],
  ['(\\w+\\s?)+$', 'exponential'],
  ['(x+x+)+y', 'exponential'],
  ['(a|ab|b)*c', 'exponential'],
  ['(a{1,3})+$', 'exponential'],
  ['^(([a-z])+.)+[A-Z]([a-z])+$', 'exponential'],
  ['(.*,)*x', 'exponential'],
  ['(a*)*b', 'exponential'],
  ['(\\d|\\d\\d)+x', 'exponential'],
  ['a(b|c+)+d', 'exponential'],
  ['^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$', 'exponential'],
  ['\\s*#?\\s*$', 'polynomial'],
  ['^.*a.*a.*a.*b$', 'polynomial'],
  ['\\d+\\d+x', 'polynomial'],
  ['(\\w*){1,3}$', 'polynomial'],
  ['(no|not)*x', 'safe'],
  ['(a+b)+c', 'safe'],
  ['(\\w+\\s)+x', 'safe'],
  ['(?:\\s+\\w+)+x', 'safe'],
  ['\\d{3,}[- ]?\\d{2,}', 'safe'],
  ['(a|b)+$', 'safe'],
  ['\\bpolicy\\b', 'safe'],
  ['sorry.{0,40}(?:refund|cancel)', 'safe'],
  ['(?:sorry|apolog(?:y|ize))\\s+for', 'safe'],
  ['[A-Z]{2,}\\d+', 'safe'],
  ['\\s+$', 'safe'],
  ['(a+)+', 'safe'], // nothing after it can fail: the first, greedy try always succeeds
];

/** recheck's verdict in our terms: degree-2 polynomial is the unanchored search every regex has, which we accept. */
function recheckVerdict(d: { status: string; complexity?: { type: string; degree?: number } }): Expected | 'unknown' {
  if (d.status === 'unknown') return 'unknown';
  if (d.complexity?.type === 'exponential') return 'exponential';
  if (d.complexity?.type === 'polynomial' && (d.complexity.degree ?? 2) >= 3) return 'polynomial';
  return 'safe';
}

type Recheck = { check(source: string, flags: string, params?: Record<string, unknown>): Promise<{ status: string; complexity?: { type: string; degree?: number } }> };
function loadRecheck(): Recheck | null {
  try {
    return createRequire(import.meta.url)('recheck') as Recheck;
  } catch {
    return null; // production install without dev dependencies
  }
}

const verdict = (source: string): Expected => regexRisk(source)?.risk ?? 'safe';

describe('regex safety checker', () => {
  it.each(CORPUS)('%s is %s', (source, expected) => {
    expect(verdict(source)).toBe(expected);
  });

  it('agrees with recheck on the corpus', async () => {
    const recheck = loadRecheck();
    if (!recheck) return;
    for (const [source, expected] of CORPUS) {
      const d = await recheck.check(source, '', { checker: 'automaton', timeout: 10_000 });
      expect([source, recheckVerdict(d)]).toEqual([source, expected]);
    }
  });

  it('mostly agrees with recheck on random patterns (fixed seed): few misses, few false alarms', async () => {
    const recheck = loadRecheck();
    if (!recheck) return;
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
    const gen = (depth: number): string => {
      const r = rnd();
      if (depth > 3 || r < 0.35) return pick(['a', 'b', '\\s', '\\w', '.', '[ab]', '\\d', 'x']);
      if (r < 0.55) return gen(depth + 1) + gen(depth + 1);
      if (r < 0.7) return `(?:${gen(depth + 1)}|${gen(depth + 1)})`;
      return `(?:${gen(depth + 1)})${pick(['*', '+', '?', '{1,3}', '{2,}', '*'])}`;
    };
    let compared = 0;
    const misses: string[] = [];
    const alarms: string[] = [];
    for (let i = 0; i < 300; i++) {
      const source = gen(0) + pick(['$', 'x', '', 'b$']);
      const theirs = recheckVerdict(await recheck.check(source, '', { checker: 'automaton', timeout: 3000 }));
      if (theirs === 'unknown') continue;
      compared++;
      const mine = verdict(source);
      if (theirs !== 'safe' && mine === 'safe') misses.push(source);
      if (theirs === 'safe' && mine !== 'safe') alarms.push(source);
    }
    expect(compared).toBeGreaterThan(250);
    // Measured: 1 miss and 5 false alarms in 300 (contrived shapes, see regex-safety.ts).
    expect(misses.length, misses.join('  ')).toBeLessThanOrEqual(3);
    expect(alarms.length, alarms.join('  ')).toBeLessThanOrEqual(10);
  });

  it('decides unique decodability of literal alternatives exactly (Sardinas–Patterson)', () => {
    expect(uniquelyDecodable(['no', 'not'])).toBe(true);
    expect(uniquelyDecodable(['a', 'ab', 'b'])).toBe(false);
    expect(uniquelyDecodable(['0', '01', '10'])).toBe(false);
    expect(uniquelyDecodable(['1', '011', '01110', '1110', '10011'])).toBe(false);
    expect(uniquelyDecodable(['a', 'a'])).toBe(false);
  });

  it('judges folded text, where whitespace never repeats, and raw text, where it can', () => {
    expect(checkTerm('/\\bwe\\s+(?:really\\s+)?\\s*cannot\\b/')).toBeNull();
    expect(checkTerm('/\\s+(?:x\\s+)?\\s*cannot$/', { raw: true })).toMatch(/polynomial time/);
  });
});

describe('rule packs: refused at load, with file and line', () => {
  const pack = (term: string): string =>
    [
      'category: hostile-pack',
      'title: t',
      'lesson: l',
      'source: s.txt',
      'suggestion: s',
      'rules:',
      '  - id: one',
      '    message: m',
      '    match:',
      '      en:',
      `        - any: [${JSON.stringify(term)}]`,
      '',
    ].join('\n');

  it.each([
    ['/(a+)+$/', /regex \/\(a\+\)\+\$\/ can take exponential time on some texts: \(a\+\)\+ repeats a\+/],
    ['/(\\w+\\s?)*!/', /exponential time/],
    ['/\\d+\\d+x/', /polynomial time/],
  ])('%s', (term, message) => {
    let error: unknown;
    try {
      parseRuleFile(pack(term), 'packs/hostile.yaml');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TicketlintError);
    expect((error as TicketlintError).toLine()).toMatch(/^packs\/hostile\.yaml:11:\d+: `any`: /);
    expect((error as TicketlintError).message).toMatch(message);
  });

  it('every built-in regex passes the check that loading them skips, and is valid on its own', async () => {
    const set = await loadRules([BUILTIN_RULES_DIR]);
    let regexes = 0;
    const problems: string[] = [];
    for (const rule of set.rules) {
      for (const specs of Object.values(rule.match)) {
        for (const spec of specs) {
          const folded = [...spec.with.flat(), ...spec.unless, ...spec.unlessMessage].map((t) => [t, false] as const);
          for (const [term, raw] of [...spec.any.map((t) => [t, spec.raw] as const), ...folded]) {
            if (!isRegexTerm(term)) continue;
            regexes++;
            const problem = checkTerm(term, { raw });
            if (problem) problems.push(`${spec.at}: ${problem}`);
          }
        }
      }
    }
    expect(regexes).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('the CLI refuses (a+)+$ at load instead of hanging on a long "aaaa…!" message', () => {
    const dir = tempDir({
      'hostile.yaml': pack('/(a+)+$/'),
      'tickets.csv': `ticket_id,author_role,body\nT1,agent,${'a'.repeat(5000)}!\n`,
    });
    const r = runCli(['--no-config', '--rules', join(dir, 'hostile.yaml'), join(dir, 'tickets.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/hostile\.yaml:11:\d+: `any`: regex \/\(a\+\)\+\$\/ can take exponential time/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('rule files cannot run code', () => {
  it.each([
    ['!!js/function', `title: !!js/function "function () { return process.exit(9) }"`],
    ['!!js/undefined', 'title: !!js/undefined ""'],
    ['!!js/regexp', 'title: !!js/regexp /x/'],
    ['a local tag', 'title: !evil "x"'],
    ['a verbatim tag', 'title: !<tag:yaml.org,2002:js/function> "function () {}"'],
  ])('%s is refused with file and line', (_name, titleLine) => {
    const text = ['category: tagged', titleLine, 'lesson: l', 'source: s', 'suggestion: s', 'rules:', '  - id: one', '    message: m', '    match:', '      en: ["refund"]', ''].join('\n');
    expect(() => parseRuleFile(text, 'packs/tagged.yaml')).toThrow(TicketlintError);
    try {
      parseRuleFile(text, 'packs/tagged.yaml');
    } catch (err) {
      expect((err as TicketlintError).toLine()).toMatch(/^packs\/tagged\.yaml:2:\d+: /);
    }
  });

  it('aliases and __proto__ keys stay plain data', () => {
    const text = [
      'category: aliased',
      'title: &t refund',
      'lesson: l',
      'source: s',
      'suggestion: s',
      'rules:',
      '  - id: one',
      '    message: m',
      '    match:',
      '      en: ["refund"]',
      '    options:',
      '      __proto__: { polluted: true }',
      '      big: &b [x, x, x, x, x, x, x, x, x, x]',
      '      bigger: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      '',
    ].join('\n');
    const set = parseRuleFile(text, 'packs/aliased.yaml');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(set.rules[0]!.options)).toBe(Object.prototype);
  });
});
