/**
 * `npm run eval`: precision and recall of the rule packs on the labelled corpus in fixtures/eval/.
 * Each case is one message with the categories a careful QA lead expects (`expect: []` for the
 * hard negatives and customer traps). Fails under precision 0.95 or recall 0.90 overall.
 *
 *   npm run eval -- [--category id] [--lang xx] [--verbose] [--dir fixtures/eval]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createLinter, lintText } from '../lint.js';
import type { Role } from '../types.js';

interface EvalCase {
  id: string;
  /** Overrides the file's `lang` (files of negatives found on real corpora mix languages). */
  lang?: string;
  text: string;
  expect: string[];
  role?: Role;
  channel?: string;
  public?: boolean;
  note?: string;
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

const MIN_PRECISION = 0.95;
const MIN_RECALL = 0.9;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);
const pct = (x: number): string => x.toFixed(3);

async function main(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const dir = resolve(arg('dir') ?? join(root, 'fixtures/eval'));
  const onlyCategory = arg('category');
  const onlyLang = arg('lang');
  const verbose = process.argv.includes('--verbose');
  const linter = await createLinter({ config: false });
  const byCategory = new Map<string, Tally>();
  const byLang = new Map<string, Tally>();
  const total: Tally = { tp: 0, fp: 0, fn: 0 };
  const errors: string[] = [];
  let cases = 0;
  const bump = (map: Map<string, Tally>, key: string, field: keyof Tally): void => {
    const t = map.get(key) ?? { tp: 0, fp: 0, fn: 0 };
    t[field]++;
    map.set(key, t);
  };
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as { lang: string; cases: EvalCase[] };
    for (const c of doc.cases) {
      const lang = c.lang ?? doc.lang;
      if (onlyLang && lang !== onlyLang) continue;
      cases++;
      const result = await lintText(c.text, { role: c.role ?? 'agent', ...(c.channel ? { channel: c.channel } : {}), public: c.public ?? true }, linter);
      let got = new Set(result.findings.map((f) => f.category));
      let expected = new Set(c.expect ?? []);
      if (onlyCategory) {
        got = new Set([...got].filter((x) => x === onlyCategory));
        expected = new Set([...expected].filter((x) => x === onlyCategory));
      }
      for (const cat of new Set([...got, ...expected])) {
        const field: keyof Tally = got.has(cat) && expected.has(cat) ? 'tp' : got.has(cat) ? 'fp' : 'fn';
        bump(byCategory, cat, field);
        bump(byLang, lang, field);
        total[field]++;
        if (field !== 'tp') {
          const excerpt = result.findings.filter((f) => f.category === cat).map((f) => `"${f.excerpt}"`).join(', ');
          errors.push(`${field.toUpperCase()} ${c.id} ${cat}${excerpt ? ` on ${excerpt}` : ''}: ${c.text}${c.note ? `  (${c.note})` : ''}`);
        }
      }
    }
  }
  const row = (name: string, t: Tally): string =>
    `${name.padEnd(24)} ${String(t.tp).padStart(4)} ${String(t.fp).padStart(4)} ${String(t.fn).padStart(4)}  ${pct(ratio(t.tp, t.tp + t.fp))}  ${pct(ratio(t.tp, t.tp + t.fn))}`;
  const header = `${''.padEnd(24)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)}  prec.  recall`;
  const lines = [`eval: ${cases} cases from ${dir}`, '', header];
  for (const [k, t] of [...byCategory].sort()) lines.push(row(k, t));
  lines.push('', header);
  for (const [k, t] of [...byLang].sort()) lines.push(row(k, t));
  lines.push('', row('overall', total));
  if (verbose && errors.length) lines.push('', ...errors);
  const p = ratio(total.tp, total.tp + total.fp);
  const r = ratio(total.tp, total.tp + total.fn);
  const pass = p >= MIN_PRECISION && r >= MIN_RECALL;
  lines.push('', `${pass ? 'PASS' : 'FAIL'}: precision ${pct(p)} (min ${MIN_PRECISION}), recall ${pct(r)} (min ${MIN_RECALL})`);
  process.stdout.write(lines.join('\n') + '\n');
  process.exitCode = pass ? 0 : 1;
}

await main();
