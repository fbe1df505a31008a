import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';

const BAD_REPLY = "Unfortunately our policy doesn't allow refunds after 30 days.";
const CSV = `ticket_id,author_role,body\nT1,customer,"Is this your company policy?!"\nT1,agent,"${BAD_REPLY}"\n`;
const CLEAN = 'ticket_id,author_role,body\nT1,agent,"Our policy is to refund you in full, so the money is on its way."\n';

describe('ticketlint CLI', () => {
  it('prints the JSON contract: tool, findings (with lesson, source, suggestion), summary', () => {
    const dir = tempDir({ 't.csv': CSV });
    const r = runCli([join(dir, 't.csv'), '--format', 'json', '--no-config'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['tool', 'findings', 'summary']);
    expect(out.tool).toEqual({ name: 'ticketlint', version: expect.any(String) });
    expect(Object.keys(out.summary)).toEqual(['files', 'tickets', 'messages', 'findings', 'errors', 'warnings']);
    expect(out.summary).toMatchObject({ files: 1, tickets: 1, messages: 2, findings: 1, errors: 1, warnings: 0 });
    const [f] = out.findings;
    expect(Object.keys(f)).toEqual([
      'ruleId', 'category', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'ticketId', 'messageId',
      'author', 'lang', 'excerpt', 'message', 'lesson', 'source', 'suggestion',
    ]);
    expect(f).toMatchObject({ category: 'policy-shield', severity: 'error', file: 't.csv', line: 3, ticketId: 'T1', messageId: 'T1-2', lang: 'en' });
    expect(f.lesson.length).toBeGreaterThan(40);
    expect(f.source).toMatch(/^\d{3}_[0-9a-f]{16}\.txt#/);
    expect(f.suggestion.length).toBeGreaterThan(20);
  });

  it('exits 0 on a clean file', () => {
    const dir = tempDir({ 'ok.csv': CLEAN });
    const r = runCli(['ok.csv', '--no-config'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 file, 1 ticket, 1 message checked/);
  });

  it('prints stylish output like ESLint: file, line:col, severity, message, rule id, excerpt, lesson, summary', () => {
    const dir = tempDir({ 't.csv': CSV });
    const r = runCli(['t.csv', '--no-config'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^t\.csv$/m);
    expect(r.stdout).toMatch(/^ {2}3:\d+ {2}error {2}.+ {2}policy-shield\/refusal-citing-policy/m);
    expect(r.stdout).toMatch(/> our policy doesn't allow/);
    expect(r.stdout).toMatch(/lesson: /);
    expect(r.stdout).toMatch(/✖ 1 problem \(1 error, 0 warnings\)/);
  });

  it('exits 2 with one line and no stack trace for a missing file, and still lints the others', () => {
    const dir = tempDir({ 't.csv': CSV });
    const r = runCli(['missing.csv', 't.csv', '--format', 'json', '--no-config'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: missing.csv: no such file or directory');
    expect(JSON.parse(r.stdout).summary.findings).toBe(1);
  });

  it('exits 2 for a malformed file with file and line', () => {
    const dir = tempDir({ 'bad.csv': 'ticket_id,author_role,body\nT1,agent,"never closed\nT2,agent,fine\n' });
    const r = runCli(['bad.csv', '--no-config'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.csv:2: quoted field is never closed/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on a bad option, with a one-line message', () => {
    const r = runCli(['--format', 'xml', 'x.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown format "xml"/);
    expect(runCli(['--bogus']).code).toBe(2);
    expect(runCli(['--lang', 'xx', 'a.csv']).code).toBe(2);
  });

  it('reads stdin as a canned response by default, or as CSV with --stdin-filename', () => {
    expect(runCli(['-', '--format', 'json', '--no-config'], { input: BAD_REPLY }).code).toBe(1);
    const r = runCli(['-', '--stdin-filename', 'x.csv', '--format', 'json', '--no-config'], { input: CSV });
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ file: 'x.csv', line: 3 });
  });

  it('lints library files (.md, .txt) with their line and column, front matter skipped', () => {
    const dir = tempDir({ 'refund.md': `---\ntitle: Refund\n---\nHello!\n\n${BAD_REPLY}\n`, 'ok.txt': 'Thanks for waiting!' });
    const r = runCli(['.', '--format', 'json', '--no-config'], { cwd: dir });
    const out = JSON.parse(r.stdout);
    expect(out.summary.files).toBe(2);
    expect(out.findings[0]).toMatchObject({ file: 'refund.md', line: 6, column: 15, messageId: 'Refund' });
  });

  it('--quiet drops warnings; --max-warnings turns too many warnings into exit 1', () => {
    const dir = tempDir({
      'w.yaml': 'category: demo-warn\ntitle: T\nseverity: warning\nlesson: L\nsource: S\nsuggestion: G\nrules:\n  - id: a\n    message: M\n    match: { en: ["hello there"] }\n',
      'm.txt': 'Hello there, friend.',
    });
    expect(runCli(['m.txt', '--rules', 'w.yaml', '--no-config'], { cwd: dir }).code).toBe(0);
    expect(runCli(['m.txt', '--rules', 'w.yaml', '--no-config', '--max-warnings', '0'], { cwd: dir }).code).toBe(1);
    const quiet = runCli(['m.txt', '--rules', 'w.yaml', '--no-config', '--quiet', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(quiet.stdout).findings).toEqual([]);
  });

  it('reads .ticketlintrc.yaml from the working directory upwards, and --config', () => {
    const dir = tempDir({ '.ticketlintrc.yaml': 'rules:\n  policy-shield: warning\n', 't.csv': CSV, 'off.yaml': 'rules:\n  policy-shield: off\n' });
    const r = runCli(['t.csv', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings[0].severity).toBe('warning');
    expect(JSON.parse(runCli(['t.csv', '--format', 'json', '--config', 'off.yaml'], { cwd: dir }).stdout).findings).toEqual([]);
    const broken = tempDir({ '.ticketlintrc.yaml': 'rulez: {}\n', 't.csv': CSV });
    const b = runCli(['t.csv'], { cwd: broken });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/\.ticketlintrc\.yaml:1:1: unknown key "rulez"/);
  });

  it('reports an invalid rule file with its file and line (exit 2)', () => {
    const dir = tempDir({ 'r.yaml': 'category: demo\ntitle: T\nlesson: L\nsource: S\nsuggestion: G\nrules:\n  - id: a\n    message: M\n    severity: loud\n    match: { en: ["x"] }\n', 'm.txt': 'x' });
    const r = runCli(['m.txt', '--rules', 'r.yaml', '--no-config'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^ticketlint: .*r\.yaml:9:\d+: bad severity "loud"/);
  });

  it('--lang runs only that language\'s rules and sets the finding language', () => {
    const dir = tempDir({ 'm.txt': BAD_REPLY });
    expect(runCli(['m.txt', '--lang', 'pl', '--no-config'], { cwd: dir }).code).toBe(0);
    expect(JSON.parse(runCli(['m.txt', '--lang', 'en', '--no-config', '--format', 'json'], { cwd: dir }).stdout).findings[0].lang).toBe('en');
  });

  it('streams jsonl, one finding object per line', () => {
    const dir = tempDir({ 't.csv': CSV + `T2,agent,"${BAD_REPLY}"\n` });
    const r = runCli(['t.csv', '--format', 'jsonl', '--no-config'], { cwd: dir });
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.ticketId)).toEqual(['T1', 'T2']);
  });

  it('writes --output-file and pairs formats with files', () => {
    const dir = tempDir({ 't.csv': CSV });
    const r = runCli(['t.csv', '-f', 'json', '-o', 'out/report.json', '-f', 'stylish', '--no-config'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8')).summary.findings).toBe(1);
    expect(r.stdout).toMatch(/policy-shield/);
  });

  it('rules lists every rule with category, severity and languages; explain prints the lesson; test-rules passes', () => {
    const rules = runCli(['rules']);
    expect(rules.code).toBe(0);
    expect(rules.stdout).toMatch(/policy-shield\/refusal-citing-policy\s+policy-shield\s+error\s+.*en.*vi.*ar.*zh.*pl/);
    const explain = runCli(['explain', 'policy-shield']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/Lesson/);
    expect(explain.stdout).toMatch(/Source story\n {2}\d{3}_[0-9a-f]{16}\.txt#/);
    expect(explain.stdout).toMatch(/Say instead/);
    expect(runCli(['explain', 'no-such-thing']).code).toBe(2);
    const tests = runCli(['test-rules']);
    expect(tests.stdout).toMatch(/test-rules: \d+ passed, 0 failed/);
    expect(tests.code).toBe(0);
  });

  it('test-rules fails on a rule whose bad example does not match', () => {
    const dir = tempDir({ 'r.yaml': 'category: demo\ntitle: T\nlesson: L\nsource: S\nsuggestion: G\nrules:\n  - id: a\n    message: M\n    match: { en: ["hello there"] }\n    examples:\n      en:\n        bad: ["goodbye"]\n        good: ["hi"]\n' });
    const r = runCli(['test-rules', 'r.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/r\.yaml:12: \[en\] bad example should raise demo\/a/);
    expect(r.stdout).toMatch(/1 passed, 1 failed/);
  });
});
