import { resolve } from 'node:path';
import { Checker } from './check/index.js';
import { effectiveRules } from './check/index.js';
import { BUILTIN_RULES_DIR, loadRules } from './check/load-rules.js';
import type { RuleSet } from './check/rule-types.js';
import { defaultConfig, findConfig, loadConfig, type Config } from './config/load.js';
import { TicketlintError } from './errors.js';
import { readInputs } from './read/index.js';
import type { InputFormat } from './read/reader.js';
import { libraryMessage } from './read/library.js';
import type { Finding, LintResult, Role, RunProblem, RunStats, Summary, Ticket } from './types.js';
import { LANGUAGES } from './types.js';

export interface LintOptions {
  /** Config file; `false` = ignore any .ticketlintrc.yaml; absent = look upwards from cwd. */
  config?: string | false;
  cwd?: string;
  /** Extra rule packs (files or folders). */
  rules?: string[];
  /** `auto` (default) or a language: only that language's matchers run, and findings carry it. */
  lang?: string;
  inputFormat?: InputFormat;
  /** Only error-severity findings (ESLint's --quiet). */
  quiet?: boolean;
  /** Called for each finding as soon as it is found (streaming output). */
  onFinding?: (finding: Finding) => void;
  /** Called for each input problem as soon as it is found. */
  onProblem?: (problem: RunProblem) => void;
  /** Name to give stdin input (its extension picks the format). */
  stdinName?: string;
}

export interface Linter {
  config: Config;
  ruleSet: RuleSet;
  checker: Checker;
  lang: string;
}

/** Loads config and rule packs and compiles them once; lintFiles and lintText reuse it. */
export async function createLinter(options: LintOptions = {}): Promise<Linter> {
  const cwd = options.cwd ?? process.cwd();
  let config = defaultConfig();
  if (options.config !== false) {
    const file = options.config ? resolve(cwd, options.config) : await findConfig(cwd);
    if (file) config = await loadConfig(file);
  }
  const lang = options.lang ?? config.lang ?? 'auto';
  if (lang !== 'auto' && !(LANGUAGES as readonly string[]).includes(lang)) {
    throw new TicketlintError(`unknown language "${lang}" (expected auto or ${LANGUAGES.join(', ')})`);
  }
  const ruleSet = await loadRules([BUILTIN_RULES_DIR, ...config.rulePaths, ...(options.rules ?? []).map((p) => resolve(cwd, p))]);
  const rules = effectiveRules(ruleSet, config);
  const forced = lang === 'auto' ? null : lang;
  const checker = new Checker(rules, config, { langs: forced ? [forced] : null, forcedLang: forced });
  return { config, ruleSet, checker, lang };
}

function emptySummary(): Summary {
  return { files: 0, tickets: 0, messages: 0, findings: 0, errors: 0, warnings: 0 };
}

function emptyStats(): RunStats {
  // No prototype: an author called "__proto__" or "constructor" is just a name.
  return { files: [], messagesByAuthor: Object.create(null) as Record<string, number>, messagesWithoutAuthor: 0 };
}

function count(summary: Summary, f: Finding): void {
  summary.findings++;
  if (f.severity === 'error') summary.errors++;
  else if (f.severity === 'warning') summary.warnings++;
}

/** Lints files, folders (recursively) and `-` (stdin). Input problems are collected, never thrown. */
export async function lintFiles(paths: string[], options: LintOptions = {}, linter?: Linter): Promise<LintResult> {
  const l = linter ?? (await createLinter(options));
  const summary = emptySummary();
  const stats = emptyStats();
  const findings: Finding[] = [];
  const problems: RunProblem[] = [];
  for await (const event of readInputs(paths, {
    columns: l.config.columns,
    transcript: l.config.transcript,
    inputFormat: options.inputFormat ?? 'auto',
    ...(options.stdinName ? { stdinName: options.stdinName } : {}),
  })) {
    if (event.kind === 'file') {
      summary.files++;
      stats.files.push(event.file!);
    } else if (event.kind === 'problem') {
      problems.push(event.problem!);
      options.onProblem?.(event.problem!);
    } else if (event.kind === 'ticket') {
      await checkInto(l, event.ticket!, summary, stats, findings, options);
    }
  }
  return { findings, summary, problems, stats };
}

async function checkInto(l: Linter, ticket: Ticket, summary: Summary, stats: RunStats, findings: Finding[], options: LintOptions): Promise<void> {
  summary.tickets++;
  summary.messages += ticket.messages.length;
  for (const m of ticket.messages) {
    if (m.role !== 'agent' && m.role !== 'bot') continue;
    if (m.author) stats.messagesByAuthor[m.author] = (stats.messagesByAuthor[m.author] ?? 0) + 1;
    else stats.messagesWithoutAuthor++;
  }
  for (const f of await l.checker.checkTicket(ticket)) {
    if (options.quiet && f.severity !== 'error') continue;
    count(summary, f);
    findings.push(f);
    options.onFinding?.(f);
  }
}

export interface LintTextOptions extends LintOptions {
  /** Who wrote it (default agent: a draft reply or a canned response). */
  role?: Role;
  channel?: string;
  /** false for an internal note. */
  public?: boolean;
  /** Name findings carry as `file` (default `<text>`). */
  file?: string;
}

/** Lints one company-written text, e.g. a draft reply before the agent sends it. */
export async function lintText(text: string, options: LintTextOptions = {}, linter?: Linter): Promise<LintResult> {
  const l = linter ?? (await createLinter(options));
  const file = options.file ?? '<text>';
  const message = libraryMessage(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file);
  message.role = options.role ?? 'agent';
  message.channel = options.channel?.toLowerCase() ?? null;
  message.public = options.public ?? true;
  if (options.role || options.channel) delete message.meta;
  const summary = emptySummary();
  summary.files = 1;
  const stats = emptyStats();
  stats.files.push(file);
  const findings: Finding[] = [];
  await checkInto(l, { id: null, file, format: 'text', channel: message.channel, messages: [message] }, summary, stats, findings, options);
  return { findings, summary, problems: [], stats };
}
