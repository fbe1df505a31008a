import { Chalk } from 'chalk';
import type { Finding } from '../types.js';
import type { Formatter } from './formatter.js';
import { terminalText } from './sanitize.js';

const MAX_EXCERPT = 100;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** ESLint's stylish: findings grouped by file, `line:col  severity  message  rule-id`, excerpt and lesson. */
export const stylishFormatter: Formatter = {
  name: 'stylish',
  format(result, ctx) {
    const c = new Chalk({ level: ctx.color ? 1 : 0 });
    const byFile = new Map<string, Finding[]>();
    for (const f of result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    const out: string[] = [];
    for (const [file, list] of byFile) {
      list.sort((a, b) => a.line - b.line || a.column - b.column);
      out.push('', c.underline(terminalText(file)));
      const posWidth = Math.max(...list.map((f) => `${f.line}:${f.column}`.length));
      const sevWidth = Math.max(...list.map((f) => f.severity.length));
      const indent = ' '.repeat(2 + posWidth + 2 + sevWidth + 2);
      for (const f of list) {
        const sev = f.severity === 'error' ? c.red(f.severity.padEnd(sevWidth)) : f.severity === 'warning' ? c.yellow(f.severity.padEnd(sevWidth)) : c.blue(f.severity.padEnd(sevWidth));
        const where = f.ticketId ? c.dim(`  [ticket ${terminalText(f.ticketId)}${f.messageId ? `, message ${terminalText(f.messageId)}` : ''}]`) : '';
        out.push(`  ${c.dim(`${f.line}:${f.column}`.padEnd(posWidth))}  ${sev}  ${terminalText(f.message)}  ${c.dim(f.ruleId)}${where}`);
        out.push(`${indent}${c.cyan('>')} ${clip(terminalText(f.excerpt), MAX_EXCERPT)}`);
        out.push(`${indent}${c.dim(`lesson: ${clip(terminalText(f.lesson), 160)}`)}`);
        out.push(`${indent}${c.green(`instead: ${clip(terminalText(f.suggestion), 160)}`)}`);
      }
    }
    const { errors, warnings, findings } = result.summary;
    const infos = findings - errors - warnings;
    if (findings > 0) {
      const parts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`];
      if (infos > 0) parts.push(`${infos} info`);
      const line = `✖ ${findings} problem${findings === 1 ? '' : 's'} (${parts.join(', ')})`;
      out.push('', errors > 0 ? c.red.bold(line) : c.yellow.bold(line));
    }
    const s = result.summary;
    out.push(c.dim(`${s.files} file${s.files === 1 ? '' : 's'}, ${s.tickets} ticket${s.tickets === 1 ? '' : 's'}, ${s.messages} message${s.messages === 1 ? '' : 's'} checked`));
    return out.join('\n').replace(/^\n/, '') + '\n';
  },
};
