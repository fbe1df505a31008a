/** ticketlint's programmatic API: the CLI is a thin layer over these. */
export { createLinter, lintFiles, lintText, type Linter, type LintOptions, type LintTextOptions } from './lint.js';
export { FORMATTERS, formatResult, type Formatter, type FormatContext } from './report/index.js';
export { TicketlintError } from './errors.js';
export type { Finding, LintResult, Message, RunProblem, Severity, Summary, Ticket, Role } from './types.js';
export type { Rule, RuleSet, CategoryInfo } from './check/rule-types.js';
export { loadRules, parseRuleFile, BUILTIN_RULES_DIR } from './check/load-rules.js';
