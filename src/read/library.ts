import type { Message, Ticket } from '../types.js';
import { textLocator } from './locator.js';
import type { InputReader } from './reader.js';
import { readAll, stringSource } from './text-source.js';
import { headKeys, isJsonHead } from './json-fields.js';
import { readJsonLibrary, readYamlLibrary } from './library-collections.js';

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** One canned response in a .md/.txt file: the whole text after any YAML front matter. */
export function libraryMessage(text: string, file: string): Message {
  let body = text;
  let line = 1;
  let id: string | null = null;
  const fm = FRONT_MATTER.exec(text);
  if (fm) {
    body = text.slice(fm[0].length);
    line += fm[0].split(/\r\n|\n|\r/).length - 1;
    id = /^(?:id|title|name):[ \t]*["']?(.+?)["']?[ \t]*$/m.exec(fm[1]!)?.[1] ?? null;
  }
  return {
    id,
    ticketId: null,
    role: 'agent',
    author: null,
    public: true,
    channel: null,
    createdAt: null,
    body,
    locator: textLocator(body, { line, column: 1 }),
    meta: { library: true },
  };
}

/** Keys of canned-response collections: a body-like key and a title-like key. */
const COLLECTION_BODY_KEYS = ['body', 'text', 'content', 'content_html', 'body_text', 'body_html', 'response', 'template', 'answer'];
const COLLECTION_TITLE_KEYS = ['title', 'name', 'label', 'shortcut'];
const COLLECTION_LIST_KEYS = ['responses', 'replies', 'canned_responses', 'saved_replies', 'templates', 'snippets'];
/** A role or ticket key means messages of conversations, not canned responses. */
const CONVERSATION_KEYS = ['ticket_id', 'conversation_id', 'author_role', 'role', 'sender_type', 'inbound', 'case_id'];

const TEXT_EXTS = new Set(['txt', 'md', 'markdown', 'text']);

export const libraryReader: InputReader = {
  format: 'library',
  sniff(head, ext) {
    if (ext === 'yaml' || ext === 'yml') return 5;
    if (isJsonHead(head, ext)) {
      const keys = headKeys(head);
      if (keys.has('macros') && keys.has('actions')) return 10;
      if (keys.has('actions') && /"comment_value(?:_html)?"/.test(head)) return 9;
      const hasBody = COLLECTION_BODY_KEYS.some((k) => keys.has(k));
      if (!hasBody || CONVERSATION_KEYS.some((k) => keys.has(k))) return 0;
      if (COLLECTION_LIST_KEYS.some((k) => keys.has(k))) return 7;
      return COLLECTION_TITLE_KEYS.some((k) => keys.has(k)) ? 6 : 0;
    }
    // Text without an extension (stdin) is a canned response unless another format recognises it.
    return TEXT_EXTS.has(ext) ? 5 : ext === '' ? 1 : 0;
  },
  async *read(ctx): AsyncIterable<Ticket> {
    if (ctx.ext === 'json' || ctx.ext === 'jsonl' || ctx.ext === 'ndjson') {
      yield* readJsonLibrary(ctx);
      return;
    }
    const text = await readAll(ctx.source);
    if (text.trim() === '') {
      ctx.problem(null, 'empty file: nothing to lint', 'warning');
      return;
    }
    if (ctx.ext === 'yaml' || ctx.ext === 'yml') {
      yield* readYamlLibrary(ctx, text);
      return;
    }
    if (ctx.ext === '' && isJsonHead(text, '') && parsesAsJson(text)) {
      // stdin holding a JSON collection (no extension to tell)
      yield* readJsonLibrary({ ...ctx, source: stringSource(text, ctx.source.name) });
      return;
    }
    yield { id: null, file: ctx.file, format: 'library', channel: null, messages: [libraryMessage(text, ctx.file)] };
  },
};

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
