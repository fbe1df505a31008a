/**
 * `npm run bench`: throughput and memory of the whole pipeline (read → prepare → check → report
 * objects) on generated exports and, when /work/shared/corpora exists, on real text. Prints
 * figures, asserts nothing. Each scenario runs in its own child process so its peak RSS is its own.
 * MB/s and msgs/s are per wall-clock second of the lint (rule loading is the separate `setup`);
 * `cpu` is the lint's user + system time, the figure to compare on a busy machine.
 *
 *   npm run bench                        every scenario at full size
 *   npm run bench -- --quick             smaller inputs (a smoke run)
 *   npm run bench -- --only huge-field   one scenario (export, huge-field, long-ticket, real)
 *   npm run bench -- --keep              keep the generated files (the temp dir is printed)
 *
 * Scenarios:
 *   export       a million-row generic CSV (tickets of 2–12 messages, 8 languages, CRLF, multi-line fields)
 *   huge-field   one message whose body is 20 MB of prose with thousands of rule hits
 *   long-ticket  one ticket with 50,000 messages
 *   real         agent replies and requests from the shared corpora, written as a generic CSV
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvRow, GENERIC_HEADER, writeHugeField, writeLongTicket, writeTicketExport, Writer, type Generated } from './generate.js';

const CORPORA = '/work/shared/corpora';

interface ChildResult {
  scenario: string;
  bytes: number;
  setupMs: number;
  lintMs: number;
  /** CPU time (user + system) of the lint itself: steadier than wall time on a busy machine. */
  cpuMs: number;
  messages: number;
  tickets: number;
  findings: number;
  problems: string[];
  maxRssMb: number;
}

/** In the child: load rules once, lint the file, report timing and peak memory as one JSON line. */
async function child(scenario: string, path: string): Promise<void> {
  const { createLinter, lintFiles } = await import('../lint.js');
  const t0 = performance.now();
  const linter = await createLinter({ config: false });
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await lintFiles([path], { config: false }, linter);
  const cpu = process.cpuUsage(cpu0);
  const t2 = performance.now();
  const out: ChildResult = {
    scenario,
    bytes: statSync(path).size,
    setupMs: t1 - t0,
    lintMs: t2 - t1,
    cpuMs: (cpu.user + cpu.system) / 1000,
    messages: result.summary.messages,
    tickets: result.summary.tickets,
    findings: result.summary.findings,
    problems: result.problems.slice(0, 3).map((p) => `${p.level}: ${p.file}:${p.line ?? ''}: ${p.message}`),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function runChild(scenario: string, path: string): Promise<ChildResult | string> {
  return new Promise((done) => {
    const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', scenario, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('close', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        done(JSON.parse(line) as ChildResult);
      } catch {
        done(`exit ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ') || stdout.slice(0, 300)}`);
      }
    });
  });
}

/** Real third-party text (never copied into the project): agent turns, chat replies, forum requests, canned replies. */
async function writeRealCorpus(path: string, minBytes: number): Promise<Generated | null> {
  if (!existsSync(CORPORA)) return null;
  const texts: string[] = [];
  const tryRead = (file: string): string | null => {
    try {
      return readFileSync(join(CORPORA, file), 'utf8');
    } catch {
      return null;
    }
  };
  const ibm = tryRead('ibm-twitter-cdp/agent_turns.jsonl');
  if (ibm) for (const line of ibm.split('\n')) if (line.trim()) texts.push(String((JSON.parse(line) as { text?: string }).text ?? ''));
  for (const name of safeList(join(CORPORA, 'maia-dqe')).filter((n) => n.endsWith('.json'))) {
    const dialogues = JSON.parse(tryRead(`maia-dqe/${name}`) ?? '[]') as Array<{ turns?: Array<{ floor?: string; text_src?: string[]; text_mt?: string[] }> }>;
    for (const d of dialogues) for (const t of d.turns ?? []) texts.push((t.text_src ?? []).join(' '), (t.text_mt ?? []).join(' '));
  }
  const cucom = tryRead('cucom-hinglish-sample/sample.jsonl');
  if (cucom) {
    for (const line of cucom.split('\n')) {
      if (!line.trim()) continue;
      for (const t of (JSON.parse(line) as { turns?: Array<{ content?: string }> }).turns ?? []) texts.push(t.content ?? '');
    }
  }
  for (const name of ['stack-exchange.annotated.csv', 'wikipedia.annotated.csv']) {
    const csv = tryRead(`stanford-politeness/${name}`);
    // The request is the third column; a crude split is enough for benchmark text.
    if (csv) for (const m of csv.matchAll(/^[^,\n]*,\d+,("(?:[^"]|"")*"|[^,\n]*),/gm)) texts.push(m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'));
  }
  for (const name of safeList(join(CORPORA, 'wporg-predefined-replies')).filter((n) => n.endsWith('.json'))) {
    const replies = JSON.parse(tryRead(`wporg-predefined-replies/${name}`) ?? '{}') as Record<string, { content?: string }>;
    for (const r of Object.values(replies)) texts.push(r.content ?? '');
  }
  const bodies = texts.map((t) => t.trim()).filter((t) => t.length > 0);
  if (bodies.length === 0) return null;
  // Repeat the corpus (as new tickets) until it is big enough to time.
  const out = new Writer(path);
  await out.write(GENERIC_HEADER);
  let messages = 0;
  for (let pass = 0; out.bytes < minBytes || pass === 0; pass++) {
    for (const [i, body] of bodies.entries()) {
      const ticket = `R${pass}-${Math.floor(i / 6)}`;
      await out.write(csvRow(ticket, `${ticket}-${i % 6}`, i % 6 === 0 ? 'customer' : 'agent', body, messages * 60));
      messages++;
    }
  }
  await out.close();
  return { path, bytes: out.bytes, messages };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]!, args[2]!);
  const quick = args.includes('--quick');
  const keep = args.includes('--keep');
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'ticketlint-bench-'));
  const scale = quick ? 0.05 : 1;
  const scenarios: Array<{ name: string; make: () => Promise<Generated | null> }> = [
    { name: 'export', make: () => writeTicketExport(join(dir, 'export.csv'), Math.round(1_000_000 * scale)) },
    { name: 'huge-field', make: () => writeHugeField(join(dir, 'huge-field.csv'), Math.max(1, Math.round(20 * scale))) },
    { name: 'long-ticket', make: () => writeLongTicket(join(dir, 'long-ticket.csv'), Math.round(50_000 * scale)) },
    { name: 'real', make: () => writeRealCorpus(join(dir, 'real.csv'), quick ? 2e6 : 20e6) },
  ];
  let rev = '';
  try {
    rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not a git checkout
  }
  process.stdout.write(`ticketlint bench${rev ? ` @ ${rev}` : ''} on Node ${process.version}${quick ? ' (quick)' : ''}\n`);
  process.stdout.write(`${'scenario'.padEnd(12)} ${'input'.padStart(9)} ${'messages'.padStart(10)} ${'findings'.padStart(9)} ${'setup'.padStart(8)} ${'lint'.padStart(9)} ${'cpu'.padStart(9)} ${'MB/s'.padStart(7)} ${'msgs/s'.padStart(9)} ${'peak RSS'.padStart(9)}\n`);
  try {
    for (const s of scenarios) {
      if (only && s.name !== only) continue;
      const input = await s.make();
      if (!input) {
        process.stdout.write(`${s.name.padEnd(12)} skipped (no ${CORPORA})\n`);
        continue;
      }
      const r = await runChild(s.name, input.path);
      if (typeof r === 'string') {
        process.stdout.write(`${s.name.padEnd(12)} FAILED ${r}\n`);
        continue;
      }
      const mb = r.bytes / 1e6;
      const secs = r.lintMs / 1000;
      process.stdout.write(
        `${s.name.padEnd(12)} ${`${fmt(mb)} MB`.padStart(9)} ${r.messages.toLocaleString('en-US').padStart(10)} ${r.findings.toLocaleString('en-US').padStart(9)} ` +
          `${`${fmt(r.setupMs, 0)} ms`.padStart(8)} ${`${fmt(secs, 2)} s`.padStart(9)} ${`${fmt(r.cpuMs / 1000, 2)} s`.padStart(9)} ${fmt(mb / secs).padStart(7)} ${fmt(r.messages / secs, 0).padStart(9)} ${`${fmt(r.maxRssMb, 0)} MB`.padStart(9)}\n`,
      );
      for (const p of r.problems) process.stdout.write(`${' '.repeat(13)}${p}\n`);
      if (!keep) rmSync(input.path, { force: true });
    }
  } finally {
    if (keep) process.stdout.write(`inputs kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
