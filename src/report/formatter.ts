import type { CategoryInfo, Rule } from '../check/rule-types.js';
import type { Finding, LintResult } from '../types.js';

export interface FormatContext {
  color: boolean;
  version: string;
  cwd: string;
  /** The rules that ran, with configured severities (SARIF's rule table, titles in HTML); optional for API callers. */
  rules?: readonly Rule[];
  /** Category titles and lessons, for reports that group by category. */
  categories?: readonly CategoryInfo[];
}

/** An output format. `stream` formats write each finding as it is found. */
export interface Formatter {
  readonly name: string;
  format(result: LintResult, ctx: FormatContext): string;
  /** For streaming formats: the text for one finding (one line). */
  streamFinding?(finding: Finding, ctx: FormatContext): string;
}
