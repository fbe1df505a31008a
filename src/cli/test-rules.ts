import { resolve, sep } from 'node:path';
import { BUILTIN_RULES_DIR } from '../check/load-rules.js';
import { runRuleExamples } from '../check/rule-examples.js';
import { createLinter } from '../lint.js';
import { terminalText } from '../report/sanitize.js';
import { write } from './output.js';

/** `ticketlint test-rules`: every embedded example, like ESLint's RuleTester; exit 1 on any miss. */
export async function testRulesCommand(files: string[], flags: { config?: string }): Promise<number> {
  const extra = files.map((f) => resolve(f));
  // Built-in packs are always loaded: naming one selects its rules instead of loading it twice.
  const builtin = resolve(BUILTIN_RULES_DIR);
  const isBuiltin = (p: string): boolean => p === builtin || p.startsWith(builtin + sep);
  const linter = await createLinter({ rules: extra.filter((p) => !isBuiltin(p)), ...(flags.config ? { config: flags.config } : { config: false }) });
  const under = (file: string): boolean => extra.length === 0 || extra.some((p) => resolve(file) === p || resolve(file).startsWith(p + sep));
  const rules = linter.checker.rules.filter((r) => under(r.file));
  const report = await runRuleExamples(linter, rules);
  const lines: string[] = [];
  for (const f of report.failed) {
    const expect = f.kind === 'bad' ? `should raise ${f.rule.id}` : `should raise nothing of ${f.rule.category}`;
    const got = f.got.length ? `got: ${f.got.join('; ')}` : 'got: nothing';
    lines.push(`${f.example.at}: [${f.lang}] ${f.kind} example ${expect}, ${terminalText(got)}`, `    ${terminalText(f.example.text)}`);
  }
  for (const u of report.untested) lines.push(`${u.rule.file}:${u.rule.line}: warning: ${u.rule.id} matches ${u.lang} but has no bad ${u.lang} example`);
  lines.push(`test-rules: ${report.passed} passed, ${report.failed.length} failed`);
  await write(lines.join('\n') + '\n');
  return report.failed.length > 0 ? 1 : 0;
}
