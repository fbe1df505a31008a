import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Rule } from '../check/rule-types.js';
import type { Finding, Severity } from '../types.js';
import { findingFingerprint } from './baseline.js';
import type { FormatContext, Formatter } from './formatter.js';
import { jsonText } from './sanitize.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** No project homepage exists yet; the package's registry page is where users find it. */
export const INFORMATION_URI = 'https://www.npmjs.com/package/ticketlint';
/** Our key in partialFingerprints: a content hash that survives line shifts (see baseline.ts). */
export const FINGERPRINT_KEY = 'ticketlintFinding/v1';
const SRCROOT = 'SRCROOT';

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/** What the rules table needs; from the loaded rules when the CLI passes them, else from the first finding. */
interface RuleFacts {
  id: string;
  title: string;
  category: string;
  severity: Severity;
  lesson: string;
  suggestion: string;
  source: string;
}

function factsOf(f: Finding, rules: ReadonlyMap<string, Rule>): RuleFacts {
  const rule = rules.get(f.ruleId);
  if (rule) return { id: rule.id, title: rule.title || rule.message, category: rule.category, severity: rule.severity, lesson: rule.lesson, suggestion: rule.suggestion, source: rule.source };
  return { id: f.ruleId, title: f.message, category: f.category, severity: f.severity, lesson: f.lesson, suggestion: f.suggestion, source: f.source };
}

function descriptor(r: RuleFacts): Sarif.ReportingDescriptor {
  return {
    id: r.id,
    name: r.id.slice(r.id.indexOf('/') + 1),
    shortDescription: { text: r.title },
    fullDescription: { text: r.lesson || r.title },
    help: { text: r.suggestion || r.lesson || r.title },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { category: r.category, tags: [r.category], ...(r.source ? { source: r.source } : {}) },
  };
}

/** Relative paths stay relative to %SRCROOT% (code scanning wants repository paths); others become file URIs. */
function artifactLocation(file: string): Sarif.ArtifactLocation {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function result(f: Finding, ruleIndex: number): Sarif.Result {
  const properties: Sarif.PropertyBag = { category: f.category };
  if (f.ticketId !== null) properties.ticketId = f.ticketId;
  if (f.messageId !== null) properties.messageId = f.messageId;
  if (f.author !== null) properties.author = f.author;
  if (f.lang !== null) properties.lang = f.lang;
  const location: Sarif.Location = {
    physicalLocation: {
      artifactLocation: artifactLocation(f.file),
      region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn, snippet: { text: f.excerpt } },
    },
  };
  if (f.messageId !== null || f.ticketId !== null) {
    // The ticket and message are where a support lead looks, more than a line number.
    location.logicalLocations = [
      {
        name: f.messageId ?? f.ticketId!,
        fullyQualifiedName: [f.ticketId, f.messageId].filter((x) => x !== null).join('/'),
        kind: f.messageId !== null ? 'message' : 'ticket',
      },
    ];
  }
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [location],
    partialFingerprints: { [FINGERPRINT_KEY]: findingFingerprint(f) },
    properties,
  };
}

export function toSarif(findings: readonly Finding[], ctx: FormatContext, executionSuccessful = true, notifications: Sarif.Notification[] = []): Sarif.Log {
  const known = new Map((ctx.rules ?? []).map((r) => [r.id, r] as const));
  const ruleIndex = new Map<string, number>();
  const rules: Sarif.ReportingDescriptor[] = [];
  const results: Sarif.Result[] = [];
  for (const f of findings) {
    let index = ruleIndex.get(f.ruleId);
    if (index === undefined) {
      index = rules.push(descriptor(factsOf(f, known))) - 1;
      ruleIndex.set(f.ruleId, index);
    }
    results.push(result(f, index));
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ticketlint', version: ctx.version, semanticVersion: ctx.version, informationUri: INFORMATION_URI, rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(ctx.cwd.endsWith('/') ? ctx.cwd : `${ctx.cwd}/`).href } },
        invocations: [{ executionSuccessful, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. */
export const sarifFormatter: Formatter = {
  name: 'sarif',
  format(res, ctx) {
    // Input defects (exit 2) are part of the run's story: a viewer shows them as tool notifications.
    const notifications: Sarif.Notification[] = res.problems.map((p) => ({
      level: p.level === 'error' ? 'error' : 'warning',
      message: { text: p.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(p.file), ...(p.line !== null ? { region: { startLine: p.line } } : {}) } }],
    }));
    const ok = !res.problems.some((p) => p.level === 'error');
    return jsonText(toSarif(res.findings, ctx, ok, notifications), 2) + '\n';
  },
};
