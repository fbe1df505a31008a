/**
 * `npm run corpora`: runs the rule packs over the real third-party replies in ../shared/corpora
 * (text nobody here wrote) and prints, per corpus, how many company messages were flagged and,
 * with --show or --category, every finding with its message, so a person can judge each one.
 * It is an eval aid, not a test: a user's clone has no ../shared and nothing depends on it.
 *
 *   npm run corpora -- [--category id] [--corpus name] [--show] [--dir ../shared/corpora]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CsvTokenizer } from '../read/csv-tokenizer.js';
import { createLinter, lintText, type Linter } from '../lint.js';
import type { Finding, Role } from '../types.js';

interface CorpusMessage {
  id: string;
  text: string;
  role?: Role;
  channel?: string;
  /** A canned-response library entry (template variables may be allowed). */
  library?: boolean;
}

interface Corpus {
  name: string;
  load(dir: string): CorpusMessage[];
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const html = (s: string): string =>
  s.replace(/<br\s*\/?>|<\/p>/gi, '\n').replace(/<[^>]+>/g, '').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  const t = new CsvTokenizer((r) => rows.push(r.fields.map((f) => f.value)), () => {});
  t.push(text);
  t.end();
  return rows;
}

function csvObjects(file: string): Array<Record<string, string>> {
  const [header, ...rows] = csvRows(readFileSync(file, 'utf8'));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

const CORPORA: Corpus[] = [
  {
    name: 'ibm-twitter-cdp',
    load: (d) =>
      readFileSync(join(d, 'ibm-twitter-cdp/agent_turns.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l, i) => {
          const o = JSON.parse(l) as { tweet_ID: string; text: string; company: string };
          return { id: `${o.company}/${o.tweet_ID ?? i}`, text: o.text, channel: 'twitter' };
        }),
  },
  {
    name: 'maia-dqe (agent, en)',
    load: (d) => maia(d, 'text_src'),
  },
  {
    name: 'maia-dqe (agent, de machine-translated)',
    load: (d) => maia(d, 'text_mt').filter((m) => m.id.startsWith('de_')),
  },
  {
    name: 'wporg-predefined-replies',
    load: (d) =>
      readdirSync(join(d, 'wporg-predefined-replies'))
        .filter((f) => f.endsWith('.json'))
        .flatMap((f) => {
          const o = JSON.parse(readFileSync(join(d, 'wporg-predefined-replies', f), 'utf8')) as Record<string, { label: string; content: string }>;
          return Object.entries(o).map(([k, v]) => ({ id: `${f}#${k}`, text: html(v.content), library: true }));
        }),
  },
  {
    name: 'oss-saved-replies',
    load: (d) => {
      const root = join(d, 'oss-saved-replies');
      return readdirSync(root, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .flatMap((e) =>
          readdirSync(join(root, e.name))
            .filter((f) => f.endsWith('.md'))
            .flatMap((f) => {
              // SAVED_REPLIES.md-style files hold many replies under headings: one message per section.
              const text = readFileSync(join(root, e.name, f), 'utf8');
              const sections = text.split(/\n(?=#{1,3} )/);
              return sections.map((s, i) => ({ id: `${e.name}/${f}#${i}`, text: s, library: true }));
            }),
        );
    },
  },
  {
    name: 'osticket-templates',
    load: (d) => {
      const root = join(d, 'osticket-templates');
      const out: CorpusMessage[] = [];
      const walk = (p: string): void => {
        for (const e of readdirSync(p, { withFileTypes: true })) {
          const full = join(p, e.name);
          if (e.isDirectory()) walk(full);
          else if (e.name.endsWith('.yaml')) out.push({ id: full.slice(root.length + 1), text: html(readFileSync(full, 'utf8')), library: true });
        }
      };
      walk(root);
      return out;
    },
  },
  {
    name: 'bitext-customer-support-sample',
    load: (d) => csvObjects(join(d, 'bitext-customer-support-sample/bitext_cs_windowed_sample.csv')).map((r, i) => ({ id: `row-${i + 2}`, text: r.response ?? '', library: true })),
  },
  {
    name: 'abcd-jaxkdev-sample',
    load: (d) =>
      readFileSync(join(d, 'abcd-jaxkdev-sample/SAMPLE_abcd_v1.1_processed.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .flatMap((l, i) => (JSON.parse(l) as Array<{ user: string; assistant: string }>).map((t, j) => ({ id: `conv-${i}#${j}`, text: t.assistant, channel: 'chat' }))),
  },
  {
    name: 'cucom-hinglish-sample',
    load: (d) =>
      readFileSync(join(d, 'cucom-hinglish-sample/sample.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .flatMap((l) => {
          const o = JSON.parse(l) as { id: string; turns: Array<{ role: string; content: string }> };
          return o.turns.filter((t) => t.role === 'assistant').map((t, j) => ({ id: `${o.id}#${j}`, text: t.content, channel: 'chat' }));
        }),
  },
  {
    name: 'stanford-politeness (requests, judged as if agent-written)',
    load: (d) =>
      ['wikipedia', 'stack-exchange'].flatMap((n) =>
        csvObjects(join(d, `stanford-politeness/${n}.annotated.csv`)).map((r) => ({ id: `${n}/${r.Id}`, text: r.Request ?? '' })),
      ),
  },
];

function maia(d: string, field: 'text_src' | 'text_mt'): CorpusMessage[] {
  const root = join(d, 'maia-dqe');
  return readdirSync(root)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) =>
      (JSON.parse(readFileSync(join(root, f), 'utf8')) as Array<{ id: string; turns: Array<{ floor: string; text_src: string[]; text_mt: string[] }> }>).flatMap((dlg, i) =>
        dlg.turns
          .filter((t) => t.floor === 'outbound')
          .map((t, j) => ({ id: `${basename(f, '.json')}/${i}#${j}`, text: (t[field] ?? []).join(' '), channel: 'chat' })),
      ),
    );
}

async function lintCorpus(linter: Linter, messages: CorpusMessage[]): Promise<Array<{ m: CorpusMessage; findings: Finding[] }>> {
  const out: Array<{ m: CorpusMessage; findings: Finding[] }> = [];
  for (const m of messages) {
    if (!m.text.trim()) continue;
    const opts = m.library ? {} : { role: m.role ?? 'agent', ...(m.channel ? { channel: m.channel } : {}) };
    const r = await lintText(m.text, opts, linter);
    out.push({ m, findings: r.findings });
  }
  return out;
}

async function main(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const dir = resolve(arg('dir') ?? join(root, '../shared/corpora'));
  if (!existsSync(dir)) {
    process.stdout.write(`corpora: ${dir} not found; nothing to do (the corpora live outside the project)\n`);
    return;
  }
  const category = arg('category');
  const only = arg('corpus');
  const show = process.argv.includes('--show') || category !== undefined;
  const linter = await createLinter({ config: false });
  const lines: string[] = [];
  const table: string[] = [];
  for (const corpus of CORPORA) {
    if (only && !corpus.name.includes(only)) continue;
    const results = await lintCorpus(linter, corpus.load(dir));
    const relevant = (f: Finding): boolean => !category || f.category === category;
    const flagged = results.filter((r) => r.findings.some(relevant));
    const perCategory = new Map<string, number>();
    for (const r of results) for (const c of new Set(r.findings.filter(relevant).map((f) => f.category))) perCategory.set(c, (perCategory.get(c) ?? 0) + 1);
    const share = results.length ? ((100 * flagged.length) / results.length).toFixed(1) : '0.0';
    table.push(`${corpus.name.padEnd(58)} ${String(flagged.length).padStart(5)} / ${String(results.length).padEnd(6)} ${share.padStart(5)}%  ${[...perCategory].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c}:${n}`).join(' ')}`);
    if (show) {
      for (const r of flagged) {
        for (const f of r.findings.filter(relevant)) lines.push(`[${corpus.name}] ${r.m.id} ${f.ruleId} "${f.excerpt}"`);
        lines.push(`    ${r.m.text.replace(/\s+/g, ' ').slice(0, 400)}`);
      }
    }
  }
  process.stdout.write([...lines, '', `${'corpus'.padEnd(58)} flagged / messages  share  by category`, ...table, ''].join('\n'));
}

await main();
