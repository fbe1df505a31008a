import type { Linter } from '../lint.js';
import { lintText } from '../lint.js';
import { textLocator } from '../read/locator.js';
import type { Finding, Message, Ticket } from '../types.js';
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
  /** Rules with matchers but no bad example in some language they claim (untested); conversation rules with no bad ticket (`*`). */
  untested: Array<{ rule: Rule; lang: string }>;
}

/** A ticket example as the checks see a ticket read from an export: ids, times, roles, a file and lines. */
export function exampleTicket(example: Example): Ticket {
  const file = example.at.replace(/:\d+$/, '');
  const messages: Message[] = (example.ticket ?? []).map((m, i) => ({
    id: `example-${i + 1}`,
    ticketId: 'example',
    role: m.role,
    author: null,
    public: m.public ?? true,
    channel: m.channel ?? example.channel ?? null,
    createdAt: m.at ?? null,
    body: m.text,
    locator: textLocator(m.text, { line: m.line, column: 1 }),
  }));
  return { id: 'example', file, format: 'example', channel: example.channel ?? messages[0]?.channel ?? null, messages };
}

async function findingsOf(linter: Linter, example: Example): Promise<Finding[]> {
  if (example.ticket) return linter.checker.checkTicket(exampleTicket(example));
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
  return result.findings;
}

/**
 * Runs the examples embedded in rules, like ESLint's RuleTester: each `bad` example must raise
 * that rule; each `good` example must raise nothing of the rule's category. A text example is one
 * agent message (lintText); a `ticket` example is a whole conversation, checked like a ticket read
 * from an export, so conversation rules (timing, repetition, who spoke last) can be tested too.
 */
export async function runRuleExamples(linter: Linter, rules: Rule[]): Promise<ExampleReport> {
  const report: ExampleReport = { passed: 0, failed: [], untested: [] };
  for (const rule of rules) {
    for (const lang of Object.keys(rule.match)) {
      if (!rule.examples[lang]?.bad.length) report.untested.push({ rule, lang });
    }
    if (rule.check && !Object.values(rule.examples).some((e) => e.bad.length > 0)) report.untested.push({ rule, lang: '*' });
    for (const [lang, { bad, good }] of Object.entries(rule.examples)) {
      for (const [kind, list] of [['bad', bad], ['good', good]] as const) {
        for (const example of list) {
          const findings = await findingsOf(linter, example);
          const ids = findings.map((f) => f.ruleId);
          const ok = kind === 'bad' ? ids.includes(rule.id) : !findings.some((f) => f.category === rule.category);
          if (ok) report.passed++;
          else report.failed.push({ rule, lang, kind, example, got: kind === 'bad' ? ids : findings.filter((f) => f.category === rule.category).map((f) => `${f.ruleId} on "${f.excerpt}"`) });
        }
      }
    }
  }
  return report;
}
