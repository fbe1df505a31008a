import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATTERS } from '../src/report/index.js';
import { junitFormatter } from '../src/report/junit.js';
import { CTX, FIXTURE, HOSTILE, CLI_TIMEOUT, cli, descendants, finding, parseXml, resultOf } from './format-helpers.js';

const stats = (files: string[]) => ({ files, messagesByAuthor: {}, messagesWithoutAuthor: 0 });

describe('junit formatter', () => {
  it('is registered', () => {
    expect(FORMATTERS.get('junit')).toBe(junitFormatter);
  });

  it('writes one testsuite per file, a failing testcase per finding and a passing one for a clean file', () => {
    const findings = [
      finding({ line: 20, endLine: 20 }),
      finding({ severity: 'warning', line: 3, endLine: 3, message: 'second' }),
      finding({ file: 'library/refund.md', ticketId: null, messageId: null }),
    ];
    const xml = junitFormatter.format(resultOf(findings, { stats: stats(['exports/tickets.csv', 'library/clean.md', 'library/refund.md']) }), CTX);
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '4', failures: '3' });
    const suites = descendants(root, 'testsuite');
    expect(suites.map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures])).toEqual([
      ['exports/tickets.csv', '2', '2'],
      ['library/clean.md', '1', '0'],
      ['library/refund.md', '1', '1'],
    ]);
    const first = suites[0]!.children;
    // Sorted by line within a file.
    expect(first.map((c) => c.attributes.name)).toEqual([
      'policy-shield/refusal-citing-policy at 3:31 (ticket T-1001, message T-1001-3)',
      'policy-shield/refusal-citing-policy at 20:31 (ticket T-1001, message T-1001-3)',
    ]);
    const failure = first[0]!.children[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attributes).toEqual({ type: 'warning', message: 'warning: second' });
    expect(failure.text).toContain("> it's company policy");
    expect(failure.text).toContain('Why: Policy named as the reason');
    expect(failure.text).toContain('Instead: Say what you can do');
    const clean = suites[1]!.children[0]!;
    expect(clean.attributes.name).toBe('no findings');
    expect(clean.children).toEqual([]);
  });

  it('stays well-formed XML with control characters, markup and lone surrogates in ticket text', () => {
    const findings = Object.values(HOSTILE).map((text) =>
      finding({ excerpt: text, message: `msg ${text}`, ticketId: text, messageId: text, author: text, file: `dir/${text}.csv`, lesson: text, suggestion: text }),
    );
    const xml = junitFormatter.format(resultOf(findings), CTX);
    expect(() => parseXml(xml)).not.toThrow();
    const root = parseXml(xml);
    const failures = descendants(root, 'failure');
    expect(failures).toHaveLength(findings.length);
    // Markup survives as text, not as elements.
    expect(descendants(root, 'script')).toEqual([]);
    expect(failures[2]!.text).toContain(HOSTILE.script);
    // Line breaks in attributes are kept as character references.
    expect(failures[4]!.attributes.message).toBe(`error: msg ${HOSTILE.newline}`);
    // Characters XML cannot hold become U+FFFD; ANSI escapes are dropped.
    expect(failures[1]!.text).toContain('bell\uFFFD nul\uFFFD vt\uFFFD end');
    expect(failures[0]!.text).toContain('> red link');
    expect(failures[7]!.text).toContain('broken \uFFFD text');
  });

  it('checks itself: the well-formedness checker rejects what a real parser rejects', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow();
    expect(() => parseXml('<a>x & y</a>')).toThrow();
    expect(() => parseXml('<a>\u0007</a>')).toThrow();
    expect(() => parseXml('<a x="<"/>')).toThrow();
    expect(() => parseXml('<a/><b/>')).toThrow();
    expect(parseXml('<a x="1 &amp; 2">&lt;ok&gt;</a>')).toMatchObject({ attributes: { x: '1 & 2' }, text: '<ok>' });
  });

  it('lists every file the CLI read, clean ones as passing tests', () => {
    const clean = join(mkdtempSync(join(tmpdir(), 'tl-junit-')), 'thanks.txt');
    writeFileSync(clean, "Thanks for waiting. I've refunded you in full today.\n");
    const run = cli(['--no-config', '--format', 'junit', FIXTURE, clean]);
    expect(run.code).toBe(1);
    const root = parseXml(run.stdout);
    const suites = descendants(root, 'testsuite');
    const fixture = suites.find((s) => s.attributes.name === FIXTURE)!;
    expect(fixture.children[0]!.attributes.name).toBe('policy-shield/refusal-citing-policy at 5:15 (ticket T-1001, message T-1001-2)');
    expect(descendants(fixture, 'failure')[0]!.text).toContain("> our policy doesn't allow");
    const passing = suites.find((s) => s.attributes.name!.endsWith('thanks.txt'))!;
    expect(passing.attributes).toMatchObject({ tests: '1', failures: '0' });
    expect(passing.children[0]!.attributes.name).toBe('no findings');
  }, CLI_TIMEOUT);
});
