import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../src/check/rule-types.js';
import { FORMATTERS } from '../src/report/index.js';
import { FINGERPRINT_KEY, sarifFormatter } from '../src/report/sarif.js';
import { CTX, FIXTURE, HOSTILE, CLI_TIMEOUT, cli, finding, resultOf } from './format-helpers.js';

const LEVELS = new Set(['none', 'note', 'warning', 'error']);

/** The parts of the SARIF 2.1.0 schema a consumer (GitHub code scanning) relies on. */
function expectValidSarif(log: Sarif.Log): void {
  expect(log.version).toBe('2.1.0');
  expect(log.$schema).toMatch(/^https:\/\/.*sarif-2\.1\.0.*\.json$/);
  expect(Array.isArray(log.runs)).toBe(true);
  for (const run of log.runs) {
    const driver = run.tool.driver;
    expect(driver.name).toBe('ticketlint');
    expect(typeof driver.version).toBe('string');
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(run.columnKind).toBe('utf16CodeUnits');
    const rules = driver.rules ?? [];
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(typeof rule.id).toBe('string');
      expect(rule.shortDescription?.text).toBeTruthy();
      expect(rule.fullDescription?.text).toBeTruthy();
      expect(rule.help?.text).toBeTruthy();
      expect(LEVELS.has(rule.defaultConfiguration!.level!)).toBe(true);
      expect(typeof rule.properties?.category).toBe('string');
    }
    for (const result of run.results ?? []) {
      expect(typeof result.message.text).toBe('string');
      expect(LEVELS.has(result.level!)).toBe(true);
      expect(rules[result.ruleIndex!]?.id).toBe(result.ruleId);
      const loc = result.locations![0]!.physicalLocation!;
      expect(loc.artifactLocation!.uri).toBeTruthy();
      const r = loc.region!;
      for (const n of [r.startLine, r.startColumn, r.endLine, r.endColumn]) expect(Number.isInteger(n) && n! >= 1).toBe(true);
      expect(r.endLine! > r.startLine! || (r.endLine === r.startLine && r.endColumn! >= r.startColumn!)).toBe(true);
      expect(result.partialFingerprints?.[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{20}$/);
    }
  }
}

describe('sarif formatter', () => {
  it('is registered', () => {
    expect(FORMATTERS.get('sarif')).toBe(sarifFormatter);
  });

  it('writes a valid SARIF 2.1.0 log with rules, levels and locations', () => {
    const findings = [
      finding(),
      finding({ severity: 'warning', ruleId: 'rude-language/condescension', category: 'rude-language', line: 3, endLine: 4, column: 5, endColumn: 2 }),
      finding({ severity: 'info', ruleId: 'vague-promise/soon', category: 'vague-promise', ticketId: null, messageId: null, author: null }),
      finding({ line: 40, endLine: 40, excerpt: 'our policy' }),
    ];
    const log = JSON.parse(sarifFormatter.format(resultOf(findings), CTX)) as Sarif.Log;
    expectValidSarif(log);
    const run = log.runs[0]!;
    expect(run.tool.driver.rules!.map((r) => r.id)).toEqual(['policy-shield/refusal-citing-policy', 'rude-language/condescension', 'vague-promise/soon']);
    expect(run.results!.map((r) => r.level)).toEqual(['error', 'warning', 'note', 'error']);
    expect(run.results!.map((r) => r.ruleIndex)).toEqual([0, 1, 2, 0]);
    const first = run.results![0]!;
    expect(first.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'exports/tickets.csv', uriBaseId: 'SRCROOT' },
      region: { startLine: 12, startColumn: 31, endLine: 12, endColumn: 50, snippet: { text: "it's company policy" } },
    });
    expect(first.locations![0]!.logicalLocations![0]!.fullyQualifiedName).toBe('T-1001/T-1001-3');
    expect(first.properties).toMatchObject({ ticketId: 'T-1001', messageId: 'T-1001-3', author: 'ana', lang: 'en' });
    expect(run.originalUriBaseIds!.SRCROOT!.uri).toBe('file:///repo/');
    expect(run.invocations![0]!.executionSuccessful).toBe(true);
  });

  it('takes titles and configured severities from the loaded rules when given', () => {
    const rule = { id: 'policy-shield/refusal-citing-policy', category: 'policy-shield', severity: 'warning', title: 'Refusing with "company policy" as the reason', message: 'm', lesson: 'the lesson', suggestion: 'the suggestion', source: 's' } as Rule;
    const log = JSON.parse(sarifFormatter.format(resultOf([finding({ severity: 'warning' })]), { ...CTX, rules: [rule] })) as Sarif.Log;
    const descriptor = log.runs[0]!.tool.driver.rules![0]!;
    expect(descriptor).toMatchObject({
      name: 'refusal-citing-policy',
      shortDescription: { text: 'Refusing with "company policy" as the reason' },
      fullDescription: { text: 'the lesson' },
      help: { text: 'the suggestion' },
      defaultConfiguration: { level: 'warning' },
      properties: { category: 'policy-shield' },
    });
  });

  it('keeps a finding\'s fingerprint when its line moves, and tells different excerpts apart', () => {
    const log = JSON.parse(sarifFormatter.format(resultOf([finding(), finding({ line: 99, endLine: 99, column: 2, endColumn: 21 }), finding({ excerpt: 'our policy' })]), CTX)) as Sarif.Log;
    const prints = log.runs[0]!.results!.map((r) => r.partialFingerprints![FINGERPRINT_KEY]);
    expect(prints[0]).toBe(prints[1]);
    expect(prints[2]).not.toBe(prints[0]);
  });

  it('stays valid JSON with hostile ticket text, and percent-encodes odd file names', () => {
    const findings = Object.values(HOSTILE).map((text, i) => finding({ excerpt: text, author: text, ticketId: text, file: i === 0 ? 'exports/a b#?.csv' : 'x.csv' }));
    const out = sarifFormatter.format(resultOf(findings), CTX);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/); // JSON escapes controls
    expect(out).not.toMatch(/\\ud800(?!\\udc)/i); // lone surrogates replaced
    const log = JSON.parse(out) as Sarif.Log;
    expectValidSarif(log);
    expect(log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('exports/a%20b%23%3F.csv');
    expect(log.runs[0]!.results![2]!.locations![0]!.physicalLocation!.region!.snippet!.text).toBe(HOSTILE.script);
  });

  it('reports input problems as tool notifications and marks the run unsuccessful', () => {
    const log = JSON.parse(sarifFormatter.format(resultOf([], { problems: [{ file: 'bad.csv', line: 7, message: 'expected 8 fields, found 3', level: 'error' }] }), CTX)) as Sarif.Log;
    const invocation = log.runs[0]!.invocations![0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications![0]).toMatchObject({ level: 'error', message: { text: 'expected 8 fields, found 3' } });
    expect(log.runs[0]!.results).toEqual([]);
  });

  it('is what the CLI writes for --format sarif', () => {
    const run = cli(['--no-config', '--format', 'sarif', FIXTURE]);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as Sarif.Log;
    expectValidSarif(log);
    const result = log.runs[0]!.results!.find((r) => r.ruleId === 'policy-shield/refusal-citing-policy')!;
    expect(result.locations![0]!.physicalLocation).toMatchObject({
      artifactLocation: { uri: 'fixtures/generic/tickets.csv', uriBaseId: 'SRCROOT' },
      region: { startLine: 5, startColumn: 15, endLine: 5, endColumn: 39, snippet: { text: "our policy doesn't allow" } },
    });
    // The rule table comes from the rule pack: its title, not the per-finding message.
    expect(log.runs[0]!.tool.driver.rules![result.ruleIndex!]!.shortDescription!.text).toBe('Refusing with "company policy" as the reason');
  }, CLI_TIMEOUT);
});
