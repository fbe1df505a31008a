/**
 * `ticketlint init [sample-file]`: looks at a sample of the user's data and writes a starter
 * `.ticketlintrc.yaml`. The one thing a first run usually gets wrong is a CSV whose headers do not
 * match ours (`Reply text`, `Case #`, `Sent by`...), so for the generic CSV it maps the columns
 * the aliases miss by looking at values: the longest text is the message, values that read as
 * dates are the time, values that read as roles are the speaker. Every guess is written with
 * its reason so the user can check it; everything else is commented examples.
 */
import { access, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { BUILTIN_RULES_DIR, loadRules } from '../check/load-rules.js';
import { CONFIG_NAMES } from '../config/load.js';
import { TicketlintError } from '../errors.js';
import { detectLanguage } from '../prepare/language.js';
import { CsvTokenizer, type CsvRecord } from '../read/csv-tokenizer.js';
import { parseRole, parseTimestamp } from '../read/fields.js';
import { GENERIC_FIELDS, mapHeader } from '../read/generic-csv.js';
import { displayName, pickReader, readInputs } from '../read/index.js';
import { fileSource } from '../read/text-source.js';
import { terminalText } from '../report/sanitize.js';
import type { Message } from '../types.js';
import { write, writeFileAtomic } from './output.js';

export const INIT_CONFIG_NAME = '.ticketlintrc.yaml';
/** Rows of a CSV looked at for guesses; enough to see repeats and lengths, quick on any export. */
const SAMPLE_ROWS = 200;
/** Messages read through the real reader to check the mapping and sample the language. */
const SAMPLE_MESSAGES = 300;

const FORMAT_NAMES: Record<string, string> = {
  generic: 'generic CSV, one row per message',
  library: 'canned-response library',
  zendesk: 'Zendesk tickets and comments',
  freshdesk: 'Freshdesk tickets and conversations',
  intercom: 'Intercom conversations',
  helpscout: 'Help Scout conversations and threads',
  twcs: 'Twitter customer support CSV',
  transcript: 'one row per ticket with a transcript column',
};

type Field = (typeof GENERIC_FIELDS)[number];

export interface ColumnGuess {
  field: Field;
  header: string;
  /** Why: "guessed: ..." for a value-based guess. */
  reason: string;
}

export interface CsvDetection {
  header: string[];
  /** Fields our aliases already map, without configuration. */
  recognised: Array<{ field: Field; header: string }>;
  /** Fields mapped by looking at the values: these go into `columns:`. */
  guessed: ColumnGuess[];
  /** No column says who wrote a row: every row will be judged as company text. */
  noSpeaker: boolean;
}

const squash = (s: string): string => s.trim().toLowerCase().replace(/[\s_\-.#]+/g, '');
const ID_LIKE = /^[\p{L}\p{N}_\-#:./]{1,64}$/u;

/**
 * Maps the columns our aliases miss, from the header and the first rows. Conservative: a field is
 * guessed only when most values fit it, and each column is used once.
 */
export function guessColumns(header: string[], rows: readonly CsvRecord[]): CsvDetection {
  const mapped = mapHeader(header);
  const used = new Set(Object.values(mapped));
  const recognised = GENERIC_FIELDS.filter((f) => mapped[f] !== undefined).map((f) => ({ field: f, header: header[mapped[f]!]! }));
  const guessed: ColumnGuess[] = [];
  const values = (i: number): string[] => rows.map((r) => r.fields[i]?.value.trim() ?? '').filter((v) => v !== '');
  const free = (): number[] => header.map((_, i) => i).filter((i) => !used.has(i));
  const take = (field: Field, i: number, reason: string): void => {
    used.add(i);
    guessed.push({ field, header: header[i]!, reason });
  };
  const share = (list: string[], test: (v: string) => boolean): number => (list.length === 0 ? 0 : list.filter(test).length / list.length);

  // Roles and dates first: they are recognised by their values, and once taken they cannot be
  // mistaken for the text or an id below.
  if (mapped.author_role === undefined) {
    const i = free().find((c) => {
      const v = values(c);
      return v.length > 0 && share(v, (x) => parseRole(x) !== null) >= 0.9 && new Set(v.map((x) => x.toLowerCase())).size <= 12;
    });
    if (i !== undefined) take('author_role', i, 'guessed: its values are roles (customer, agent, ...)');
  }
  if (mapped.created_at === undefined) {
    const i = free().find((c) => {
      const v = values(c);
      const dated = share(v, (x) => parseTimestamp(x) !== null) >= 0.9;
      // Long digit ids also parse as unix seconds: accept pure numbers only under a time-like header.
      return v.length > 0 && dated && (v.some((x) => !/^\d+$/.test(x)) || /date|time|created|sent|posted|at$/.test(squash(header[c]!)));
    });
    if (i !== undefined) take('created_at', i, 'guessed: its values are dates');
  }
  if (mapped.body === undefined) {
    let best = -1;
    let bestLength = 0;
    for (const c of free()) {
      const total = values(c).reduce((sum, v) => sum + v.length, 0);
      if (total > bestLength) {
        bestLength = total;
        best = c;
      }
    }
    if (best >= 0) take('body', best, 'guessed: the column with the longest text');
  }
  const idColumn = (c: number): boolean => {
    const v = values(c);
    return v.length > 0 && share(v, (x) => ID_LIKE.test(x)) >= 0.95;
  };
  if (mapped.ticket_id === undefined) {
    const named = free().find((c) => /ticket|case|conversation|thread|chat|dialog|session|issue/.test(squash(header[c]!)) && idColumn(c));
    // Without a telling name: ids that repeat (several messages per ticket), but not all the same.
    const repeating = free().find((c) => {
      const v = values(c);
      const distinct = new Set(v).size;
      return idColumn(c) && /id|number|no|ref|key/.test(squash(header[c]!)) && distinct >= 2 && distinct < v.length * 0.9;
    });
    const i = named ?? repeating;
    if (i !== undefined) take('ticket_id', i, named !== undefined ? 'guessed: its name and id-like values' : 'guessed: id-like values that repeat across rows');
  }
  if (mapped.message_id === undefined) {
    const i = free().find((c) => {
      const v = values(c);
      return idColumn(c) && /id|number|no|ref|key/.test(squash(header[c]!)) && new Set(v).size === v.length;
    });
    if (i !== undefined) take('message_id', i, 'guessed: id-like values, each one different');
  }
  if (mapped.author === undefined) {
    const i = free().find((c) => /agent|author|sender|from|sentby|owner|assignee|responder|writer/.test(squash(header[c]!)) && values(c).every((x) => x.length <= 80));
    if (i !== undefined) take('author', i, 'guessed: its name says who wrote the message');
  }
  guessed.sort((a, b) => GENERIC_FIELDS.indexOf(a.field) - GENERIC_FIELDS.indexOf(b.field));
  const noSpeaker = mapped.author_role === undefined && mapped.inbound === undefined && !guessed.some((g) => g.field === 'author_role');
  return { header, recognised, guessed, noSpeaker };
}

/** The header and first rows of a CSV, through the same tokenizer the reader uses. */
async function sampleCsv(path: string): Promise<{ header: string[]; rows: CsvRecord[] } | null> {
  const records: CsvRecord[] = [];
  const tokenizer = new CsvTokenizer((r) => records.push(r), () => {});
  for await (const chunk of fileSource(path).chunks()) {
    tokenizer.push(chunk);
    if (records.length > SAMPLE_ROWS) break;
  }
  if (records.length <= SAMPLE_ROWS) tokenizer.end();
  const [head, ...rows] = records;
  return head ? { header: head.fields.map((f) => f.value), rows: rows.slice(0, SAMPLE_ROWS) } : null;
}

interface Sampled {
  tickets: number;
  messages: Message[];
  problems: string[];
}

/** Reads the start of the sample through the real reader, with the columns init is about to write. */
async function sampleMessages(path: string, format: string, columns: Record<string, string>): Promise<Sampled> {
  const out: Sampled = { tickets: 0, messages: [], problems: [] };
  for await (const event of readInputs([path], { inputFormat: format as 'generic', columns, ticketWindow: 20 })) {
    if (event.kind === 'problem' && event.problem!.level === 'error') out.problems.push(event.problem!.message);
    if (event.kind !== 'ticket') continue;
    out.tickets++;
    out.messages.push(...event.ticket!.messages);
    if (out.messages.length >= SAMPLE_MESSAGES) break;
  }
  return out;
}

/** The most common language among company-written messages, with its share. */
async function sampleLanguage(messages: readonly Message[]): Promise<{ lang: string; count: number; of: number } | null> {
  const company = messages.filter((m) => m.role === 'agent' || m.role === 'bot').slice(0, 60);
  const counts = new Map<string, number>();
  let of = 0;
  for (const m of company) {
    const lang = await detectLanguage(m.body);
    if (!lang) continue;
    of++;
    counts.set(lang, (counts.get(lang) ?? 0) + 1);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1])[0];
  return top ? { lang: top[0], count: top[1], of } : null;
}

/** A YAML double-quoted scalar (JSON's escapes are YAML's), safe for any header text. */
const yamlString = (s: string): string => JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
/** Text from the user's file inside a YAML comment: one line, no control characters. */
const commentText = (s: string): string => terminalText(s).replace(/\u2028|\u2029|\u0085/g, ' ');

export interface InitFacts {
  sample: string | null;
  format: string | null;
  csv: CsvDetection | null;
  language: { lang: string; count: number; of: number } | null;
  categories: string[];
  exampleRule: string | null;
}

/** The config text. Only `columns` (when needed) and `lang` are live; the rest are commented examples. */
export function renderInitConfig(facts: InitFacts): string {
  const lines: string[] = ['# ticketlint configuration, written by `ticketlint init`. Check the guesses below.'];
  if (facts.sample) lines.push(`# Sample looked at: ${commentText(facts.sample)}`);
  if (facts.format) {
    lines.push(`# Detected input format: ${facts.format} (${FORMAT_NAMES[facts.format] ?? facts.format})`);
    lines.push(`#   ticketlint detects it on its own; force it with --input-format ${facts.format}`);
  }
  lines.push('');
  const csv = facts.csv;
  if (csv && csv.guessed.length > 0) {
    lines.push('# Your CSV headers for ticketlint\'s fields (the ones its aliases did not recognise).');
    if (csv.recognised.length > 0) lines.push(`# Recognised without mapping: ${csv.recognised.map((r) => `${r.field} = ${commentText(r.header)}`).join(', ')}`);
    lines.push('columns:');
    const width = Math.max(...csv.guessed.map((g) => `  ${g.field}: ${yamlString(g.header)}`.length));
    for (const g of csv.guessed) lines.push(`${`  ${g.field}: ${yamlString(g.header)}`.padEnd(width)}  # ${g.reason}`);
  } else {
    if (csv) lines.push(`# Recognised without mapping: ${csv.recognised.map((r) => `${r.field} = ${commentText(r.header)}`).join(', ')}`);
    lines.push('# Map your CSV headers to ticketlint\'s fields when they differ, e.g.:');
    lines.push('# columns:');
    lines.push('#   body: "Reply text"');
    lines.push('#   ticket_id: "Case Number"');
    lines.push('#   author_role: "Sender type"');
  }
  if (csv?.noSpeaker) {
    lines.push('# No column says who wrote each row (customer or agent), so every row is judged as');
    lines.push('# company text. If customers\' messages are in the file, map their role column:');
    lines.push('#   author_role: "<the column with customer/agent>"');
  }
  lines.push('');
  lines.push('# Language of the messages: auto detects it per message; a code (en vi ar zh pl es de fr)');
  lines.push('# runs only that language\'s rules, which misses replies written in any other language.');
  const lang = facts.language;
  lines.push(`lang: auto${lang ? `  # the sample looks like ${lang.lang} (${lang.count} of ${lang.of} company messages)` : ''}`);
  lines.push('');
  lines.push('# Turn a category or a single rule off, or change its severity (off | error | warning | info).');
  if (facts.categories.length > 0) lines.push(`# Categories: ${facts.categories.join(', ')}`);
  lines.push('# rules:');
  lines.push(`#   ${facts.categories[0] ?? 'policy-shield'}: warning`);
  lines.push(`#   ${facts.exampleRule ?? 'policy-shield/refusal-citing-policy'}: off`);
  lines.push('');
  lines.push('# Helpdesk placeholders your canned responses may contain, so they are not flagged');
  lines.push('# (a literal, or a /regex/):');
  lines.push('# templateVariables:');
  lines.push('#   - "{{ticket.requester.first_name}}"');
  lines.push('#   - "/^\\\\{\\\\{ticket\\\\./"');
  lines.push('');
  lines.push('# Channels whose replies everyone can read (default: twitter, facebook, instagram, ...):');
  lines.push('# publicChannels: [twitter, facebook, instagram]');
  if (facts.format === 'transcript') {
    lines.push('');
    lines.push('# Speaker prefixes in the transcript column:');
    lines.push('# transcript:');
    lines.push('#   agent: ["Agent:", "Support:"]');
    lines.push('#   customer: ["Customer:", "Visitor:"]');
  }
  return lines.join('\n') + '\n';
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export interface InitFlags {
  force?: boolean;
}

export async function initCommand(sample: string | undefined, flags: InitFlags, cwd = process.cwd()): Promise<number> {
  for (const name of CONFIG_NAMES) {
    if (!flags.force && (await exists(join(cwd, name)))) {
      throw new TicketlintError('a config file already exists here; use --force to overwrite it', { file: name });
    }
  }
  const report: string[] = [];
  const facts: InitFacts = { sample: null, format: null, csv: null, language: null, categories: [], exampleRule: null };
  let warning: string | null = null;
  let noBody = false;
  if (sample !== undefined) {
    const path = resolve(cwd, sample);
    const shown = displayName(path);
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new TicketlintError('no such file', { file: sample });
    }
    if (!info.isFile()) throw new TicketlintError('give a sample file, not a folder', { file: sample });
    facts.sample = shown;
    const ext = extname(path).slice(1).toLowerCase();
    const reader = await pickReader(fileSource(path, shown), ext, 'auto');
    facts.format = reader.format;
    report.push(`input format: ${reader.format} (${FORMAT_NAMES[reader.format] ?? reader.format})`);
    const columns: Record<string, string> = {};
    if (reader.format === 'generic') {
      const csv = await sampleCsv(path);
      if (!csv) throw new TicketlintError('empty file: no header row', { file: shown });
      facts.csv = guessColumns(csv.header, csv.rows);
      for (const g of facts.csv.guessed) columns[g.field] = g.header;
      const all = [...facts.csv.recognised.map((r) => ({ ...r, reason: 'recognised' })), ...facts.csv.guessed];
      all.sort((a, b) => GENERIC_FIELDS.indexOf(a.field) - GENERIC_FIELDS.indexOf(b.field));
      report.push('columns:');
      const width = Math.max(...all.map((c) => c.field.length));
      for (const c of all) report.push(`  ${c.field.padEnd(width)} = ${commentText(c.header)}  (${c.reason})`);
      if (mapHeader(csv.header, columns).body === undefined) {
        noBody = true;
        warning = 'could not tell which column holds the message text: set columns.body in the config';
      }
      else if (facts.csv.noSpeaker) warning = 'no column says who wrote each row, so every row is judged as company text: if customers\' messages are in the file, map columns.author_role';
    }
    if (!noBody) {
      const sampled = await sampleMessages(path, reader.format, columns);
      const company = sampled.messages.filter((m) => m.role === 'agent' || m.role === 'bot').length;
      const n = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
      report.push(
        reader.format === 'library'
          ? `sample read: ${n(sampled.messages.length, 'response')}`
          : `sample read: ${n(sampled.tickets, 'ticket')}, ${n(sampled.messages.length, 'message')} (${company} by agents or bots)`,
      );
      if (sampled.problems[0]) warning ??= `reading the sample reported: ${sampled.problems[0]}`;
      facts.language = await sampleLanguage(sampled.messages);
      if (facts.language) report.push(`language: ${facts.language.lang} (${facts.language.count} of ${facts.language.of} company messages); lang stays auto`);
    }
  }
  const rules = await loadRules([BUILTIN_RULES_DIR]);
  facts.categories = [...new Set(rules.rules.map((r) => r.category))].sort();
  facts.exampleRule = rules.rules.find((r) => r.category === facts.categories[0])?.id ?? null;
  const target = join(cwd, INIT_CONFIG_NAME);
  await writeFileAtomic(target, renderInitConfig(facts));
  const lines = sample !== undefined ? [`ticketlint init: looked at ${commentText(facts.sample!)}`, ...report.map((l) => `  ${l}`)] : ['ticketlint init: no sample file given; writing a generic starter config'];
  lines.push(sample !== undefined ? `wrote ${INIT_CONFIG_NAME}: check the guesses, then run ticketlint ${commentText(sample)}` : `wrote ${INIT_CONFIG_NAME}: edit it, then run ticketlint <files>`);
  await write(lines.join('\n') + '\n');
  if (warning) process.stderr.write(`ticketlint init: warning: ${terminalText(warning)}\n`);
  return 0;
}
