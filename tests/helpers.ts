import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin/ticketlint.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns the real binary (built by `npm test`'s tsc step), as a user or CI would. */
export function runCli(args: string[], options: { input?: string | Buffer; cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A temp folder with the given files, for tests that need files on disk. */
export function tempDir(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ticketlint-test-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** The text at [line:column, endLine:endColumn) of a file's content (1-based, UTF-16 columns). */
export function textAt(content: string, f: { line: number; column: number; endLine: number; endColumn: number }): string {
  const lines = content.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  if (f.line === f.endLine) return lines[f.line - 1]!.slice(f.column - 1, f.endColumn - 1);
  const parts = [lines[f.line - 1]!.slice(f.column - 1)];
  for (let l = f.line + 1; l < f.endLine; l++) parts.push(lines[l - 1]!);
  parts.push(lines[f.endLine - 1]!.slice(0, f.endColumn - 1));
  return parts.join('\n');
}
