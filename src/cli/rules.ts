import { Chalk } from 'chalk';
import { createLinter } from '../lint.js';
import { write } from './output.js';

/** `ticketlint rules`: one line per rule, like `eslint --print-config` meets `vale ls-styles`. */
export async function rulesCommand(flags: { lang?: string; rules: string[]; config?: string }, color: boolean): Promise<number> {
  const c = new Chalk({ level: color ? 1 : 0 });
  const linter = await createLinter({ rules: flags.rules, ...(flags.config ? { config: flags.config } : {}) });
  const enabled = new Set(linter.checker.rules.map((r) => r.id));
  const rows = linter.ruleSet.rules
    .map((r) => {
      const langs = r.check ? ['*'] : Object.keys(r.match);
      return { r, langs, severity: linter.checker.rules.find((x) => x.id === r.id)?.severity ?? 'off' };
    })
    .filter(({ langs, r }) => !flags.lang || langs.includes(flags.lang) || langs.includes('*') || r.check)
    .sort((a, b) => a.r.id.localeCompare(b.r.id));
  const idWidth = Math.max(4, ...rows.map((x) => x.r.id.length));
  const catWidth = Math.max(8, ...rows.map((x) => x.r.category.length));
  const lines = [c.bold(`${'rule'.padEnd(idWidth)}  ${'category'.padEnd(catWidth)}  severity  languages`)];
  for (const { r, langs, severity } of rows) {
    const sev = severity === 'error' ? c.red(severity.padEnd(8)) : severity === 'warning' ? c.yellow(severity.padEnd(8)) : c.dim(severity.padEnd(8));
    lines.push(`${r.id.padEnd(idWidth)}  ${r.category.padEnd(catWidth)}  ${sev}  ${langs.includes('*') ? 'all' : langs.join(' ')}`);
  }
  const categories = new Set(rows.map((x) => x.r.category));
  lines.push('', c.dim(`${rows.length} rules in ${categories.size} categories (${rows.filter((x) => enabled.has(x.r.id)).length} enabled)`));
  await write(lines.join('\n') + '\n');
  return 0;
}
