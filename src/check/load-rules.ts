import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { TicketlintError } from '../errors.js';
import { LANGUAGES, SEVERITIES, type Role, type Severity } from '../types.js';
import { parseTimestamp } from '../read/fields.js';
import { formatDuration } from './conversation/shared.js';
import { checkTerm } from './terms.js';
import {
  VALIDATORS,
  type CategoryInfo,
  type ChannelCondition,
  type Example,
  type ExampleMessage,
  type MatcherSpec,
  type Rule,
  type RuleExamples,
  type RuleSet,
  type ValidatorName,
} from './rule-types.js';

/** The rule packs that ship with ticketlint. */
export const BUILTIN_RULES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../rules');

const FILE_KEYS = ['category', 'title', 'severity', 'lesson', 'source', 'suggestion', 'roles', 'internalNotes', 'channel', 'rules'];
const RULE_KEYS = ['id', 'title', 'message', 'severity', 'lesson', 'source', 'suggestion', 'roles', 'internalNotes', 'channel', 'match', 'check', 'options', 'examples'];
const MATCHER_KEYS = ['any', 'with', 'unless', 'unlessMessage', 'scope', 'raw', 'validate'];
const EXAMPLE_KEYS = ['text', 'role', 'channel', 'public', 'ticket'];
const TICKET_EXAMPLE_KEYS = ['ticket', 'channel'];
const EXAMPLE_MESSAGE_KEYS = ['role', 'at', 'text', 'channel', 'public'];
const ROLES: Role[] = ['customer', 'agent', 'bot', 'system'];
const MATCH_LANGS = new Set<string>([...LANGUAGES, '*']);
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Reads one YAML rule file, keeping every node's line for error messages. */
class RuleFileReader {
  private readonly lines = new LineCounter();
  /** A pack shipped with ticketlint: its regexes are checked for catastrophic backtracking by tests, not on every load. */
  private readonly builtin: boolean;
  constructor(readonly file: string) {
    this.builtin = dirname(resolve(file)) === BUILTIN_RULES_DIR;
  }

  fail(node: Node | Pair | null | undefined, message: string): never {
    const range = node && 'range' in node ? node.range : node && 'key' in node ? (node.key as Node | null)?.range : undefined;
    const pos = range ? this.lines.linePos(range[0]) : undefined;
    throw new TicketlintError(message, { file: this.file, line: pos?.line ?? null, column: pos?.col ?? null });
  }

  lineOf(node: Node | null | undefined): number {
    return node?.range ? this.lines.linePos(node.range[0]).line : 0;
  }

  at(node: Node | null | undefined): string {
    return `${this.file}:${this.lineOf(node)}`;
  }

  parse(text: string): YAMLMap {
    const doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false });
    // Warnings are unknown tags (`!!js/function`) and the like: never executed, but refused so nobody thinks they are.
    const err = doc.errors[0] ?? doc.warnings[0];
    if (err) {
      const pos = this.lines.linePos(err.pos[0]);
      throw new TicketlintError(`invalid YAML: ${err.message.split('\n')[0]}`, { file: this.file, line: pos.line, column: pos.col });
    }
    if (!isMap(doc.contents)) this.fail(doc.contents, 'a rule file must be a mapping with `category` and `rules`');
    return doc.contents as YAMLMap;
  }

  keys(map: YAMLMap, allowed: string[], what: string): Map<string, Node | null> {
    const out = new Map<string, Node | null>();
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : null;
      if (key === null || !allowed.includes(key)) {
        this.fail(pair.key as Node, `unknown key "${key}" in ${what} (expected one of: ${allowed.join(', ')})`);
      }
      out.set(key, (pair.value as Node | null) ?? null);
    }
    return out;
  }

  str(node: Node | null | undefined, what: string): string {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') this.fail(node, `${what} must be a non-empty string`);
    return (node.value as string).trim();
  }

  optStr(node: Node | null | undefined, what: string): string | undefined {
    return node == null ? undefined : this.str(node, what);
  }

  bool(node: Node | null | undefined, what: string): boolean | undefined {
    if (node == null) return undefined;
    if (!isScalar(node) || typeof node.value !== 'boolean') this.fail(node, `${what} must be true or false`);
    return node.value as boolean;
  }

  severity(node: Node | null | undefined): Severity | undefined {
    if (node == null) return undefined;
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value !== 'string' || !(SEVERITIES as readonly string[]).includes(value)) {
      this.fail(node, `bad severity "${String(value)}" (expected error, warning or info)`);
    }
    return value as Severity;
  }

  roles(node: Node | null | undefined): Role[] | undefined {
    if (node == null) return undefined;
    if (!isSeq(node) || node.items.length === 0) this.fail(node, 'roles must be a non-empty list');
    return node.items.map((item) => this.role(item as Node));
  }

  role(node: Node): Role {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'string' || !ROLES.includes(v as Role)) this.fail(node, `bad role "${String(v)}" (expected ${ROLES.join(', ')})`);
    return v as Role;
  }

  channel(node: Node | null | undefined): ChannelCondition | undefined {
    if (node == null) return undefined;
    const v = isScalar(node) ? node.value : undefined;
    if (v !== 'any' && v !== 'public' && v !== 'private') this.fail(node, `bad channel "${String(v)}" (expected any, public or private)`);
    return v;
  }

  terms(node: Node | null | undefined, what: string, raw = false): string[] {
    if (node == null) return [];
    const items = isSeq(node) ? node.items : [node];
    if (items.length === 0) this.fail(node, `${what} must not be empty`);
    return items.map((item) => {
      const term = this.str(item as Node, `each term of ${what}`);
      const problem = checkTerm(term, { raw, trusted: this.builtin });
      if (problem) this.fail(item as Node, `${what}: ${problem}`);
      return term;
    });
  }

  matcher(node: Node): MatcherSpec {
    // Shorthand: a bare term or a list of terms is `{any: [...]}`.
    if (isScalar(node)) return this.emptyMatcher(this.terms(node, 'match'), node);
    if (!isMap(node)) this.fail(node, 'a matcher must be a term or a mapping with `any`');
    const k = this.keys(node, MATCHER_KEYS, 'a matcher');
    if (!k.has('any')) this.fail(node, 'a matcher needs `any`: the terms that trigger it');
    const withNode = k.get('with');
    let withGroups: string[][] = [];
    if (withNode != null) {
      if (isSeq(withNode) && withNode.items.length > 0 && withNode.items.every((i) => isSeq(i))) {
        withGroups = withNode.items.map((g) => this.terms(g as Node, '`with` group'));
      } else withGroups = [this.terms(withNode, '`with`')];
    }
    const scope = k.get('scope');
    const scopeValue = scope == null ? 'sentence' : isScalar(scope) ? scope.value : undefined;
    if (scopeValue !== 'sentence' && scopeValue !== 'message') this.fail(scope, 'scope must be sentence or message');
    const validate = k.get('validate');
    const validateValue = validate == null ? null : isScalar(validate) ? validate.value : undefined;
    if (validateValue !== null && !(VALIDATORS as readonly unknown[]).includes(validateValue)) {
      this.fail(validate, `unknown validate "${String(validateValue)}" (expected ${VALIDATORS.join(', ')})`);
    }
    const raw = this.bool(k.get('raw'), 'raw') ?? false;
    return {
      any: this.terms(k.get('any'), '`any`', raw),
      with: withGroups,
      unless: this.terms(k.get('unless'), '`unless`'),
      unlessMessage: this.terms(k.get('unlessMessage'), '`unlessMessage`'),
      scope: scopeValue,
      raw,
      validate: validateValue as ValidatorName | null,
      at: this.at(node),
    };
  }

  private emptyMatcher(any: string[], node: Node): MatcherSpec {
    return { any, with: [], unless: [], unlessMessage: [], scope: 'sentence', raw: false, validate: null, at: this.at(node) };
  }

  match(node: Node | null | undefined): Record<string, MatcherSpec[]> {
    if (node == null) return {};
    if (!isMap(node)) this.fail(node, 'match must map languages (en, vi, ar, zh, pl, es, de, fr or *) to matchers');
    const out: Record<string, MatcherSpec[]> = {};
    for (const pair of node.items) {
      const lang = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!MATCH_LANGS.has(lang)) this.fail(pair.key as Node, `unknown language "${lang}" (expected ${[...MATCH_LANGS].join(', ')})`);
      const value = pair.value as Node | null;
      if (!isSeq(value) || value.items.length === 0) this.fail(value ?? (pair.key as Node), `match.${lang} must be a non-empty list of matchers`);
      out[lang] = value.items.map((item) => this.matcher(item as Node));
    }
    return out;
  }

  example(node: Node): Example {
    if (isScalar(node)) return { text: this.str(node, 'an example'), at: this.at(node) };
    if (!isMap(node)) this.fail(node, 'an example must be a string or a mapping with `text` (or `ticket`)');
    if (node.items.some((p) => isScalar(p.key) && p.key.value === 'ticket')) return this.ticketExample(node);
    const k = this.keys(node, EXAMPLE_KEYS, 'an example');
    const role = k.get('role');
    const roleValue = role == null ? undefined : this.role(role);
    const ex: Example = { text: this.str(k.get('text'), 'example text'), at: this.at(node) };
    if (roleValue) ex.role = roleValue;
    const channel = this.optStr(k.get('channel'), 'example channel');
    if (channel) ex.channel = channel.toLowerCase();
    const pub = this.bool(k.get('public'), 'example public');
    if (pub !== undefined) ex.public = pub;
    return ex;
  }

  /**
   * A conversation example: `{ ticket: [{role, at?, text, channel?, public?}, ...], channel? }`.
   * Its `text` is a one-line rendering ("customer: … | agent +8h 12m: …") for explain and failures.
   */
  ticketExample(node: YAMLMap): Example {
    const k = this.keys(node, TICKET_EXAMPLE_KEYS, 'a ticket example');
    const list = k.get('ticket');
    if (!isSeq(list) || list.items.length === 0) this.fail(list ?? node, '`ticket` must be a non-empty list of messages ({role, at, text})');
    const channel = this.optStr(k.get('channel'), 'example channel')?.toLowerCase();
    const messages: ExampleMessage[] = list.items.map((item) => {
      const m = item as Node;
      if (!isMap(m)) this.fail(m, 'each message of a ticket example must be a mapping with `role` and `text`');
      const mk = this.keys(m, EXAMPLE_MESSAGE_KEYS, 'a ticket example message');
      const role = mk.get('role');
      if (role == null) this.fail(m, 'a ticket example message needs `role` (customer, agent, bot or system)');
      const msg: ExampleMessage = { role: this.role(role), text: this.str(mk.get('text'), 'message text'), line: this.lineOf(m) };
      const atNode = mk.get('at');
      if (atNode != null) {
        const value = isScalar(atNode) ? atNode.value : undefined;
        const date = typeof value === 'string' ? parseTimestamp(value) : value instanceof Date ? value : null;
        if (!date) this.fail(atNode, `bad time "${String(value)}" (expected ISO-8601, e.g. "2024-05-01T10:00:00Z")`);
        msg.at = date;
      }
      const ch = this.optStr(mk.get('channel'), 'message channel');
      if (ch) msg.channel = ch.toLowerCase();
      const pub = this.bool(mk.get('public'), 'message public');
      if (pub !== undefined) msg.public = pub;
      return msg;
    });
    const start = messages.find((m) => m.at)?.at?.getTime();
    const render = (m: ExampleMessage): string => {
      const after = m.at && start !== undefined ? m.at.getTime() - start : 0;
      const when = after > 0 ? ` +${formatDuration(after)}` : '';
      return `${m.role}${m.public === false ? ' (note)' : ''}${when}: ${m.text.replace(/\s+/g, ' ')}`;
    };
    const ex: Example = { text: messages.map(render).join(' | '), ticket: messages, at: this.at(node) };
    if (channel) ex.channel = channel;
    return ex;
  }

  examples(node: Node | null | undefined): Record<string, RuleExamples> {
    if (node == null) return {};
    if (!isMap(node)) this.fail(node, 'examples must map languages to {bad, good}');
    const out: Record<string, RuleExamples> = {};
    for (const pair of node.items) {
      const lang = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!MATCH_LANGS.has(lang)) this.fail(pair.key as Node, `unknown language "${lang}" in examples`);
      const value = pair.value as Node | null;
      if (!isMap(value)) this.fail(value ?? (pair.key as Node), `examples.${lang} must have bad and/or good lists`);
      const k = this.keys(value, ['bad', 'good'], `examples.${lang}`);
      const list = (n: Node | null | undefined): Example[] => {
        if (n == null) return [];
        if (!isSeq(n)) this.fail(n, 'examples must be lists');
        return n.items.map((i) => this.example(i as Node));
      };
      out[lang] = { bad: list(k.get('bad')), good: list(k.get('good')) };
    }
    return out;
  }
}

/** Parses and validates one rule file's text. Throws TicketlintError with file:line on the first defect. */
export function parseRuleFile(text: string, file: string): RuleSet {
  const r: RuleFileReader = new RuleFileReader(file);
  const root = r.parse(text);
  const top = r.keys(root, FILE_KEYS, 'a rule file');
  const category = r.str(top.get('category'), 'category');
  if (!ID.test(category)) r.fail(top.get('category'), `category "${category}" must be kebab-case (e.g. policy-shield)`);
  const defaults = {
    title: r.optStr(top.get('title'), 'title'),
    severity: r.severity(top.get('severity')),
    lesson: r.optStr(top.get('lesson'), 'lesson'),
    source: r.optStr(top.get('source'), 'source'),
    suggestion: r.optStr(top.get('suggestion'), 'suggestion'),
    roles: r.roles(top.get('roles')),
    internalNotes: r.bool(top.get('internalNotes'), 'internalNotes'),
    channel: r.channel(top.get('channel')),
  };
  const rulesNode = top.get('rules');
  if (!isSeq(rulesNode) || rulesNode.items.length === 0) r.fail(rulesNode ?? root, '`rules` must be a non-empty list');
  const rules: Rule[] = [];
  const seen = new Set<string>();
  for (const item of rulesNode.items) {
    if (!isMap(item)) r.fail(item as Node, 'each rule must be a mapping');
    const k = r.keys(item, RULE_KEYS, 'a rule');
    const name = r.str(k.get('id'), 'rule id');
    const id = name.includes('/') ? name : `${category}/${name}`;
    if (!id.startsWith(`${category}/`) || !ID.test(id.slice(category.length + 1))) {
      r.fail(k.get('id'), `rule id "${name}" must be kebab-case, optionally prefixed with "${category}/"`);
    }
    if (seen.has(id)) r.fail(k.get('id'), `duplicate rule id "${id}"`);
    seen.add(id);
    const need = (key: 'title' | 'lesson' | 'source' | 'suggestion'): string => {
      const own = r.optStr(k.get(key), key);
      const value = own ?? defaults[key];
      if (!value) r.fail(item, `rule "${id}" has no ${key} (give it on the rule or at the top of the file)`);
      return value;
    };
    const match = r.match(k.get('match'));
    const checkNode = k.get('check');
    const check = checkNode == null ? null : r.str(checkNode, 'check');
    if (!check && Object.keys(match).length === 0) r.fail(item, `rule "${id}" needs \`match\` (or \`check\` for a conversation rule)`);
    if (check && Object.keys(match).length > 0) r.fail(checkNode, `rule "${id}" has both \`match\` and \`check\`; use one`);
    const optionsNode = k.get('options');
    if (optionsNode != null && !isMap(optionsNode)) r.fail(optionsNode, 'options must be a mapping');
    rules.push({
      id,
      category,
      severity: r.severity(k.get('severity')) ?? defaults.severity ?? 'warning',
      title: need('title'),
      message: r.str(k.get('message'), 'message'),
      lesson: need('lesson'),
      source: need('source'),
      suggestion: need('suggestion'),
      roles: r.roles(k.get('roles')) ?? defaults.roles ?? ['agent', 'bot'],
      internalNotes: r.bool(k.get('internalNotes'), 'internalNotes') ?? defaults.internalNotes ?? false,
      channel: r.channel(k.get('channel')) ?? defaults.channel ?? 'any',
      match,
      check,
      options: optionsNode ? ((optionsNode as YAMLMap).toJSON() as Record<string, unknown>) : {},
      examples: r.examples(k.get('examples')),
      file,
      line: r.lineOf(item),
    });
  }
  const info: CategoryInfo = {
    id: category,
    title: defaults.title ?? rules[0]!.title,
    severity: defaults.severity ?? rules[0]!.severity,
    lesson: defaults.lesson ?? rules[0]!.lesson,
    source: defaults.source ?? rules[0]!.source,
    suggestion: defaults.suggestion ?? rules[0]!.suggestion,
    file,
  };
  return { rules, categories: [info] };
}

const RULE_EXT = new Set(['.yaml', '.yml']);

async function ruleFilesIn(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new TicketlintError('rule file or folder not found', { file: path });
  }
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((n) => RULE_EXT.has(extname(n))).sort();
  return names.map((n) => join(path, n));
}

/** Loads rule packs from files and folders; later packs may add categories or extend existing ones. */
export async function loadRules(paths: string[]): Promise<RuleSet> {
  const set: RuleSet = { rules: [], categories: [] };
  const ids = new Map<string, string>();
  // `test-rules rules/x.yaml` names a built-in file again: the same file loaded twice is one pack, not a clash.
  const loaded = new Set<string>();
  for (const path of paths) {
    for (const file of await ruleFilesIn(path)) {
      if (loaded.has(resolve(file))) continue;
      loaded.add(resolve(file));
      const text = await readFile(file, 'utf8');
      const parsed = parseRuleFile(text, file);
      for (const rule of parsed.rules) {
        const prev = ids.get(rule.id);
        if (prev) throw new TicketlintError(`rule "${rule.id}" is defined twice (also in ${prev})`, { file, line: rule.line });
        ids.set(rule.id, `${file}:${rule.line}`);
        set.rules.push(rule);
      }
      for (const cat of parsed.categories) if (!set.categories.some((c) => c.id === cat.id)) set.categories.push(cat);
    }
  }
  return set;
}

/** The rule file's category should match its name (policy-shield.yaml), so users can find it. */
export function categoryFileName(file: string): string {
  return basename(file, extname(file));
}
