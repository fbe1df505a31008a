import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { TicketlintError } from '../errors.js';
import type { RunProblem, Ticket } from '../types.js';
import { freshdeskReader } from './freshdesk.js';
import { genericCsvReader } from './generic-csv.js';
import { helpscoutReader } from './helpscout.js';
import { intercomReader } from './intercom.js';
import { isJsonHead, unknownJsonError } from './json-fields.js';
import { libraryReader } from './library.js';
import { capMessages } from './limits.js';
import { ProblemLimiter } from './problem-limit.js';
import { transcriptReader } from './transcript.js';
import { twcsReader } from './twcs.js';
import { zendeskReader } from './zendesk.js';
import type { InputFormat, InputReader, ReadOptions } from './reader.js';
import { bufferSource, fileSource, type TextSource } from './text-source.js';

/**
 * Every reader ticketlint knows; detection asks each how well an input fits (the highest score
 * wins, the earlier reader on a tie). Vendor shapes score 7-10 on their telltale keys or
 * headers; the generic CSV scores 5 on a header with a text column, so a twcs or transcript
 * header (8-10) beats it, and it beats the library's 1 for extension-less text.
 */
export const READERS: InputReader[] = [
  zendeskReader,
  freshdeskReader,
  intercomReader,
  helpscoutReader,
  twcsReader,
  transcriptReader,
  genericCsvReader,
  libraryReader,
];

export function registerReader(reader: InputReader): void {
  const existing = READERS.findIndex((r) => r.format === reader.format);
  if (existing >= 0) READERS.splice(existing, 1, reader);
  else READERS.push(reader);
}

/** Extensions a folder walk picks up. */
const LINTABLE = new Set(['csv', 'tsv', 'json', 'jsonl', 'ndjson', 'txt', 'md', 'markdown', 'yaml', 'yml']);
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'coverage']);

export interface InputEvent {
  kind: 'ticket' | 'problem' | 'file';
  ticket?: Ticket;
  problem?: RunProblem;
  file?: string;
}

export function displayName(path: string): string {
  const rel = relative(process.cwd(), path);
  const shown = rel && !rel.startsWith('..') ? rel : path;
  return shown.split(sep).join('/');
}

async function* expand(paths: string[], onProblem: (p: RunProblem) => void): AsyncIterable<string> {
  for (const path of paths) {
    if (path === '-') {
      yield '-';
      continue;
    }
    let info;
    try {
      info = await stat(path);
    } catch {
      onProblem({ file: displayName(path), line: null, message: 'no such file or directory', level: 'error' });
      continue;
    }
    if (info.isDirectory()) yield* walk(path);
    else yield path;
  }
}

async function* walk(dir: string): AsyncIterable<string> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile() && LINTABLE.has(extname(entry.name).slice(1).toLowerCase())) yield full;
  }
}

export async function pickReader(source: TextSource, ext: string, format: InputFormat): Promise<InputReader> {
  if (format !== 'auto') {
    const forced = READERS.find((r) => r.format === format);
    if (!forced) throw new TicketlintError(`input format "${format}" is not supported yet`, { file: source.name });
    return forced;
  }
  const head = await source.head();
  let best: InputReader | null = null;
  let bestScore = 0;
  for (const reader of READERS) {
    const score = reader.sniff(head, ext);
    if (score > bestScore) {
      best = reader;
      bestScore = score;
    }
  }
  if (!best) {
    // JSON that no reader recognises: say which shapes we read rather than "cannot tell".
    if (isJsonHead(head, ext)) throw unknownJsonError(source.name, null, null);
    if (head.trim() === '') throw new TicketlintError('empty file: nothing to lint', { file: source.name });
    throw new TicketlintError(
      `cannot tell the input format (known: ${READERS.map((r) => r.format).join(', ')}); use --input-format`,
      { file: source.name },
    );
  }
  return best;
}

async function readStdin(): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of process.stdin) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

export interface ReadInputsOptions extends ReadOptions {
  inputFormat?: InputFormat;
  /** Name for stdin input; a path-like name also selects the format by extension. */
  stdinName?: string;
}

/**
 * The read stage: paths → a stream of tickets, files and problems. A broken file yields a problem
 * and reading goes on with the next one: nothing else is lost.
 */
export async function* readInputs(paths: string[], options: ReadInputsOptions = {}): AsyncIterable<InputEvent> {
  const problems: RunProblem[] = [];
  const drain = function* (): Iterable<InputEvent> {
    for (const problem of problems.splice(0)) yield { kind: 'problem', problem };
  };
  for await (const path of expand(paths, (p) => problems.push(p))) {
    yield* drain();
    const isStdin = path === '-';
    const name = isStdin ? (options.stdinName ?? '<stdin>') : displayName(path);
    const ext = extname(isStdin ? (options.stdinName ?? '') : path).slice(1).toLowerCase();
    const warn = (w: { message: string; line?: number }): void => void problems.push({ file: name, line: w.line ?? null, message: w.message, level: 'warning' });
    // A file's own problems are capped per kind (a stray quote on every row of a million-row export).
    const limiter = new ProblemLimiter((p) => problems.push(p));
    try {
      const source = isStdin ? bufferSource(await readStdin(), name, warn) : fileSource(path, name, warn);
      const reader = await pickReader(source, ext, options.inputFormat ?? 'auto');
      yield { kind: 'file', file: name };
      const ctx = {
        source,
        file: name,
        ext,
        options,
        problem: (line: number | null, message: string, level: 'error' | 'warning' = 'error') =>
          limiter.add({ file: name, line, message, level }),
      };
      for await (const ticket of reader.read(ctx)) {
        capMessages(ticket, (line, message) => limiter.add({ file: name, line, message, level: 'warning' }));
        yield* drain();
        yield { kind: 'ticket', ticket };
      }
    } catch (err) {
      if (err instanceof TicketlintError) problems.push({ file: err.file ?? name, line: err.line, message: err.message, level: 'error' });
      else if (isFsError(err)) problems.push({ file: name, line: null, message: fsMessage(err), level: 'error' });
      else throw err;
    }
    limiter.flush();
    yield* drain();
  }
  yield* drain();
}

function isFsError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((err as NodeJS.ErrnoException).code!);
}

function fsMessage(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    default: return `cannot read (${err.code})`;
  }
}
