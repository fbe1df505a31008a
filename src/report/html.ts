import type { Finding, LintResult, Severity } from '../types.js';
import type { FormatContext, Formatter } from './formatter.js';
import { markupAttribute as attr, markupText as text } from './sanitize.js';

/**
 * A single self-contained HTML report a QA lead can open offline, attach to an email or print:
 * summary, findings per category, a per-agent scorecard and every finding grouped by file.
 * No scripts, no external resources (a Content-Security-Policy says so too); every piece of
 * ticket text is escaped by sanitize.ts and isolated with <bdi> so Arabic or a stray bidi
 * override in one reply cannot reorder the rest of the page.
 */

const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info'];
const SEVERITY_COLOR: Record<Severity, string> = { error: '#c62828', warning: '#b26a00', info: '#1565c0' };
const NO_AUTHOR_LABEL = '(no author)';

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
const ticketText = (s: string): string => `<bdi>${text(s)}</bdi>`;

interface CategoryCount {
  category: string;
  counts: Record<Severity, number>;
  total: number;
}

function perCategory(findings: readonly Finding[]): CategoryCount[] {
  const map = new Map<string, CategoryCount>();
  for (const f of findings) {
    const c = map.get(f.category) ?? map.set(f.category, { category: f.category, counts: { error: 0, warning: 0, info: 0 }, total: 0 }).get(f.category)!;
    c.counts[f.severity]++;
    c.total++;
  }
  return [...map.values()].sort((a, b) => b.total - a.total || a.category.localeCompare(b.category));
}

/** A horizontal bar per category, stacked by severity. Hand-rolled: no chart library for ~40 lines. */
function barChart(rows: CategoryCount[], titles: ReadonlyMap<string, string>): string {
  const rowHeight = 26;
  const labelWidth = 220;
  const barWidth = 420;
  const width = labelWidth + barWidth + 60;
  const height = rows.length * rowHeight + 30;
  const max = Math.max(1, ...rows.map((r) => r.total));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Findings per category">`,
  ];
  rows.forEach((row, i) => {
    const y = i * rowHeight;
    const title = titles.get(row.category);
    parts.push(`<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end" class="chart-label">${text(row.category)}${title ? `<title>${text(title)}</title>` : ''}</text>`);
    let x = labelWidth;
    for (const sev of SEVERITY_ORDER) {
      const n = row.counts[sev];
      if (n === 0) continue;
      const w = Math.max(2, (n / max) * barWidth);
      parts.push(`<rect x="${x.toFixed(1)}" y="${y + 5}" width="${w.toFixed(1)}" height="${rowHeight - 10}" fill="${SEVERITY_COLOR[sev]}"><title>${text(`${row.category}: ${plural(n, sev === 'info' ? 'info finding' : sev)}`)}</title></rect>`);
      x += w;
    }
    parts.push(`<text x="${(x + 6).toFixed(1)}" y="${y + 17}" class="chart-count">${row.total}</text>`);
  });
  const legendY = rows.length * rowHeight + 12;
  SEVERITY_ORDER.forEach((sev, i) => {
    const x = labelWidth + i * 100;
    parts.push(`<rect x="${x}" y="${legendY}" width="12" height="12" fill="${SEVERITY_COLOR[sev]}"/><text x="${x + 17}" y="${legendY + 11}" class="chart-legend">${sev}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export interface AgentScore {
  /** null: company messages that name no author (canned responses, bots without a name). */
  author: string | null;
  /** Company messages the author wrote that were checked; null when the run did not say. */
  messages: number | null;
  findings: number;
  errors: number;
  warnings: number;
  /** Findings per 100 checked messages; null without a message count. */
  per100: number | null;
  topCategories: Array<{ category: string; count: number }>;
}

/** Per-author figures: who needs coaching on what, normalised by how much each person wrote. */
export function agentScorecard(result: LintResult): AgentScore[] {
  const byAuthor = new Map<string | null, { messages: number | null; list: Finding[] }>();
  const stats = result.stats;
  if (stats) {
    for (const [author, n] of Object.entries(stats.messagesByAuthor)) byAuthor.set(author, { messages: n, list: [] });
    if (stats.messagesWithoutAuthor > 0) byAuthor.set(null, { messages: stats.messagesWithoutAuthor, list: [] });
  }
  for (const f of result.findings) {
    const key = f.author;
    const entry = byAuthor.get(key) ?? byAuthor.set(key, { messages: stats ? 0 : null, list: [] }).get(key)!;
    entry.list.push(f);
  }
  const scores: AgentScore[] = [];
  for (const [author, { messages, list }] of byAuthor) {
    const cats = new Map<string, number>();
    for (const f of list) cats.set(f.category, (cats.get(f.category) ?? 0) + 1);
    scores.push({
      author,
      messages,
      findings: list.length,
      errors: list.filter((f) => f.severity === 'error').length,
      warnings: list.filter((f) => f.severity === 'warning').length,
      per100: messages ? (list.length / messages) * 100 : null,
      topCategories: [...cats].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)).slice(0, 3),
    });
  }
  // The authorless row is not a person: last, whatever its rate.
  const last = (s: AgentScore): number => (s.author === null ? 1 : 0);
  return scores.sort((a, b) => last(a) - last(b) || (b.per100 ?? -1) - (a.per100 ?? -1) || b.findings - a.findings || (a.author ?? '').localeCompare(b.author ?? ''));
}

function scorecardTable(scores: AgentScore[]): string {
  const real = scores.filter((s) => s.author !== null);
  if (real.length === 0) {
    return '<p class="muted">The input names no authors (canned-response libraries and exports without an author column have none), so there is no per-agent scorecard.</p>';
  }
  const rows = scores.map((s) => {
    const top = s.topCategories.map((c) => `${text(c.category)} <span class="muted">(${c.count})</span>`).join(', ') || '<span class="muted">none</span>';
    const cls = s.author === null ? ' class="muted"' : '';
    return `<tr${cls}><td>${s.author === null ? NO_AUTHOR_LABEL : ticketText(s.author)}</td><td class="num">${s.messages ?? '–'}</td><td class="num">${s.findings}</td><td class="num">${s.errors}</td><td class="num">${s.warnings}</td><td class="num">${s.per100 === null ? '–' : s.per100.toFixed(1)}</td><td>${top}</td></tr>`;
  });
  return [
    '<table class="scorecard">',
    '<thead><tr><th>Agent</th><th class="num">Messages checked</th><th class="num">Findings</th><th class="num">Errors</th><th class="num">Warnings</th><th class="num">Findings per 100 messages</th><th>Top categories</th></tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
    '<p class="muted">Messages checked counts agent and bot messages (customers are never judged). Sorted by findings per 100 messages.</p>',
  ].join('\n');
}

function findingRow(f: Finding): string {
  const who = [
    f.ticketId ? `ticket ${ticketText(f.ticketId)}` : '',
    f.messageId ? `message ${ticketText(f.messageId)}` : '',
    f.author ? `by ${ticketText(f.author)}` : '',
  ].filter(Boolean).join('<br>');
  return [
    `<tr class="sev-${f.severity}">`,
    `<td class="where">${f.line}:${f.column}</td>`,
    `<td><span class="badge ${f.severity}">${f.severity}</span></td>`,
    `<td><code>${text(f.ruleId)}</code><div>${text(f.message)}</div>${who ? `<div class="muted small">${who}</div>` : ''}</td>`,
    `<td><blockquote dir="auto" lang="${attr(f.lang ?? '')}">${text(f.excerpt)}</blockquote></td>`,
    `<td><div class="instead">${text(f.suggestion)}</div><details><summary>Why it matters</summary><p>${text(f.lesson)}</p>${f.source ? `<p class="muted small">Source: ${text(f.source)}</p>` : ''}</details></td>`,
    '</tr>',
  ].join('');
}

function findingsByFile(findings: readonly Finding[]): string {
  if (findings.length === 0) return '<p>No findings. Nothing to fix.</p>';
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) (byFile.get(f.file) ?? byFile.set(f.file, []).get(f.file)!).push(f);
  const out: string[] = [];
  for (const [file, list] of byFile) {
    list.sort((a, b) => a.line - b.line || a.column - b.column);
    const errors = list.filter((f) => f.severity === 'error').length;
    out.push(
      `<details class="file" open><summary><bdi>${text(file)}</bdi> <span class="muted">${plural(list.length, 'finding')}, ${plural(errors, 'error')}</span></summary>`,
      '<table class="findings"><colgroup><col style="width:5em"><col style="width:6em"><col style="width:26%"><col style="width:30%"><col></colgroup><thead><tr><th>Line</th><th>Severity</th><th>Rule</th><th>Excerpt</th><th>What to write instead</th></tr></thead><tbody>',
      ...list.map(findingRow),
      '</tbody></table></details>',
    );
  }
  return out.join('\n');
}

const STYLE = `
:root { --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#fff; --soft:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 1200px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.muted { color: var(--muted); } .small { font-size: 12px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 16px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; min-width: 110px; background: var(--soft); }
.card b { display: block; font-size: 22px; } .card.error b { color: #c62828; } .card.warning b { color: #b26a00; } .card.info b { color: #1565c0; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; } .num { text-align: right; font-variant-numeric: tabular-nums; }
.where { white-space: nowrap; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
blockquote { margin: 0; padding: 2px 8px; border-left: 3px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; color: #fff; font-size: 12px; }
.badge.error { background: #c62828; } .badge.warning { background: #b26a00; } .badge.info { background: #1565c0; }
.instead { color: #1a7f37; } details summary { cursor: pointer; } details.file { margin-bottom: 16px; } details.file > summary { font-weight: 600; padding: 6px 0; }
.chart-label, .chart-count, .chart-legend { font: 12px system-ui, sans-serif; fill: var(--fg); }
@media print { details { page-break-inside: avoid; } body { max-width: none; } }
`;

function render(result: LintResult, ctx: FormatContext): string {
  const s = result.summary;
  const infos = s.findings - s.errors - s.warnings;
  const titles = new Map((ctx.categories ?? []).map((c) => [c.id, c.title] as const));
  const categories = perCategory(result.findings);
  const problems = result.problems;
  const generated = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const card = (n: number, label: string, cls = ''): string => `<div class="card${cls ? ` ${cls}` : ''}"><b>${n.toLocaleString('en-US')}</b>${label}</div>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ticketlint ${attr(ctx.version)}">
<title>ticketlint report: ${plural(s.findings, 'finding')}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>ticketlint report</h1>
<div class="muted">Generated ${generated} by ticketlint ${text(ctx.version)}</div>
</header>
<section id="summary">
<div class="cards">
${card(s.files, s.files === 1 ? 'file' : 'files')}
${card(s.tickets, s.tickets === 1 ? 'ticket' : 'tickets')}
${card(s.messages, 'messages checked')}
${card(s.findings, s.findings === 1 ? 'finding' : 'findings')}
${card(s.errors, s.errors === 1 ? 'error' : 'errors', 'error')}
${card(s.warnings, s.warnings === 1 ? 'warning' : 'warnings', 'warning')}
${card(infos, 'info', 'info')}
</div>
</section>
<section id="categories">
<h2>Findings per category</h2>
${categories.length > 0 ? barChart(categories, titles) : '<p class="muted">No findings.</p>'}
</section>
<section id="agents">
<h2>Per-agent scorecard</h2>
${scorecardTable(agentScorecard(result))}
</section>
<section id="findings">
<h2>Findings by file</h2>
${findingsByFile(result.findings)}
</section>
${problems.length > 0 ? `<section id="problems">\n<h2>Input problems</h2>\n<ul>\n${problems.map((p) => `<li>${p.level === 'error' ? '<span class="badge error">error</span>' : '<span class="badge warning">warning</span>'} <bdi>${text(p.file)}</bdi>${p.line !== null ? `:${p.line}` : ''}: ${text(p.message)}</li>`).join('\n')}\n</ul>\n</section>\n` : ''}</body>
</html>
`;
}

export const htmlFormatter: Formatter = {
  name: 'html',
  format: render,
};
