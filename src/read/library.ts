import type { Message, Ticket } from '../types.js';
import { textLocator } from './locator.js';
import type { InputReader } from './reader.js';
import { readAll } from './text-source.js';

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

export const libraryReader: InputReader = {
  format: 'library',
  // Text without an extension (stdin) is a canned response unless another format recognises it.
  sniff: (_head, ext) => (ext === 'txt' || ext === 'md' || ext === 'markdown' || ext === 'text' ? 5 : ext === '' ? 1 : 0),
  async *read(ctx): AsyncIterable<Ticket> {
    const text = await readAll(ctx.source);
    if (text.trim() === '') {
      ctx.problem(null, 'empty file: nothing to lint', 'warning');
      return;
    }
    yield { id: null, file: ctx.file, format: 'library', channel: null, messages: [libraryMessage(text, ctx.file)] };
  },
};
