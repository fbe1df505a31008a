import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createLinter, lintFiles, type Linter } from '../src/lint.js';
import { pickReader, readInputs, type ReadInputsOptions } from '../src/read/index.js';
import { fileSource } from '../src/read/text-source.js';
import type { Finding, Message, RunProblem, Ticket } from '../src/types.js';
import { ROOT, runCli, tempDir, textAt } from './helpers.js';

/** Shared by the tests/read-*.test.ts files: read, lint and check positions against the source. */

export const fixture = (path: string): string => join(ROOT, 'fixtures', path);

export interface ReadResult {
  tickets: Ticket[];
  problems: RunProblem[];
  messages: Message[];
  byId: Map<string, Message>;
}

export async function readPath(path: string, options: ReadInputsOptions = {}): Promise<ReadResult> {
  const tickets: Ticket[] = [];
  const problems: RunProblem[] = [];
  for await (const e of readInputs([path], options)) {
    if (e.kind === 'ticket') tickets.push(e.ticket!);
    if (e.kind === 'problem') problems.push(e.problem!);
  }
  const messages = tickets.flatMap((t) => t.messages);
  return { tickets, problems, messages, byId: new Map(messages.map((m) => [m.id ?? '', m])) };
}

/** Reads `content` written to a temp file called `name`. */
export async function readContent(content: string, name: string, options: ReadInputsOptions = {}): Promise<ReadResult & { path: string }> {
  const dir = tempDir({ [name]: content });
  const path = join(dir, name);
  return { ...(await readPath(path, options)), path };
}

/** The format auto-detection picks for a file. */
export async function detectedFormat(path: string): Promise<string> {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return (await pickReader(fileSource(path), ext, 'auto')).format;
}

let linter: Promise<Linter> | null = null;

/** Lints with the built-in rules and no config (the compiled rules are shared by a test file's calls). */
export async function lint(path: string, options: { inputFormat?: ReadInputsOptions['inputFormat'] } = {}): Promise<{ findings: Finding[]; problems: RunProblem[] }> {
  linter ??= createLinter({ config: false });
  const opts = { config: false as const, ...(options.inputFormat ? { inputFormat: options.inputFormat } : {}) };
  const { findings, problems } = await lintFiles([path], opts, await linter);
  return { findings, problems };
}

export const policyFindings = (findings: Finding[]): Finding[] => findings.filter((f) => f.category === 'policy-shield');

/** Every finding's line/column range, cut from the file, is its excerpt. */
export function expectPointsAtSource(path: string, findings: Finding[], decode: (s: string) => string = (s) => s): void {
  const content = readFileSync(path, 'utf8');
  for (const f of findings) expect(decode(textAt(content, f)), `${f.ruleId} at ${f.line}:${f.column}`).toBe(f.excerpt);
}

/** Line and column (1-based) where `needle` first occurs in the file, after `after` if given. */
export function positionOf(path: string, needle: string, after?: string): { line: number; column: number } {
  const content = readFileSync(path, 'utf8');
  const from = after ? content.indexOf(after) : 0;
  const at = content.indexOf(needle, from);
  if (at < 0 || from < 0) throw new Error(`"${needle}" not in ${path}`);
  const before = content.slice(0, at).split(/\r\n|\n|\r/);
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Runs the real CLI on a fixture with --format json and returns the parsed report. */
export function cliJson(args: string[]): { code: number; findings: Finding[]; summary: Record<string, number>; stderr: string } {
  const run = runCli([...args, '--format', 'json', '--no-color', '--no-config']);
  const report = JSON.parse(run.stdout) as { findings: Finding[]; summary: Record<string, number> };
  return { code: run.code, findings: report.findings, summary: report.summary, stderr: run.stderr };
}
