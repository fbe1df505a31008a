import { isMap, isScalar, isSeq, parseAllDocuments, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { TicketlintError } from '../errors.js';
import type { Locator, Message, Ticket } from '../types.js';
import { htmlToText, looksLikeHtml } from './html-text.js';
import { JSON_SHAPES, textField, unknownJsonError, type TextField } from './json-fields.js';
import { isObject, jsonUnits, type JsonUnit } from './json-input.js';
import { fixedLocator, lineIndex } from './locator.js';
import type { ReadContext } from './reader.js';

/**
 * Canned-response collections: many responses in one YAML or JSON file.
 *
 * - a list of entries, `- {id|title|name, body|text|content}`, or one under `responses:` (also
 *   `replies`, `canned_responses`, `saved_replies`, `templates`, `macros`, `snippets`, `items`);
 * - a map of id → entry (`{"wporg-1": {"label": ..., "content": ...}}`) or id → text;
 * - Zendesk macros, `{"macros": [{id, title, actions: [{field: "comment_value"|"comment_value_html", value}]}]}`
 *   (`value` may be `["channel:all", "text"]`; `comment_mode_is_public: "false"` makes it an internal note);
 * - Freshdesk canned responses, `[{id, title, content|content_html}]`; Help Scout saved replies
 *   (`text`, HTML) and Intercom macros (`body_text`, `body`) read the same way.
 *
 * Every entry is one message (role agent, `meta.library`) in a ticket of its own, so ticket-level
 * checks never compare two different responses as if one conversation.
 */

const LIST_KEYS = ['responses', 'replies', 'canned_responses', 'cannedresponses', 'saved_replies', 'savedreplies', 'templates', 'macros', 'snippets', 'items', 'entries', 'data', 'results'];
/** Body keys, best first: plain text before its HTML twin. `true` = always HTML; 'auto' = HTML when it has markup. */
const BODY_KEYS: Array<{ key: string; html: boolean | 'auto' }> = [
  { key: 'body', html: 'auto' }, { key: 'body_text', html: 'auto' }, { key: 'text', html: 'auto' }, { key: 'content', html: 'auto' },
  { key: 'response', html: 'auto' }, { key: 'message', html: 'auto' }, { key: 'reply', html: 'auto' }, { key: 'template', html: 'auto' },
  { key: 'answer', html: 'auto' }, { key: 'content_html', html: true }, { key: 'body_html', html: true }, { key: 'html', html: true },
];
const ID_KEYS = ['id', 'key', 'slug', 'shortcut', 'shortcode'];
const TITLE_KEYS = ['title', 'name', 'label', 'subject'];
const COMMENT_FIELDS: Array<{ field: string; html: boolean | 'auto' }> = [{ field: 'comment_value', html: 'auto' }, { field: 'comment_value_html', html: true }];

const squash = (s: string): string => s.trim().toLowerCase().replace(/[\s\-.]+/g, '_');

/** A parsed tree seen the same way whether it came from JSON or YAML. */
interface Tree<N> {
  isMap(n: N): boolean;
  isSeq(n: N): boolean;
  /** Members of a map, keys as text. */
  members(n: N): Array<[string, N]>;
  items(n: N): N[];
  /** A scalar's value as text (numbers written out), null for maps, lists and nulls. */
  scalar(n: N): string | null;
  /** The text of a string member (container + key or index) with its locator. */
  text(container: N, key: string | number, html: boolean | 'auto'): TextField | null;
}

interface Entry {
  body: TextField;
  id: string | null;
  title: string | null;
  isPublic: boolean;
  meta: Record<string, unknown>;
}

function member<N>(tree: Tree<N>, map: N, names: string[]): [string, N] | undefined {
  const members = tree.members(map);
  for (const name of names) {
    const found = members.find(([k]) => squash(k) === name);
    if (found) return found;
  }
  return undefined;
}

function scalarMember<N>(tree: Tree<N>, map: N, names: string[]): string | null {
  const m = member(tree, map, names);
  const v = m ? tree.scalar(m[1]) : null;
  return v && v.trim() ? v.trim() : null;
}

function bodyOf<N>(tree: Tree<N>, map: N): TextField | null {
  const members = tree.members(map);
  for (const { key, html } of BODY_KEYS) {
    const found = members.find(([k]) => squash(k) === key);
    if (!found) continue;
    const value = tree.scalar(found[1]);
    if (value === null || value.trim() === '') continue;
    const text = tree.text(map, found[0], html);
    if (text) return text;
  }
  return null;
}

/** A Zendesk macro's comment text: its comment_value (or _html) action. */
function macroComment<N>(tree: Tree<N>, actions: N): TextField | null {
  for (const { field, html } of COMMENT_FIELDS) {
    for (const action of tree.items(actions)) {
      if (!tree.isMap(action) || scalarMember(tree, action, ['field']) !== field) continue;
      const value = member(tree, action, ['value']);
      if (!value) continue;
      if (tree.isSeq(value[1])) {
        // ["channel:all", "text"]: the text is the last string.
        const items = tree.items(value[1]);
        for (let i = items.length - 1; i >= 0; i--) {
          if (tree.scalar(items[i]!)?.trim()) return tree.text(value[1], i, html);
        }
      } else if (tree.scalar(value[1])?.trim()) return tree.text(action, value[0], html);
    }
  }
  return null;
}

function macroIsPublic<N>(tree: Tree<N>, actions: N): boolean {
  for (const action of tree.items(actions)) {
    if (tree.isMap(action) && scalarMember(tree, action, ['field']) === 'comment_mode_is_public') {
      return scalarMember(tree, action, ['value'])?.toLowerCase() !== 'false';
    }
  }
  return true;
}

/** One entry from a map, or null when it has no text. `key` is its key in a map of entries. */
function entryOf<N>(tree: Tree<N>, map: N, key: string | null): Entry | null {
  const actions = member(tree, map, ['actions']);
  if (actions && tree.isSeq(actions[1])) {
    const body = macroComment(tree, actions[1]);
    if (!body) return null;
    const active = scalarMember(tree, map, ['active']);
    return {
      body,
      id: scalarMember(tree, map, ID_KEYS) ?? key,
      title: scalarMember(tree, map, TITLE_KEYS),
      isPublic: macroIsPublic(tree, actions[1]),
      meta: { macro: true, ...(active === 'false' ? { active: false } : {}) },
    };
  }
  const body = bodyOf(tree, map);
  if (!body) return null;
  return { body, id: scalarMember(tree, map, ID_KEYS) ?? key, title: scalarMember(tree, map, TITLE_KEYS), isPublic: true, meta: {} };
}

/** The entries of a collection, or null when the tree is not one. `skipped` counts entries without text. */
function entriesOf<N>(tree: Tree<N>, root: N, skipped: { n: number }): Entry[] | null {
  const fromList = (list: N): Entry[] => {
    const out: Entry[] = [];
    for (const item of tree.items(list)) {
      const e = tree.isMap(item) ? entryOf(tree, item, null) : null;
      if (e) out.push(e);
      else skipped.n++;
    }
    return out;
  };
  if (tree.isSeq(root)) {
    const items = tree.items(root);
    if (items.length > 0 && !items.some((i) => tree.isMap(i))) return null;
    return fromList(root);
  }
  if (!tree.isMap(root)) return null;
  const list = member(tree, root, LIST_KEYS);
  if (list && tree.isSeq(list[1])) return fromList(list[1]);
  // A single macro or response: {"macro": {...}}, {"canned_response": {...}}.
  const single = member(tree, root, ['macro', 'canned_response', 'response', 'saved_reply']);
  if (single && tree.isMap(single[1])) {
    const e = entryOf(tree, single[1], null);
    return e ? [e] : null;
  }
  const self = entryOf(tree, root, null);
  if (self) return [self];
  const members = tree.members(root);
  if (members.length === 0) return null;
  if (members.every(([, v]) => tree.isMap(v))) {
    const out: Entry[] = [];
    for (const [k, v] of members) {
      const e = entryOf(tree, v, k);
      if (e) out.push(e);
      else skipped.n++;
    }
    return out.length > 0 ? out : null;
  }
  if (members.every(([, v]) => tree.scalar(v) !== null)) {
    // id → text
    return members.flatMap(([k]) => {
      const body = tree.text(root, k, 'auto');
      return body && body.body.trim() ? [{ body, id: k, title: null, isPublic: true, meta: {} }] : [];
    });
  }
  return null;
}

function toTicket(entry: Entry, n: number, file: string): Ticket {
  const message: Message = {
    id: entry.id ?? entry.title ?? `entry-${n + 1}`,
    ticketId: null,
    role: 'agent',
    author: null,
    public: entry.isPublic,
    channel: null,
    createdAt: null,
    body: entry.body.body,
    locator: entry.body.locator,
    meta: { library: true, ...(entry.title ? { title: entry.title } : {}), ...entry.meta },
  };
  return { id: null, file, format: 'library', channel: null, messages: [message] };
}

// ---------------------------------------------------------------------------------------------
// JSON

function jsonTree(unit: JsonUnit): Tree<unknown> {
  return {
    isMap: isObject,
    isSeq: Array.isArray,
    members: (n) => (isObject(n) ? Object.entries(n) : []),
    items: (n) => (Array.isArray(n) ? n : []),
    scalar: (n) => (typeof n === 'string' ? n : typeof n === 'number' || typeof n === 'boolean' ? String(n) : null),
    text: (container, key, html) => (container !== null && typeof container === 'object' ? textField(unit, container, key, html) : null),
  };
}

export async function* readJsonLibrary(ctx: ReadContext): AsyncIterable<Ticket> {
  let n = 0;
  const skipped = { n: 0 };
  for await (const unit of jsonUnits(ctx, 'library')) {
    const entries = entriesOf(jsonTree(unit), unit.value, skipped);
    if (entries === null) {
      const err = unknownJsonError(ctx.file, unit.line, 'library');
      if (unit.document) throw err;
      ctx.problem(unit.line, err.message, 'error');
      continue;
    }
    for (const e of entries) yield toTicket(e, n++, ctx.file);
  }
  if (skipped.n > 0) ctx.problem(null, `${skipped.n} entries have no text (body, text, content or a macro comment) and were skipped`, 'warning');
}

// ---------------------------------------------------------------------------------------------
// YAML

/**
 * Maps offsets of a YAML scalar's value to offsets in the file. The value differs from its source
 * by quotes, escapes, indentation and folded line breaks; walking both in step, a value character
 * matches the same source character, a folded space matches a line break plus indentation, and an
 * escape (`\n`, `''`) matches its source sequence.
 */
function yamlScalarOffsets(source: string, node: Scalar): (k: number) => number {
  const value = String(node.value);
  const [start, end] = node.range ?? [0, 0];
  let map: number[] | null = null;
  const build = (): number[] => {
    const out: number[] = [];
    let j = start;
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      // Skip the header line (`|`, `>-`, `|2 # comment`).
      const nl = source.indexOf('\n', j);
      j = nl < 0 ? end : nl + 1;
    } else if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') j++;
    const dq = node.type === 'QUOTE_DOUBLE';
    const sq = node.type === 'QUOTE_SINGLE';
    const isWs = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
    for (let i = 0; i < value.length; i++) {
      const v = value[i]!;
      while (j < end) {
        const c = source[j]!;
        if (dq && c === '\\') {
          const next = source[j + 1];
          if (next === '\n' || next === '\r') {
            j += 2; // escaped line break: nothing in the value
            continue;
          }
          out.push(j);
          j += next === 'x' ? 4 : next === 'u' ? 6 : next === 'U' ? 10 : 2;
          break;
        }
        if (sq && c === "'" && source[j + 1] === "'" && v === "'") {
          out.push(j);
          j += 2;
          break;
        }
        if (c === v) {
          out.push(j);
          j++;
          break;
        }
        if ((v === ' ' || v === '\n') && isWs(c)) {
          // A folded line break: the value has one space (or \n), the source a break and indentation.
          out.push(j);
          while (j < end && isWs(source[j])) j++;
          break;
        }
        j++; // indentation, a quote, a comment marker: not in the value
      }
      if (out.length <= i) out.push(Math.min(j, end));
    }
    out.push(Math.min(j, end));
    return out;
  };
  return (k: number) => {
    map ??= build();
    return map[Math.max(0, Math.min(k, map.length - 1))]!;
  };
}

type YNode = Node | Pair | null | undefined;

function yamlTree(source: string, position: (offset: number) => { line: number; column: number }): Tree<YNode> {
  const pairKey = (p: Pair): string => {
    const k = p.key as YNode;
    return isScalar(k) ? String(k.value) : String(k ?? '');
  };
  const childOf = (container: YNode, key: string | number): YNode => {
    if (isSeq(container)) return (container as YAMLSeq).items[key as number] as YNode;
    if (isMap(container)) return ((container as YAMLMap).items as Pair[]).find((p) => pairKey(p) === key)?.value as YNode;
    return undefined;
  };
  return {
    isMap: (n) => isMap(n),
    isSeq: (n) => isSeq(n),
    members: (n) => (isMap(n) ? ((n as YAMLMap).items as Pair[]).map((p) => [pairKey(p), p.value as YNode]) : []),
    items: (n) => (isSeq(n) ? ((n as YAMLSeq).items as YNode[]) : []),
    scalar: (n) => {
      if (!isScalar(n)) return null;
      const v = (n as Scalar).value;
      return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
    },
    text: (container, key, html) => {
      const node = childOf(container, key);
      if (!isScalar(node) || typeof (node as Scalar).value !== 'string') return null;
      const value = (node as Scalar).value as string;
      const toSource = yamlScalarOffsets(source, node as Scalar);
      const locate = (toValue: (k: number) => number): Locator => ({ locate: (k) => position(toSource(toValue(k))) });
      if (html === true || (html === 'auto' && looksLikeHtml(value))) {
        const converted = htmlToText(value);
        return { body: converted.text, locator: locate(converted.sourceOffset) };
      }
      return { body: value, locator: node!.range ? locate((k) => k) : fixedLocator({ line: 1, column: 1 }) };
    },
  };
}

export async function* readYamlLibrary(ctx: ReadContext, text: string): AsyncIterable<Ticket> {
  const position = lineIndex(text);
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
  if (!Array.isArray(docs)) {
    // An empty stream: parseAllDocuments returns an EmptyStream.
    ctx.problem(null, 'empty file: nothing to lint', 'warning');
    return;
  }
  let n = 0;
  const skipped = { n: 0 };
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const at = position(error.pos[0]);
      throw new TicketlintError(`invalid YAML: ${error.message.split('\n')[0]}`, { file: ctx.file, line: at.line, column: at.column });
    }
    if (doc.contents == null) continue;
    const entries = entriesOf(yamlTree(text, position), doc.contents as YNode, skipped);
    if (entries === null) {
      const at = position(doc.contents.range?.[0] ?? 0);
      throw new TicketlintError(`not a canned-response collection; ticketlint reads ${JSON_SHAPES.library}`, { file: ctx.file, line: at.line });
    }
    for (const e of entries) yield toTicket(e, n++, ctx.file);
  }
  if (skipped.n > 0) ctx.problem(null, `${skipped.n} entries have no text (body, text, content or a macro comment) and were skipped`, 'warning');
}
