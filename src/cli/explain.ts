import { Chalk } from 'chalk';
import { TicketlintError } from '../errors.js';
import { createLinter } from '../lint.js';
import type { Example, Rule } from '../check/rule-types.js';
import { terminalText } from '../report/sanitize.js';
import { write } from './output.js';

function wrap(text: string, width = 88, indent = '  '): string {
  const words = terminalText(text).split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && (line + ' ' + w).length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

function firstExamples(rules: Rule[], kind: 'bad' | 'good'): Array<{ lang: string; ex: Example }> {
  const out: Array<{ lang: string; ex: Example }> = [];
  const langs = ['en', 'vi', 'ar', 'zh', 'pl', 'es', 'de', 'fr', '*'];
  for (const lang of langs) {
    for (const r of rules) {
      const ex = r.examples[lang]?.[kind][0];
      if (ex) {
        out.push({ lang, ex });
        break;
      }
    }
  }
  return out;
}

/** `ticketlint explain <rule-or-category>`: why it matters, where the lesson comes from, what to say instead. */
export async function explainCommand(id: string, flags: { rules: string[] }, color: boolean): Promise<number> {
  const c = new Chalk({ level: color ? 1 : 0 });
  const linter = await createLinter({ rules: flags.rules });
  const rule = linter.ruleSet.rules.find((r) => r.id === id);
  const category = linter.ruleSet.categories.find((x) => x.id === id);
  if (!rule && !category) {
    const near = [...linter.ruleSet.categories.map((x) => x.id), ...linter.ruleSet.rules.map((r) => r.id)].filter((x) => x.includes(id) || id.includes(x.split('/')[0]!));
    throw new TicketlintError(`no rule or category "${id}"${near.length ? ` (did you mean ${near.slice(0, 3).join(', ')}?)` : ''}; see \`ticketlint rules\``);
  }
  const rules = rule ? [rule] : linter.ruleSet.rules.filter((r) => r.category === id);
  const head = rule ?? category!;
  const out: string[] = [];
  out.push(c.bold(`${id}`) + c.dim(`  (${head.severity})`), wrap(head.title, 88, '  '), '');
  if (rule) out.push(c.bold('What it flags'), wrap(rule.message), '');
  out.push(c.bold('Lesson'), wrap(head.lesson), '', c.bold('Source story'), `  ${terminalText(head.source)}`, '');
  const bad = firstExamples(rules, 'bad');
  const good = firstExamples(rules, 'good');
  if (bad.length) {
    out.push(c.bold('Flagged'));
    for (const { lang, ex } of bad) out.push(`  ${c.red('✗')} ${c.dim(`[${lang}]`)} ${terminalText(ex.text)}`);
    out.push('');
  }
  if (good.length) {
    out.push(c.bold('Fine'));
    for (const { lang, ex } of good) out.push(`  ${c.green('✓')} ${c.dim(`[${lang}]`)} ${terminalText(ex.text)}`);
    out.push('');
  }
  out.push(c.bold('Say instead'), wrap(head.suggestion), '');
  if (!rule && rules.length > 0) {
    out.push(c.bold('Rules'));
    for (const r of rules) out.push(`  ${r.id.padEnd(44)} ${c.dim(r.check ? 'conversation check' : Object.keys(r.match).join(' '))}`);
    out.push('');
  }
  await write(out.join('\n'));
  return 0;
}
