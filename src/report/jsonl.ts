import type { Formatter } from './formatter.js';
import { jsonText } from './sanitize.js';

/** One finding object per line, written as found (streaming). */
export const jsonlFormatter: Formatter = {
  name: 'jsonl',
  format: (result) => result.findings.map((f) => jsonText(f) + '\n').join(''),
  streamFinding: (f) => jsonText(f) + '\n',
};
