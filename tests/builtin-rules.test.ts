import { describe, expect, it } from 'vitest';
import { runRuleExamples } from '../src/check/rule-examples.js';
import { checkTerm, compileTerm } from '../src/check/terms.js';
import { createLinter } from '../src/lint.js';

/** The five source articles every lesson must cite (shared/seeds/). */
const SEEDS = ['000_9d20ac962ac371f8.txt', '001_6b9d91f723270ba3.txt', '002_3bbc60520f708dd8.txt', '003_1139331abcad7b35.txt', '004_133e34a18b24563c.txt'];

describe('built-in rule packs', async () => {
  const linter = await createLinter({ config: false });
  // Well over a thousand examples, run once and shared by the two tests that read the report.
  let examples: ReturnType<typeof runRuleExamples> | null = null;
  const exampleReport = (): ReturnType<typeof runRuleExamples> => (examples ??= runRuleExamples(linter, linter.checker.rules));

  it('load, and every rule cites a source story and says what to write instead', () => {
    expect(linter.ruleSet.rules.length).toBeGreaterThan(0);
    for (const rule of linter.ruleSet.rules) {
      const [file, story] = rule.source.split('#');
      expect(SEEDS, `${rule.id} source ${rule.source}`).toContain(file);
      expect(story, `${rule.id} source story`).toBeTruthy();
      expect(rule.lesson.length, `${rule.id} lesson`).toBeGreaterThan(60);
      expect(rule.suggestion.length, `${rule.id} suggestion`).toBeGreaterThan(20);
    }
  });

  it('pass the validation a user pack gets (syntax, empty matches, backtracking), and compile', () => {
    const problems: string[] = [];
    for (const rule of linter.ruleSet.rules) {
      for (const [lang, specs] of Object.entries(rule.match)) {
        for (const spec of specs) {
          for (const term of [...spec.any, ...spec.with.flat(), ...spec.unless, ...spec.unlessMessage]) {
            const raw = spec.raw && spec.any.includes(term);
            const problem = checkTerm(term, { raw });
            if (problem) problems.push(`${rule.id} [${lang}] ${problem}`);
            const compiled = compileTerm(term, raw);
            if (compiled.kind === 'regex') {
              compiled.regex.get();
              compiled.bareRegex?.get();
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  // Well over a thousand examples: generous limits for a loaded 2-core CI machine (not a timing check).
  it('catch every bad example and stay quiet on every good one (test-rules)', { timeout: 180_000 }, async () => {
    const report = await exampleReport();
    const failures = report.failed.map((f) => `${f.example.at} [${f.lang}] ${f.kind}: ${f.example.text} → ${f.got.join('; ') || 'nothing'}`);
    expect(failures).toEqual([]);
    expect(report.passed).toBeGreaterThan(0);
  });

  it('have a bad example in every language a rule matches', { timeout: 180_000 }, async () => {
    const report = await exampleReport();
    expect(report.untested.map((u) => `${u.rule.id} ${u.lang}`)).toEqual([]);
  });
});
