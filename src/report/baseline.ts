/**
 * Baselines (ESLint's bulk suppressions, for prose): record the findings a team already knows
 * about, so CI fails only on new ones while the old entries of a canned-response library are
 * cleaned up over time.
 *
 * Identity must survive edits around a finding: a response added above an old one shifts every
 * line below it. So a finding is known by a fingerprint of what it is (rule, the matched text
 * with case and spacing folded, the ticket/message id when the source has a stable one), never
 * by its line. The file stores, per file and per rule, a count and each fingerprint's count:
 * the same phrase twice in one message is two findings and needs two entries.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { TicketlintError } from '../errors.js';
import type { Finding } from '../types.js';

export const BASELINE_VERSION = 1;
/** Where `--update-baseline` writes when no `--baseline <file>` is given. */
export const DEFAULT_BASELINE_FILE = 'ticketlint-baseline.json';

export interface BaselineRuleEntry {
  /** How many findings of this rule in this file are known. */
  count: number;
  /** Fingerprint → how many findings share it. */
  fingerprints: Record<string, number>;
}

export interface BaselineFile {
  version: number;
  /** Path (relative to the baseline file's folder, `/`-separated) → rule id → entry. */
  files: Record<string, Record<string, BaselineRuleEntry>>;
}

/** Ids a reader derives from the line (`line-12`) would change when lines shift: not identity. */
const POSITIONAL_ID = /^line-\d+$/;

function normaliseExcerpt(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/**
 * A finding's identity that does not depend on where it sits: rule, folded excerpt, and the
 * message id (or, without one, the ticket id) when it is stable. Also SARIF's partialFingerprints.
 */
export function findingFingerprint(f: Finding): string {
  const id = f.messageId && !POSITIONAL_ID.test(f.messageId) ? `m:${f.messageId}` : f.ticketId ? `t:${f.ticketId}` : '';
  return createHash('sha256').update(`${f.ruleId}\u0000${normaliseExcerpt(f.excerpt)}\u0000${id}`).digest('hex').slice(0, 20);
}

/** The key a finding's file has in a baseline stored at `baselinePath`. */
function fileKey(file: string, baselinePath: string, cwd: string): string {
  const abs = resolve(cwd, file);
  const rel = relative(dirname(resolve(cwd, baselinePath)), abs);
  // Relative, `..` included, so the baseline works in any checkout; absolute only across drives.
  const key = rel && !isAbsolute(rel) ? rel : abs;
  return key.split(sep).join('/');
}

function sortedObject<T>(entries: Array<[string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = v;
  return out;
}

/** The baseline that knows exactly these findings. Keys are sorted so the file diffs well in git. */
export function createBaseline(findings: readonly Finding[], baselinePath: string, cwd = process.cwd()): BaselineFile {
  const files = new Map<string, Map<string, Map<string, number>>>();
  for (const f of findings) {
    const key = fileKey(f.file, baselinePath, cwd);
    const rules = files.get(key) ?? files.set(key, new Map()).get(key)!;
    const prints = rules.get(f.ruleId) ?? rules.set(f.ruleId, new Map()).get(f.ruleId)!;
    const fp = findingFingerprint(f);
    prints.set(fp, (prints.get(fp) ?? 0) + 1);
  }
  return {
    version: BASELINE_VERSION,
    files: sortedObject(
      [...files].map(([file, rules]) => [
        file,
        sortedObject(
          [...rules].map(([rule, prints]) => [
            rule,
            { count: [...prints.values()].reduce((a, b) => a + b, 0), fingerprints: sortedObject([...prints]) },
          ]),
        ),
      ]),
    ),
  };
}

export function serializeBaseline(baseline: BaselineFile): string {
  return JSON.stringify(baseline, null, 2) + '\n';
}

/**
 * The line of a JSON syntax error. V8 gives a position for some errors only ("Unexpected token"
 * has none); JSON is YAML 1.2, so the YAML parser, which reports positions, locates the rest.
 */
function errorLine(text: string, message: string): number | null {
  const at = /position (\d+)/.exec(message);
  if (at) {
    let line = 1;
    for (let i = 0; i < Number(at[1]) && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    return line;
  }
  const lines = new LineCounter();
  const error = parseDocument(text, { lineCounter: lines }).errors[0];
  return error ? lines.linePos(error.pos[0]).line : null;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a baseline's text; every defect is a TicketlintError naming the file (and line for bad JSON). */
export function parseBaseline(text: string, file: string): BaselineFile {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const message = (err as Error).message.split('\n')[0]!;
    throw new TicketlintError(`invalid baseline JSON: ${message}`, { file, line: errorLine(text, message) });
  }
  const bad = (what: string): never => {
    throw new TicketlintError(`not a ticketlint baseline: ${what} (regenerate it with --update-baseline)`, { file });
  };
  if (!isPlainObject(data)) return bad('expected a JSON object');
  if (data.version !== BASELINE_VERSION) bad(`unsupported version ${JSON.stringify(data.version)} (expected ${BASELINE_VERSION})`);
  if (!isPlainObject(data.files)) bad('"files" must be an object');
  const files = Object.create(null) as BaselineFile['files'];
  for (const [path, rules] of Object.entries(data.files as Record<string, unknown>)) {
    if (!isPlainObject(rules)) bad(`files["${path}"] must be an object of rule ids`);
    const out = Object.create(null) as Record<string, BaselineRuleEntry>;
    for (const [rule, entry] of Object.entries(rules as Record<string, unknown>)) {
      const where = `files["${path}"]["${rule}"]`;
      if (!isPlainObject(entry) || !isCount(entry.count)) return bad(`${where}.count must be a whole number`);
      const prints = entry.fingerprints ?? {};
      if (!isPlainObject(prints) || !Object.values(prints).every(isCount)) return bad(`${where}.fingerprints must map fingerprints to counts`);
      out[rule] = { count: entry.count, fingerprints: Object.assign(Object.create(null) as Record<string, number>, prints as Record<string, number>) };
    }
    files[path] = out;
  }
  return { version: BASELINE_VERSION, files };
}

/** Reads `--baseline <file>`; a missing file is a run error (exit 2), not an empty baseline. */
export async function loadBaseline(path: string, shownAs = path): Promise<BaselineFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'baseline file not found (create it with --update-baseline)' : `cannot read baseline file (${code ?? 'error'})`;
    throw new TicketlintError(why, { file: shownAs });
  }
  return parseBaseline(text, shownAs);
}

/**
 * Matches findings against a baseline, count-aware: each baseline entry suppresses as many
 * findings as it counts, no more, so a second copy of a known problem still fails the run.
 * Works one finding at a time, so streaming output can be filtered as findings arrive.
 */
export class BaselineMatcher {
  /** file → rule → remaining fingerprint counts, plus counts not tied to a fingerprint. */
  private readonly remaining = new Map<string, Map<string, { prints: Map<string, number>; loose: number }>>();
  private suppressedCount = 0;

  constructor(baseline: BaselineFile, private readonly baselinePath: string, private readonly cwd = process.cwd()) {
    for (const [file, rules] of Object.entries(baseline.files)) {
      const byRule = new Map<string, { prints: Map<string, number>; loose: number }>();
      for (const [rule, entry] of Object.entries(rules)) {
        const prints = new Map(Object.entries(entry.fingerprints).filter(([, n]) => n > 0));
        const printed = [...prints.values()].reduce((a, b) => a + b, 0);
        // A count above its fingerprints (a hand-edited or count-only entry) suppresses any
        // finding of the rule in the file, the way ESLint's suppressions count.
        byRule.set(rule, { prints, loose: Math.max(0, entry.count - printed) });
      }
      this.remaining.set(file, byRule);
    }
  }

  /** True when the baseline knows this finding (and uses up one of its entries). */
  suppresses(f: Finding): boolean {
    const entry = this.remaining.get(fileKey(f.file, this.baselinePath, this.cwd))?.get(f.ruleId);
    if (!entry) return false;
    const fp = findingFingerprint(f);
    const left = entry.prints.get(fp) ?? 0;
    if (left > 0) {
      entry.prints.set(fp, left - 1);
    } else if (entry.loose > 0) {
      entry.loose--;
    } else return false;
    this.suppressedCount++;
    return true;
  }

  get suppressed(): number {
    return this.suppressedCount;
  }

  /** Baseline entries no finding used: problems that were fixed (prune them with --update-baseline). */
  get unused(): number {
    let n = 0;
    for (const rules of this.remaining.values()) {
      for (const entry of rules.values()) {
        n += entry.loose;
        for (const left of entry.prints.values()) n += left;
      }
    }
    return n;
  }
}
