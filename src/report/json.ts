import type { Formatter } from './formatter.js';
import { jsonSafe } from './sanitize.js';

/** The JSON contract of shared/spec/interface.md: tool, findings, summary, nothing else. */
export const jsonFormatter: Formatter = {
  name: 'json',
  format: (result, ctx) =>
    JSON.stringify(jsonSafe({ tool: { name: 'ticketlint', version: ctx.version }, findings: result.findings, summary: result.summary }), null, 2) + '\n',
};
