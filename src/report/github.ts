import type { Severity } from '../types.js';
import type { Formatter } from './formatter.js';
import { githubCommandData, githubCommandProperty } from './sanitize.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };
/** Annotations show one line in the diff view; a whole message body there helps nobody. */
const MAX_EXCERPT = 200;

/**
 * GitHub Actions workflow commands: each finding becomes an annotation on its line in the pull
 * request. Ticket text goes through GitHub's own escaping, so a line break in a reply cannot end
 * the command and forge another (`::add-mask::`, `::stop-commands::`).
 */
export const githubFormatter: Formatter = {
  name: 'github',
  format(result) {
    return result.findings
      .map((f) => {
        const props = [
          `file=${githubCommandProperty(f.file)}`,
          `line=${f.line}`,
          `col=${f.column}`,
          `endLine=${f.endLine}`,
          `endColumn=${f.endColumn}`,
          `title=${githubCommandProperty(f.ruleId)}`,
        ].join(',');
        const chars = Array.from(f.excerpt); // by code point: a cut never splits a surrogate pair
        const excerpt = chars.length > MAX_EXCERPT ? `${chars.slice(0, MAX_EXCERPT - 1).join('')}…` : f.excerpt;
        const where = f.ticketId ? ` [ticket ${f.ticketId}${f.messageId ? `, message ${f.messageId}` : ''}]` : '';
        return `::${COMMAND[f.severity]} ${props}::${githubCommandData(`${f.message} — "${excerpt}"${where}`)}\n`;
      })
      .join('');
  },
};
