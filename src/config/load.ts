import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { TicketlintError } from '../errors.js';
import { LANGUAGES, SEVERITIES, type Severity } from '../types.js';

export type RuleSetting = 'off' | Severity | { severity?: Severity | 'off'; options?: Record<string, unknown> };

/** `.ticketlintrc.yaml`, after validation. */
export interface Config {
  /** Per rule id or category: off, a severity, or {severity, options}. A rule id wins over its category. */
  rules: Record<string, RuleSetting>;
  /** Extra rule folders or files, resolved against the config's folder. */
  rulePaths: string[];
  /** Generic CSV: our field → the header in your export. */
  columns: Record<string, string>;
  lang: string;
  /** Channels whose replies everyone can read (default: twitter, facebook, instagram, ...). */
  publicChannels: string[] | null;
  /** Helpdesk variables that a canned-response library may contain (`{{ticket.requester.first_name}}`, `/^\{\{ticket\./`). */
  templateVariables: string[];
  /** Transcript speaker prefixes. */
  transcript: { agent?: string[]; customer?: string[]; bot?: string[] };
  /** Per-check settings for conversation checks, e.g. { 'slow-first-response': { chat: '5m' } }. */
  conversation: Record<string, Record<string, unknown>>;
  /** Where it was read from (null: defaults). */
  file: string | null;
}

export const CONFIG_NAMES = ['.ticketlintrc.yaml', '.ticketlintrc.yml', '.ticketlintrc'];
const KEYS = ['rules', 'rulePaths', 'columns', 'lang', 'publicChannels', 'templateVariables', 'transcript', 'conversation', 'ignore'];

export function defaultConfig(): Config {
  return { rules: {}, rulePaths: [], columns: {}, lang: 'auto', publicChannels: null, templateVariables: [], transcript: {}, conversation: {}, file: null };
}

/** Looks for a config from `cwd` upwards; null when there is none. */
export async function findConfig(cwd: string): Promise<string | null> {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = join(dir, name);
      try {
        if ((await stat(candidate)).isFile()) return candidate;
      } catch {
        /* not here */
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export async function loadConfig(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new TicketlintError('cannot read config file', { file });
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file: string): Config {
  const lines = new LineCounter();
  const fail = (node: Node | null | undefined, message: string): never => {
    const pos = node?.range ? lines.linePos(node.range[0]) : undefined;
    throw new TicketlintError(message, { file, line: pos?.line ?? null, column: pos?.col ?? null });
  };
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const yamlError = doc.errors[0] ?? doc.warnings[0];
  if (yamlError) {
    const pos = lines.linePos(yamlError.pos[0]);
    throw new TicketlintError(`invalid YAML: ${yamlError.message.split('\n')[0]}`, { file, line: pos.line, column: pos.col });
  }
  const config = defaultConfig();
  config.file = file;
  if (doc.contents == null) return config;
  if (!isMap(doc.contents)) fail(doc.contents, 'the config must be a mapping');
  const base = dirname(file);
  const strings = (node: Node, what: string): string[] => {
    if (!isSeq(node)) fail(node, `${what} must be a list`);
    return (node as unknown as { items: Node[] }).items.map((i) => {
      if (!isScalar(i) || typeof i.value !== 'string') fail(i, `${what} entries must be strings`);
      return (i as { value: string }).value;
    });
  };
  const stringMap = (node: Node, what: string): Record<string, string> => {
    if (!isMap(node)) fail(node, `${what} must be a mapping`);
    const out: Record<string, string> = {};
    for (const pair of (node as YAMLMap).items) {
      const v = pair.value as Node;
      if (!isScalar(v) || typeof v.value !== 'string') fail(v ?? (pair.key as Node), `${what}.${String((pair.key as { value?: unknown })?.value)} must be a string`);
      out[String((pair.key as { value: unknown }).value)] = (v as { value: string }).value;
    }
    return out;
  };
  for (const pair of (doc.contents as YAMLMap).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node;
    if (!KEYS.includes(key)) fail(pair.key as Node, `unknown key "${key}" (expected one of: ${KEYS.join(', ')})`);
    switch (key) {
      case 'rules': {
        if (!isMap(value)) fail(value, 'rules must map rule ids or categories to off/error/warning/info');
        for (const rp of (value as YAMLMap).items) {
          const id = String((rp.key as { value: unknown }).value);
          const v = rp.value as Node;
          const sev = (x: unknown, n: Node): Severity | 'off' => {
            if (x === 'off' || x === false || (SEVERITIES as readonly unknown[]).includes(x)) return x === false ? 'off' : (x as Severity | 'off');
            return fail(n, `bad setting "${String(x)}" for rule "${id}" (expected off, error, warning or info)`);
          };
          if (isScalar(v)) config.rules[id] = sev(v.value, v);
          else if (isMap(v)) {
            const js = v.toJSON() as Record<string, unknown>;
            for (const k of Object.keys(js)) if (k !== 'severity' && k !== 'options') fail(v, `unknown key "${k}" for rule "${id}" (expected severity, options)`);
            const setting: { severity?: Severity | 'off'; options?: Record<string, unknown> } = {};
            if (js.severity !== undefined) setting.severity = sev(js.severity, v);
            if (js.options !== undefined) setting.options = js.options as Record<string, unknown>;
            config.rules[id] = setting;
          } else fail(v, `bad setting for rule "${id}"`);
        }
        break;
      }
      case 'rulePaths':
        config.rulePaths = strings(value, 'rulePaths').map((p) => resolve(base, p));
        break;
      case 'columns':
        config.columns = stringMap(value, 'columns');
        break;
      case 'lang': {
        const v = isScalar(value) ? value.value : undefined;
        if (v !== 'auto' && !(LANGUAGES as readonly unknown[]).includes(v)) fail(value, `bad lang "${String(v)}" (expected auto or ${LANGUAGES.join(', ')})`);
        config.lang = v as string;
        break;
      }
      case 'publicChannels':
        config.publicChannels = strings(value, 'publicChannels').map((c) => c.toLowerCase());
        break;
      case 'templateVariables':
        config.templateVariables = strings(value, 'templateVariables');
        break;
      case 'transcript': {
        if (!isMap(value)) fail(value, 'transcript must be a mapping of agent/customer/bot to prefix lists');
        for (const tp of (value as YAMLMap).items) {
          const who = String((tp.key as { value: unknown }).value);
          if (who !== 'agent' && who !== 'customer' && who !== 'bot') fail(tp.key as Node, `unknown transcript speaker "${who}" (expected agent, customer, bot)`);
          config.transcript[who as 'agent'] = strings(tp.value as Node, `transcript.${who}`);
        }
        break;
      }
      case 'conversation': {
        if (!isMap(value)) fail(value, 'conversation must map check names to settings');
        config.conversation = value.toJSON() as Config['conversation'];
        break;
      }
      case 'ignore':
        break;
    }
  }
  return config;
}
