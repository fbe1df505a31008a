import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { TicketlintError } from '../errors.js';
import { lintFiles, createLinter, type LintOptions } from '../lint.js';
import { INPUT_FORMATS, type InputFormat } from '../read/reader.js';
import { BaselineMatcher, createBaseline, DEFAULT_BASELINE_FILE, loadBaseline, serializeBaseline } from '../report/baseline.js';
import { FORMATTERS } from '../report/index.js';
import { terminalText } from '../report/sanitize.js';
import type { Finding, RunProblem, Summary } from '../types.js';
import { LANGUAGES } from '../types.js';
import { explainCommand } from './explain.js';
import { initCommand } from './init.js';
import { quietOnClosedPipe, write, writeFileAtomic } from './output.js';
import { rulesCommand } from './rules.js';
import { testRulesCommand } from './test-rules.js';

export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

interface LintFlags {
  format: string[];
  outputFile: string[];
  config?: string | false;
  rules: string[];
  inputFormat: InputFormat;
  lang: string;
  maxWarnings?: number;
  quiet?: boolean;
  color: boolean;
  debug?: boolean;
  stdinFilename?: string;
  baseline?: string;
  updateBaseline?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const useColor = (flags: { color: boolean }): boolean => flags.color && !process.env.NO_COLOR && process.stdout.isTTY === true;

/** The summary of the findings a report shows (after baseline suppression). */
function summarise(findings: readonly Finding[], base: Summary): Summary {
  return {
    ...base,
    findings: findings.length,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

const plural = (n: number, word: string, words = `${word}s`): string => `${n} ${n === 1 ? word : words}`;

function problemLine(p: RunProblem): string {
  const where = [p.file, p.line].filter((x) => x != null).join(':');
  return `${p.level === 'warning' ? 'warning' : 'error'}: ${where}: ${terminalText(p.message)}`;
}

async function lintCommand(paths: string[], flags: LintFlags): Promise<number> {
  const formats = flags.format.length > 0 ? flags.format : ['stylish'];
  for (const f of formats) if (!FORMATTERS.has(f)) throw new TicketlintError(`unknown format "${f}" (expected ${[...FORMATTERS.keys()].join(', ')})`);
  if (flags.outputFile.length > formats.length) throw new TicketlintError('more --output-file than --format options: give one --format per --output-file');
  if (paths.length === 0) throw new TicketlintError('no input: give files or folders to lint, or - for stdin');
  const cwd = process.cwd();
  // A missing or broken baseline fails before any linting (exit 2), not after a long run.
  const matcher = flags.baseline !== undefined && !flags.updateBaseline ? new BaselineMatcher(await loadBaseline(flags.baseline), flags.baseline, cwd) : null;
  // A streaming format writing to stdout prints each finding as it is found; --update-baseline
  // suppresses everything it finds, so it has nothing to stream.
  const streamIndex = flags.updateBaseline ? -1 : formats.findIndex((f, i) => FORMATTERS.get(f)!.streamFinding && flags.outputFile[i] === undefined);
  const pending: Promise<void>[] = [];
  const options: LintOptions = {
    rules: flags.rules,
    inputFormat: flags.inputFormat,
    lang: flags.lang,
    quiet: flags.quiet === true,
    onProblem: (p) => process.stderr.write(problemLine(p) + '\n'),
    ...(flags.config !== undefined ? { config: flags.config } : {}),
    ...(flags.stdinFilename ? { stdinName: flags.stdinFilename } : {}),
  };
  const linter = await createLinter(options);
  const ctx = { color: useColor(flags), version: VERSION, cwd, rules: linter.checker.rules, categories: linter.ruleSet.categories };
  // Baseline matching happens as findings arrive, so streamed output is filtered too.
  const suppressed = new Set<Finding>();
  if (matcher || streamIndex >= 0) {
    options.onFinding = (f) => {
      if (matcher?.suppresses(f)) suppressed.add(f);
      else if (streamIndex >= 0) pending.push(write(FORMATTERS.get(formats[streamIndex]!)!.streamFinding!(f, ctx)));
    };
  }
  const linted = await lintFiles(paths, options, linter);
  await Promise.all(pending);
  let findings = suppressed.size > 0 ? linted.findings.filter((f) => !suppressed.has(f)) : linted.findings;
  if (matcher) {
    const unused = matcher.unused;
    process.stderr.write(
      `ticketlint: baseline ${terminalText(flags.baseline!)}: ${plural(matcher.suppressed, 'known finding')} suppressed` +
        (unused > 0 ? `, ${plural(unused, 'entry', 'entries')} no longer found (fixed? prune with --update-baseline)` : '') + '\n',
    );
  }
  if (flags.updateBaseline) {
    const path = flags.baseline ?? DEFAULT_BASELINE_FILE;
    await writeFileAtomic(path, serializeBaseline(createBaseline(findings, path, cwd)));
    const files = new Set(findings.map((f) => f.file)).size;
    process.stderr.write(`ticketlint: wrote baseline ${terminalText(path)}: ${plural(findings.length, 'finding')} in ${plural(files, 'file')}; they no longer fail the run\n`);
    findings = [];
  }
  const result = findings === linted.findings ? linted : { ...linted, findings, summary: summarise(findings, linted.summary) };
  for (const [i, name] of formats.entries()) {
    const file = flags.outputFile[i];
    if (i === streamIndex) continue;
    const text = FORMATTERS.get(name)!.format(result, { ...ctx, color: file ? false : ctx.color });
    if (file) await writeFileAtomic(file, text);
    else await write(text);
  }
  if (result.problems.some((p) => p.level === 'error')) return 2;
  if (result.summary.errors > 0) return 1;
  if (flags.maxWarnings !== undefined && flags.maxWarnings >= 0 && result.summary.warnings > flags.maxWarnings) {
    process.stderr.write(`ticketlint found too many warnings (maximum: ${flags.maxWarnings}).\n`);
    return 1;
  }
  return 0;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
}

export function buildProgram(run: (code: number) => void): Command {
  const program = new Command('ticketlint');
  program
    .description('Lint what your company writes to customers: ticket exports and canned-response libraries.')
    .version(VERSION, '-v, --version')
    .argument('[paths...]', 'files, folders (recursively) or - for stdin')
    .addOption(new Option('-f, --format <name>', `output format: ${[...FORMATTERS.keys()].join(', ')} (repeatable, one per --output-file)`).argParser(collect).default([]))
    .addOption(new Option('-o, --output-file <path>', 'write the report to a file (atomically), one per --format').argParser(collect).default([]))
    .option('-c, --config <file>', 'use this config file instead of looking for .ticketlintrc.yaml')
    .option('--no-config', 'ignore .ticketlintrc.yaml files')
    .addOption(new Option('--rules <path>', 'add a rule pack (YAML file or folder); repeatable').argParser(collect).default([]))
    .addOption(new Option('--input-format <name>', 'input format').choices([...INPUT_FORMATS]).default('auto'))
    .addOption(new Option('--lang <code>', 'message language: auto detects; a code runs only that language\'s rules').choices(['auto', ...LANGUAGES]).default('auto'))
    .addOption(new Option('--max-warnings <n>', 'exit 1 when there are more warnings than this').argParser(parseCount))
    .option('--quiet', 'report errors only')
    .option('--no-color', 'no colours in terminal output')
    .option('--stdin-filename <name>', 'name for stdin input (its extension picks the format)')
    .option('--baseline <file>', 'known findings to ignore (count-aware): only new findings fail the run')
    .option('--update-baseline', `record the current findings as known in --baseline's file (default ${DEFAULT_BASELINE_FILE}) and exit 0`)
    .option('--debug', 'print stack traces of internal errors')
    .showHelpAfterError('(run ticketlint --help for usage)')
    .action(async (paths: string[], flags: LintFlags) => run(await lintCommand(paths, flags)));

  program
    .command('rules')
    .description('list rules: id, category, severity, languages')
    .addOption(new Option('--lang <code>', 'only rules that cover this language').choices([...LANGUAGES]))
    .option('--rules <path>', 'add a rule pack', collect, [])
    .option('-c, --config <file>', 'config file')
    .option('--no-color', 'no colours')
    .action(async (flags: { lang?: string; rules: string[]; config?: string; color: boolean }) => run(await rulesCommand(flags, useColor(flags))));

  program
    .command('explain')
    .description('the lesson behind a rule or category, its source story, examples and what to say instead')
    .argument('<rule-or-category>')
    .option('--rules <path>', 'add a rule pack', collect, [])
    .option('--no-color', 'no colours')
    .action(async (id: string, flags: { rules: string[]; color: boolean }) => run(await explainCommand(id, flags, useColor(flags))));

  program
    .command('test-rules')
    .description('run the examples embedded in rule files; fail on any miss')
    .argument('[rule-files...]', 'rule files or folders to test (default: every loaded rule)')
    .option('-c, --config <file>', 'config file')
    .action(async (files: string[], flags: { config?: string }) => run(await testRulesCommand(files, flags)));

  program
    .command('init')
    .description('write a starter .ticketlintrc.yaml after looking at a sample file')
    .argument('[sample-file]', 'a ticket export or canned response to look at')
    .option('--force', 'overwrite an existing config')
    .action(async (sample: string | undefined, flags: { force?: boolean }) => run(await initCommand(sample, flags)));
  return program;
}

export async function main(argv: string[]): Promise<void> {
  quietOnClosedPipe();
  const debug = argv.includes('--debug');
  let code = 0;
  const program = buildProgram((c) => (code = c));
  program.exitOverride();
  program.configureOutput({
    writeErr: (s) => process.stderr.write(s),
    outputError: (s, w) => w(`ticketlint: ${s.replace(/^error: /, '')}`),
  });
  for (const sub of program.commands) sub.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      code = err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
    } else if (err instanceof TicketlintError) {
      process.stderr.write(`ticketlint: ${terminalText(err.toLine())}\n`);
      code = 2;
    } else {
      const e = err as Error;
      process.stderr.write(`ticketlint: internal error: ${terminalText(e?.message ?? String(err))}${debug ? '' : ' (run with --debug for details)'}\n`);
      if (debug) process.stderr.write(`${e?.stack ?? ''}\n`);
      code = 2;
    }
  }
  process.exitCode = code;
}
