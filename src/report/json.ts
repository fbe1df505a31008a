import type { Formatter } from './formatter.js';
import { jsonText } from './sanitize.js';

/** The JSON contract of shared/spec/interface.md: tool, findings, summary, nothing else. */
export const jsonFormatter: Formatter = {
  name: 'json',
  format: (result, ctx) =>
    jsonText({ tool: { name: 'ticketlint', version: ctx.version }, findings: result.findings, summary: result.summary }, 2) + '\n',
};
