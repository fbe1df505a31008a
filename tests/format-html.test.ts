import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentScorecard, htmlFormatter } from '../src/report/html.js';
import { FORMATTERS } from '../src/report/index.js';
import type { LintResult } from '../src/types.js';
import { CTX, FIXTURE, HOSTILE, CLI_TIMEOUT, cli, finding, resultOf } from './format-helpers.js';

function teamResult(): LintResult {
  const findings = [
    finding({ author: 'ana' }),
    finding({ author: 'ana', severity: 'warning', category: 'vague-promise', ruleId: 'vague-promise/soon' }),
    finding({ author: 'ana', category: 'vague-promise', ruleId: 'vague-promise/soon' }),
    finding({ author: 'ben', file: 'exports/other.csv' }),
    finding({ author: null, file: 'library/refund.md', ticketId: null, messageId: null }),
  ];
  return resultOf(findings, {
    stats: { files: ['exports/tickets.csv', 'exports/other.csv', 'library/refund.md'], messagesByAuthor: { ana: 10, ben: 40, carla: 5 }, messagesWithoutAuthor: 2 },
  });
}

describe('html formatter', () => {
  it('is registered', () => {
    expect(FORMATTERS.get('html')).toBe(htmlFormatter);
  });

  it('scores each agent: messages checked, findings, errors, warnings, rate and top categories', () => {
    const scores = agentScorecard(teamResult());
    expect(scores.map((s) => [s.author, s.messages, s.findings, s.errors, s.warnings, s.per100])).toEqual([
      ['ana', 10, 3, 2, 1, 30],
      ['ben', 40, 1, 1, 0, 2.5],
      ['carla', 5, 0, 0, 0, 0],
      [null, 2, 1, 1, 0, 50], // not a person: last, whatever its rate
    ]);
    expect(scores[0]!.topCategories).toEqual([
      { category: 'vague-promise', count: 2 },
      { category: 'policy-shield', count: 1 },
    ]);
  });

  it('writes one self-contained page: summary, category chart, scorecard, findings by file', () => {
    const html = htmlFormatter.format(teamResult(), CTX);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<section id="summary">');
    expect(html).toMatch(/<svg[^>]*aria-label="Findings per category"/);
    expect(html.match(/<rect [^>]*fill="#c62828"><title>/g)).toHaveLength(2); // error bars for 2 categories
    expect(html).toContain('<section id="agents">');
    expect(html).toMatch(/<td><bdi>ana<\/bdi><\/td><td class="num">10<\/td><td class="num">3<\/td><td class="num">2<\/td><td class="num">1<\/td><td class="num">30.0<\/td>/);
    expect(html).toMatch(/<td><bdi>carla<\/bdi><\/td><td class="num">5<\/td><td class="num">0<\/td>/);
    for (const file of ['exports/tickets.csv', 'exports/other.csv', 'library/refund.md']) expect(html).toContain(`<summary><bdi>${file}</bdi>`);
    expect(html).toContain('Why it matters');
    expect(html).toContain('Policy named as the reason for a no ends the conversation.');
    // Offline and inert: no scripts, no external resources, a CSP that forbids both.
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\s(?:src|href)\s*=|url\(|@import/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('escapes hostile ticket text everywhere it appears', () => {
    const findings = Object.values(HOSTILE).map((text) => finding({ excerpt: text, author: text, ticketId: text, messageId: text, file: `dir/${text}.csv`, category: text, message: text }));
    const html = htmlFormatter.format(resultOf(findings, { problems: [{ file: HOSTILE.script, line: 1, message: HOSTILE.script, level: 'error' }] }), CTX);
    expect(html).not.toMatch(/<script|<img|<\/script/i);
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    expect(html).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(html).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)');
    // Ticket text is isolated for bidi: an override cannot run past its own element.
    expect(html).toContain('<bdi>abc\u202edcba</bdi>');
    expect(html).toContain('<section id="problems">');
  });

  it('keeps a real agent called "(no author)" apart from authorless messages', () => {
    const scores = agentScorecard(resultOf([finding({ author: '(no author)' }), finding({ author: null })], { stats: { files: [], messagesByAuthor: { '(no author)': 4 }, messagesWithoutAuthor: 1 } }));
    expect(scores.map((s) => [s.author, s.messages, s.findings])).toEqual([['(no author)', 4, 1], [null, 1, 1]]);
  });

  it('says so when the input names no authors', () => {
    const html = htmlFormatter.format(resultOf([finding({ author: null })], { stats: { files: ['a.md'], messagesByAuthor: {}, messagesWithoutAuthor: 1 } }), CTX);
    expect(html).toContain('there is no per-agent scorecard');
  });

  it('is what the CLI writes for --format html --output-file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tl-html-')), 'report.html');
    const run = cli(['--no-config', '--format', 'html', '--output-file', out, FIXTURE]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const html = readFileSync(out, 'utf8');
    // ana wrote both company messages of the fixture (Bo's is a customer's, never judged) and has one finding.
    expect(html).toMatch(/<td><bdi>ana<\/bdi><\/td><td class="num">2<\/td><td class="num">1<\/td>/);
    expect(html).toContain('our policy doesn&#39;t allow');
    expect(html).toContain(`<summary><bdi>${FIXTURE}</bdi>`);
  }, CLI_TIMEOUT);
});
