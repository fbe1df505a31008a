import type { Formatter } from './formatter.js';
import { jsonSafe } from './sanitize.js';

/** One finding object per line, written as found (streaming). */
export const jsonlFormatter: Formatter = {
  name: 'jsonl',
  format: (result) => result.findings.map((f) => JSON.stringify(jsonSafe(f)) + '\n').join(''),
  streamFinding: (f) => JSON.stringify(jsonSafe(f)) + '\n',
};
