import type { Finding } from '../types.js';
import type { Formatter } from './formatter.js';
import { csvCell } from './sanitize.js';

/** The columns, in order; what a QA lead filters and pivots on in a spreadsheet. */
export const CSV_COLUMNS = [
  'file', 'line', 'column', 'ticketId', 'messageId', 'author', 'lang', 'severity', 'category', 'ruleId', 'message', 'excerpt', 'suggestion',
] as const satisfies ReadonlyArray<keyof Finding>;

/**
 * One row per finding, RFC 4180 (CRLF rows, quoted cells), with a UTF-8 byte-order mark: without
 * it Excel reads the file as the local ANSI code page and turns "é" or "ệ" into mojibake. Cells
 * that look like formulas are defused in csvCell.
 */
export const csvFormatter: Formatter = {
  name: 'csv',
  format(result) {
    const rows = [CSV_COLUMNS.join(',')];
    for (const f of result.findings) rows.push(CSV_COLUMNS.map((c) => csvCell(f[c])).join(','));
    return '\uFEFF' + rows.map((r) => r + '\r\n').join('');
  },
};
