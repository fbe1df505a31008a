/** Shared by the tests/format-*.test.ts files: findings with hostile text, and a way to run the real CLI. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FormatContext } from '../src/report/index.js';
import type { Finding, LintResult, Severity } from '../src/types.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = fileURLToPath(new URL('../bin/ticketlint.js', import.meta.url));
export const FIXTURE = 'fixtures/generic/tickets.csv';

export const CTX: FormatContext = { color: false, version: '9.9.9', cwd: '/repo' };

/** Text an agent's reply (or a hostile export) can carry: ANSI, controls, markup, formulas, bidi. */
export const HOSTILE = {
  ansi: '\u001b[31mred\u001b[0m \u001b]8;;http://evil\u0007link\u001b]8;;\u0007',
  control: 'bell\u0007 nul\u0000 vt\u000b end',
  script: '</script><script>alert(1)</script><img src=x onerror=alert(2)>',
  formula: '=HYPERLINK("http://evil.example","click")',
  newline: 'line one\r\nline two\n::add-mask::secret',
  percent: '100% sure, 50%0A off: now',
  bidi: 'abc\u202edcba',
  loneSurrogate: 'broken \ud800 text',
};

export function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'policy-shield/refusal-citing-policy',
    category: 'policy-shield',
    severity: 'error',
    file: 'exports/tickets.csv',
    line: 12,
    column: 31,
    endLine: 12,
    endColumn: 50,
    ticketId: 'T-1001',
    messageId: 'T-1001-3',
    author: 'ana',
    lang: 'en',
    excerpt: "it's company policy",
    message: 'Refusing with "policy" as the reason instead of saying what you can do',
    lesson: 'Policy named as the reason for a no ends the conversation.',
    source: '002_3bbc60520f708dd8.txt#1-policy-above-customer-needs',
    suggestion: 'Say what you can do, then why the limit exists.',
    ...over,
  };
}

export function resultOf(findings: Finding[], extra: Partial<LintResult> = {}): LintResult {
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  return {
    findings,
    summary: { files: new Set(findings.map((f) => f.file)).size, tickets: 3, messages: 9, findings: findings.length, errors: count('error'), warnings: count('warning') },
    problems: [],
    ...extra,
  };
}

/**
 * Per-test time limit for tests that spawn the CLI: each run loads every rule pack, and on a
 * busy machine (CI, or many workers) a few runs can take longer than the default. A guard, not
 * a timing assertion.
 */
export const CLI_TIMEOUT = 180_000;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`npx tsc -p .` first); cwd defaults to the project root. */
export function cli(args: string[], cwd = ROOT, input?: string): CliRun {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, ...(input !== undefined ? { input } : {}) });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (_, ref: string) =>
    ref.startsWith('#x') ? String.fromCodePoint(parseInt(ref.slice(2), 16)) : ref.startsWith('#') ? String.fromCodePoint(Number(ref.slice(1))) : XML_ENTITIES[ref]!,
  );
}

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A strict XML 1.0 well-formedness check (no DTDs): legal characters only, balanced tags, one
 * root, quoted attributes without `<`, only the five predefined or numeric character references.
 * Throws on the first defect; returns the element tree with decoded text and attributes.
 */
export function parseXml(xml: string): XmlElement {
  const illegal = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.exec(xml);
  if (illegal) throw new Error(`illegal XML character U+${illegal[0].codePointAt(0)!.toString(16)} at ${illegal.index}`);
  const badRef = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/.exec(xml);
  if (badRef) throw new Error(`bare & at ${badRef.index}`);
  let i = 0;
  const declaration = /^<\?xml[^?]*\?>\s*/.exec(xml);
  if (declaration) i = declaration[0].length;
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const TAG = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (text.includes(']]>')) throw new Error(']]> in text');
    if (text.trim() !== '' && stack.length === 1) throw new Error(`text outside the root element at ${i}`);
    stack[stack.length - 1]!.text += decodeXml(text);
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt);
      if (end < 0) throw new Error('unclosed comment');
      i = end + 3;
      continue;
    }
    TAG.lastIndex = lt;
    const m = TAG.exec(xml);
    if (!m) throw new Error(`malformed tag at ${lt}: ${xml.slice(lt, lt + 40)}`);
    const [, closing, name, attrs, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name || stack.length === 0) throw new Error(`unbalanced </${name}> at ${lt}`);
    } else {
      const attributes: Record<string, string> = {};
      for (const a of attrs!.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        if (a[1]! in attributes) throw new Error(`duplicate attribute ${a[1]}`);
        attributes[a[1]!] = decodeXml(a[2] ?? a[3]!);
      }
      const element: XmlElement = { name: name!, attributes, children: [], text: '' };
      if (stack.length === 1 && root.children.length > 0) throw new Error('more than one root element');
      stack[stack.length - 1]!.children.push(element);
      if (!selfClosing) stack.push(element);
    }
    i = TAG.lastIndex;
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (root.children.length !== 1) throw new Error('no root element');
  return root.children[0]!;
}

export function descendants(el: XmlElement, name: string): XmlElement[] {
  return el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...descendants(c, name)]);
}
