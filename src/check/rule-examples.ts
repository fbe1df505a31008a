import type { Linter } from '../lint.js';
import { lintText } from '../lint.js';
import type { Example, Rule } from './rule-types.js';

export interface ExampleFailure {
  rule: Rule;
  lang: string;
  kind: 'bad' | 'good';
  example: Example;
  /** What happened instead: the rule ids that fired (good) or none of this rule (bad). */
  got: string[];
}

export interface ExampleReport {
  passed: number;
  failed: ExampleFailure[];
  /** Rules with matchers but no bad example in some language they claim (untested). */
  untested: Array<{ rule: Rule; lang: string }>;
}

/**
 * Runs the examples embedded in rules, like ESLint's RuleTester: each `bad` example must raise
 * that rule; each `good` example must raise nothing of the rule's category.
 */
export async function runRuleExamples(linter: Linter, rules: Rule[]): Promise<ExampleReport> {
  const report: ExampleReport = { passed: 0, failed: [], untested: [] };
  for (const rule of rules) {
    for (const lang of Object.keys(rule.match)) {
      if (!rule.examples[lang]?.bad.length) report.untested.push({ rule, lang });
    }
    for (const [lang, { bad, good }] of Object.entries(rule.examples)) {
      for (const [kind, list] of [['bad', bad], ['good', good]] as const) {
        for (const example of list) {
          const result = await lintText(
            example.text,
            {
              role: example.role ?? 'agent',
              ...(example.channel ? { channel: example.channel } : {}),
              public: example.public ?? true,
              file: example.at,
            },
            linter,
          );
          const ids = result.findings.map((f) => f.ruleId);
          const ok = kind === 'bad' ? ids.includes(rule.id) : !result.findings.some((f) => f.category === rule.category);
          if (ok) report.passed++;
          else report.failed.push({ rule, lang, kind, example, got: kind === 'bad' ? ids : result.findings.filter((f) => f.category === rule.category).map((f) => `${f.ruleId} on "${f.excerpt}"`) });
        }
      }
    }
  }
  return report;
}
