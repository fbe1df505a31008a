import type { Finding, LintResult } from '../types.js';

export interface FormatContext {
  color: boolean;
  version: string;
  cwd: string;
}

/** An output format. `stream` formats write each finding as it is found. */
export interface Formatter {
  readonly name: string;
  format(result: LintResult, ctx: FormatContext): string;
  /** For streaming formats: the text for one finding (one line). */
  streamFinding?(finding: Finding, ctx: FormatContext): string;
}
