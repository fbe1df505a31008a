import type { LintResult } from '../types.js';
import type { FormatContext, Formatter } from './formatter.js';
import { csvFormatter } from './csv.js';
import { githubFormatter } from './github.js';
import { htmlFormatter } from './html.js';
import { jsonFormatter } from './json.js';
import { jsonlFormatter } from './jsonl.js';
import { junitFormatter } from './junit.js';
import { sarifFormatter } from './sarif.js';
import { stylishFormatter } from './stylish.js';

export type { FormatContext, Formatter } from './formatter.js';

/** Every output format, by the name --format takes. */
export const FORMATTERS = new Map<string, Formatter>([
  [stylishFormatter.name, stylishFormatter],
  [jsonFormatter.name, jsonFormatter],
  [jsonlFormatter.name, jsonlFormatter],
  [sarifFormatter.name, sarifFormatter],
  [junitFormatter.name, junitFormatter],
  [githubFormatter.name, githubFormatter],
  [csvFormatter.name, csvFormatter],
  [htmlFormatter.name, htmlFormatter],
]);

export function registerFormatter(formatter: Formatter): void {
  FORMATTERS.set(formatter.name, formatter);
}

export function formatResult(name: string, result: LintResult, ctx: FormatContext): string {
  const formatter = FORMATTERS.get(name);
  if (!formatter) throw new Error(`unknown format ${name}`);
  return formatter.format(result, ctx);
}
