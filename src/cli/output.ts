import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { TicketlintError } from '../errors.js';

/**
 * Writes a report atomically: the text goes to a temp file in the same folder, then one rename
 * replaces the target, so a reader (a CI step, a dashboard) never sees half a report and a run
 * that fails leaves the previous report whole. A target that is not a regular file (/dev/stdout,
 * a named pipe) cannot be renamed over and is written directly.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const target = resolve(path);
  const fail = (err: unknown): never => {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' ? 'a parent is not a directory' : code === 'ENOSPC' ? 'no space left on the device' : `cannot write (${code ?? (err as Error).message})`;
    throw new TicketlintError(`cannot write the report: ${why}`, { file: path });
  };
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory()) fail(Object.assign(new Error('directory'), { code: 'EISDIR' }));
  if (existing && !existing.isFile()) {
    await writeFile(target, text).catch(fail);
    return;
  }
  await mkdir(dirname(target), { recursive: true }).catch(fail);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { mode: existing ? existing.mode & 0o777 : 0o666 });
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    fail(err);
  }
}

/**
 * `ticketlint ... | head` closes the pipe early: that is the reader's choice, not an error, so the
 * run ends at once and quietly (no EPIPE stack trace), with the exit code decided so far (0 if
 * none). Any other failure to write output ends the run with one line and exit code 2.
 */
export function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') process.exit(process.exitCode ?? 0);
      if (stream === process.stdout) process.stderr.write(`ticketlint: cannot write the output: ${err.code ?? err.message}\n`);
      process.exit(2);
    });
  }
}

let drained: Promise<void> | null = null;

/**
 * Writes to stdout and resolves when the text has been taken (at once, or at the next 'drain'
 * when the reader is slower than we are). All writes waiting for the same drain share one
 * listener: one per finding overflowed the listener limit and warned on stderr.
 */
export function write(text: string): Promise<void> {
  if (process.stdout.write(text) && !drained) return Promise.resolve();
  drained ??= new Promise((done) =>
    process.stdout.once('drain', () => {
      drained = null;
      done();
    }),
  );
  return drained;
}
