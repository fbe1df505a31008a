import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TicketlintError } from '../src/errors.js';
import { BaselineMatcher, createBaseline, findingFingerprint, parseBaseline, serializeBaseline } from '../src/report/baseline.js';
import type { Finding } from '../src/types.js';
import { CLI_TIMEOUT, ROOT, cli, finding } from './format-helpers.js';

const CWD = '/project';
const matcherFor = (known: Finding[], path = 'ticketlint-baseline.json'): BaselineMatcher =>
  new BaselineMatcher(parseBaseline(serializeBaseline(createBaseline(known, path, CWD)), path), path, CWD);

describe('baseline fingerprints', () => {
  it('ignore the line and column, case and spacing; not the rule, the text or the message', () => {
    const base = findingFingerprint(finding());
    expect(findingFingerprint(finding({ line: 90, endLine: 91, column: 1, endColumn: 4 }))).toBe(base);
    expect(findingFingerprint(finding({ excerpt: "It's   COMPANY\npolicy" }))).toBe(base);
    expect(findingFingerprint(finding({ excerpt: 'our policy' }))).not.toBe(base);
    expect(findingFingerprint(finding({ ruleId: 'other/rule' }))).not.toBe(base);
    expect(findingFingerprint(finding({ messageId: 'T-1001-4' }))).not.toBe(base);
  });

  it('do not use message ids a reader derived from the line number', () => {
    const a = finding({ ticketId: null, messageId: 'line-12' });
    const b = finding({ ticketId: null, messageId: 'line-40', line: 40, endLine: 40 });
    expect(findingFingerprint(a)).toBe(findingFingerprint(b));
  });
});

describe('baseline file', () => {
  it('stores per file and per rule a count and counted fingerprints, paths relative to the baseline', () => {
    const known = [finding(), finding(), finding({ excerpt: 'our policy' }), finding({ ruleId: 'x/y' }), finding({ file: 'library/a.md' })];
    const baseline = createBaseline(known, 'ci/baseline.json', CWD);
    expect(Object.keys(baseline.files)).toEqual(['../exports/tickets.csv', '../library/a.md']);
    expect(Object.keys(createBaseline([finding()], 'baseline.json', CWD).files)).toEqual(['exports/tickets.csv']);
    const entry = baseline.files['../exports/tickets.csv']!['policy-shield/refusal-citing-policy']!;
    expect(entry.count).toBe(3);
    expect(Object.values(entry.fingerprints).sort()).toEqual([1, 2]);
    expect(parseBaseline(serializeBaseline(baseline), 'b.json')).toEqual(JSON.parse(serializeBaseline(baseline)));
  });

  it('rejects malformed files with a message naming the file (and the line for bad JSON)', () => {
    const fail = (text: string): TicketlintError => {
      try {
        parseBaseline(text, 'b.json');
      } catch (err) {
        return err as TicketlintError;
      }
      throw new Error('expected a TicketlintError');
    };
    expect(fail('{\n  "version": 1,\n  "files": {,}\n}').toLine()).toMatch(/^b\.json:3: invalid baseline JSON/);
    expect(fail('[]').toLine()).toBe('b.json: not a ticketlint baseline: expected a JSON object (regenerate it with --update-baseline)');
    expect(fail('{"version": 2, "files": {}}').message).toMatch(/unsupported version 2/);
    expect(fail('{"version": 1, "files": {"a.csv": {"r/x": {"count": -1, "fingerprints": {}}}}}').message).toMatch(/count must be a whole number/);
  });
});

describe('baseline matching', () => {
  it('suppresses known findings count by count: a second copy of a known one is new', () => {
    const m = matcherFor([finding()]);
    expect(m.suppresses(finding({ line: 50, endLine: 50 }))).toBe(true);
    expect(m.suppresses(finding())).toBe(false);
    expect(m.suppressed).toBe(1);
    expect(m.unused).toBe(0);
  });

  it('does not suppress a new finding, and counts the entries left unused', () => {
    const m = matcherFor([finding(), finding({ excerpt: 'our policy' }), finding({ file: 'gone.csv' })]);
    expect(m.suppresses(finding({ excerpt: 'policy is policy' }))).toBe(false);
    expect(m.suppresses(finding({ ruleId: 'rude-language/x' }))).toBe(false);
    expect(m.suppresses(finding({ file: 'exports/other.csv' }))).toBe(false);
    expect(m.suppresses(finding())).toBe(true);
    expect(m.unused).toBe(2);
  });

  it('lets a hand-written count without fingerprints suppress that many findings of the rule, as ESLint does', () => {
    const baseline = parseBaseline(JSON.stringify({ version: 1, files: { 'exports/tickets.csv': { 'policy-shield/refusal-citing-policy': { count: 2, fingerprints: {} } } } }), 'b.json');
    const m = new BaselineMatcher(baseline, 'b.json', CWD);
    expect([m.suppresses(finding()), m.suppresses(finding({ excerpt: 'other' })), m.suppresses(finding())]).toEqual([true, true, false]);
  });
});

/** A copy of the fixture in a scratch folder, so the CLI runs can edit it. */
function scratch(): { dir: string; csv: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tl-baseline-'));
  copyFileSync(join(ROOT, 'fixtures/generic/tickets.csv'), join(dir, 'tickets.csv'));
  return { dir, csv: join(dir, 'tickets.csv') };
}

const findingsOf = (stdout: string): Array<{ ruleId: string; line: number; ticketId: string }> => (JSON.parse(stdout) as { findings: never[] }).findings;

describe('--baseline and --update-baseline (CLI)', () => {
  it('records the current findings, then only new findings fail the run', () => {
    const { dir, csv } = scratch();
    const update = cli(['--no-config', '--baseline', 'ci/baseline.json', '--update-baseline', 'tickets.csv'], dir);
    expect(update).toMatchObject({ code: 0 });
    expect(update.stderr).toMatch(/wrote baseline ci\/baseline\.json: 1 finding in 1 file/);
    const stored = JSON.parse(readFileSync(join(dir, 'ci/baseline.json'), 'utf8')) as { files: Record<string, Record<string, { count: number }>> };
    expect(stored.files['../tickets.csv']!['policy-shield/refusal-citing-policy']!.count).toBe(1);

    const again = cli(['--no-config', '--baseline', 'ci/baseline.json', '--format', 'json', 'tickets.csv'], dir);
    expect(again.code).toBe(0);
    expect(findingsOf(again.stdout)).toEqual([]);
    expect(JSON.parse(again.stdout).summary).toMatchObject({ findings: 0, errors: 0, messages: 3 });
    expect(again.stderr).toBe('ticketlint: baseline ci/baseline.json: 1 known finding suppressed\n');

    // Lines shift (a message added above): the old finding stays known.
    const text = readFileSync(csv, 'utf8');
    const [header, ...rest] = text.split('\n');
    writeFileSync(csv, [header, 'T-0999,T-0999-1,2024-04-30T10:00:00Z,agent,ana,email,true,"Hello,\nthanks for waiting.\nAll sorted."', ...rest].join('\n'));
    const shifted = cli(['--no-config', '--baseline', 'ci/baseline.json', '--format', 'json', 'tickets.csv'], dir);
    expect(shifted.code).toBe(0);
    expect(shifted.stderr).toMatch(/1 known finding suppressed\n$/);

    // A new refusal fails the run, and only it is reported, in the report and in streamed output.
    writeFileSync(csv, readFileSync(csv, 'utf8').trimEnd() + '\nT-1003,T-1003-1,2024-05-03T09:00:00Z,agent,ben,email,true,"It\'s company policy, I can\'t refund you."\n');
    const added = cli(['--no-config', '--baseline', 'ci/baseline.json', '--format', 'json', '--output-file', 'report.json', '--format', 'jsonl', 'tickets.csv'], dir);
    expect(added.code).toBe(1);
    expect(findingsOf(readFileSync(join(dir, 'report.json'), 'utf8')).map((f) => f.ticketId)).toEqual(['T-1003']);
    expect(added.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { ticketId: string }).ticketId)).toEqual(['T-1003']);
  }, CLI_TIMEOUT);

  it('reports baseline entries that no longer match, and --update-baseline prunes them', () => {
    const { dir, csv } = scratch();
    expect(cli(['--no-config', '--baseline', 'b.json', '--update-baseline', 'tickets.csv'], dir).code).toBe(0);
    writeFileSync(csv, readFileSync(csv, 'utf8').replace("Unfortunately our policy doesn't allow refunds after 30 days.", 'I can refund you as store credit today.'));
    const fixed = cli(['--no-config', '--baseline', 'b.json', 'tickets.csv'], dir);
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toBe('ticketlint: baseline b.json: 0 known findings suppressed, 1 entry no longer found (fixed? prune with --update-baseline)\n');
    expect(cli(['--no-config', '--baseline', 'b.json', '--update-baseline', 'tickets.csv'], dir).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'))).toEqual({ version: 1, files: {} });
  }, CLI_TIMEOUT);

  it('writes ticketlint-baseline.json when --update-baseline has no --baseline', () => {
    const { dir } = scratch();
    expect(cli(['--no-config', '--update-baseline', 'tickets.csv'], dir).code).toBe(0);
    expect(existsSync(join(dir, 'ticketlint-baseline.json'))).toBe(true);
  }, CLI_TIMEOUT);

  it('exits 2 with one line for a missing or malformed baseline', () => {
    const { dir } = scratch();
    const missing = cli(['--no-config', '--baseline', 'nope.json', 'tickets.csv'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('ticketlint: nope.json: baseline file not found (create it with --update-baseline)\n');
    expect(missing.stdout).toBe('');
    writeFileSync(join(dir, 'bad.json'), '{"version": 1,\n "files": [}');
    const bad = cli(['--no-config', '--baseline', 'bad.json', 'tickets.csv'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^ticketlint: bad\.json:2: invalid baseline JSON: .*\n$/);
  }, CLI_TIMEOUT);
});
