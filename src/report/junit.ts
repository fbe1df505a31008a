import type { Finding } from '../types.js';
import type { Formatter } from './formatter.js';
import { markupAttribute, markupText } from './sanitize.js';

/**
 * JUnit XML for CI dashboards (Jenkins, GitLab, Azure): one testsuite per file, one failing
 * testcase per finding, and one passing testcase for a file with none, so a clean library shows
 * up green instead of missing. Every finding is a failure, as in ESLint's and textlint's junit
 * formatters; its `type` carries the severity.
 */
export const junitFormatter: Formatter = {
  name: 'junit',
  format(result) {
    const byFile = new Map<string, Finding[]>();
    for (const file of result.stats?.files ?? []) byFile.set(file, []);
    for (const f of result.findings) {
      const list = byFile.get(f.file);
      if (list) list.push(f);
      else byFile.set(f.file, [f]);
    }
    const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
    const testCount = [...byFile.values()].reduce((n, list) => n + Math.max(1, list.length), 0);
    out.push(`<testsuites name="ticketlint" tests="${testCount}" failures="${result.findings.length}" errors="0">`);
    for (const [file, list] of byFile) {
      const name = markupAttribute(file);
      list.sort((a, b) => a.line - b.line || a.column - b.column);
      out.push(`  <testsuite name="${name}" tests="${Math.max(1, list.length)}" failures="${list.length}" errors="0" skipped="0">`);
      if (list.length === 0) out.push(`    <testcase classname="${name}" name="no findings"/>`);
      for (const f of list) {
        const where = f.ticketId ? ` (ticket ${f.ticketId}${f.messageId ? `, message ${f.messageId}` : ''})` : '';
        out.push(`    <testcase classname="${name}" name="${markupAttribute(`${f.ruleId} at ${f.line}:${f.column}${where}`)}">`);
        out.push(`      <failure type="${f.severity}" message="${markupAttribute(`${f.severity}: ${f.message}`)}">${markupText(body(f))}</failure>`);
        out.push('    </testcase>');
      }
      out.push('  </testsuite>');
    }
    out.push('</testsuites>');
    return out.join('\n') + '\n';
  },
};

function body(f: Finding): string {
  const lines = [
    `${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId}`,
    `> ${f.excerpt}`,
    '',
    `Why: ${f.lesson}`,
    `Instead: ${f.suggestion}`,
  ];
  if (f.ticketId) lines.splice(1, 0, `ticket ${f.ticketId}${f.messageId ? `, message ${f.messageId}` : ''}${f.author ? `, by ${f.author}` : ''}`);
  return lines.join('\n');
}
