/**
 * Size limits that keep memory bounded, and the cap on repeated problems. Each limit is
 * reported, never silent: text past the field cap is counted, problems past the per-kind cap
 * are summed up in one line.
 */
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, MAX_FIELD_CHARS, type CsvProblem, type CsvRecord } from '../src/read/csv-tokenizer.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupTickets } from '../src/read/group-tickets.js';
import { readInputs } from '../src/read/index.js';
import { MAX_MESSAGE_CHARS } from '../src/read/limits.js';
import { fixedLocator } from '../src/read/locator.js';
import { PROBLEMS_PER_KIND, ProblemLimiter, problemKind } from '../src/read/problem-limit.js';
import type { Message, RunProblem, Ticket } from '../src/types.js';
import { tempDir } from './helpers.js';

function tokenize(chunks: Iterable<string>): { records: CsvRecord[]; problems: CsvProblem[] } {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const t = new CsvTokenizer((r) => records.push(r), (p) => problems.push(p));
  for (const chunk of chunks) t.push(chunk);
  t.end();
  return { records, problems };
}

/** `total` characters of filler in 1 MiB chunks (as the file reader sends them). */
function* filler(total: number, char = 'x'): Iterable<string> {
  const piece = char.repeat(1 << 20);
  for (let left = total; left > 0; left -= piece.length) yield left >= piece.length ? piece : piece.slice(0, left);
}

describe('field size cap', () => {
  it('keeps the first MAX_FIELD_CHARS of a huge quoted field, counts the rest, and reads on', () => {
    const over = MAX_FIELD_CHARS + 1_000_000;
    const { records, problems } = tokenize([
      'id,body\r\nT1,"',
      ...filler(over),
      '\r\nend"\r\nT2,after\r\n',
    ]);
    expect(records.map((r) => r.fields[0]!.value)).toEqual(['id', 'T1', 'T2']);
    expect(records[1]!.fields[1]!.value.length).toBe(MAX_FIELD_CHARS);
    expect(records[2]).toMatchObject({ line: 4, fields: [{ value: 'T2' }, { value: 'after', line: 4, column: 4 }] });
    expect(problems).toEqual([
      {
        line: 2,
        column: 5,
        level: 'warning',
        message: `field of ${(over + 5).toLocaleString('en-US')} characters: only the first ${MAX_FIELD_CHARS.toLocaleString('en-US')} are checked`,
      },
    ]);
  });

  it('an unquoted huge field is capped the same way', () => {
    const { records, problems } = tokenize(['id,body\nT1,', ...filler(MAX_FIELD_CHARS + 10), '\nT2,ok\n']);
    expect(records[1]!.fields[1]!.value.length).toBe(MAX_FIELD_CHARS);
    expect(records[2]!.fields[1]!.value).toBe('ok');
    expect(problems).toHaveLength(1);
  });

  it('a quote that never closes in a huge file re-reads a bounded amount and says the rest was not checked', () => {
    const { records, problems } = tokenize(['id,body\nT1,"oops\n', ...filler(2 * MAX_FIELD_CHARS + 2_000_000, 'y'), '\nT2,late\n']);
    expect(problems.find((p) => p.level === 'error')).toMatchObject({ line: 2, column: 4, message: expect.stringMatching(/^quoted field is never closed \(the next [\d,]+ characters were read as unquoted text, the rest of the file was not checked\)$/) });
    expect(records[1]!.fields[1]!.value.startsWith('"oops')).toBe(true);
  });
});

describe('message size cap, whatever the reader', () => {
  it('a canned response longer than the cap is checked up to it, with a warning at its first line', async () => {
    const dir = tempDir();
    const path = join(dir, 'huge.txt');
    writeFileSync(path, `Rules are rules.\n${'z'.repeat(MAX_MESSAGE_CHARS + 100)}`);
    const tickets: Ticket[] = [];
    const problems: RunProblem[] = [];
    for await (const event of readInputs([path])) {
      if (event.kind === 'ticket') tickets.push(event.ticket!);
      if (event.kind === 'problem') problems.push(event.problem!);
    }
    expect(tickets[0]!.messages[0]!.body.length).toBe(MAX_MESSAGE_CHARS);
    expect(tickets[0]!.messages[0]!.body.startsWith('Rules are rules.')).toBe(true);
    expect(problems).toEqual([
      expect.objectContaining({ line: 1, level: 'warning', message: `a message has ${(MAX_MESSAGE_CHARS + 117).toLocaleString('en-US')} characters: only the first ${MAX_MESSAGE_CHARS.toLocaleString('en-US')} are checked` }),
    ]);
  });
});

describe('problems per kind', () => {
  it('groups messages that differ only in numbers and quoted values', () => {
    const a = problemKind({ level: 'error', message: 'expected 8 fields, found 9' });
    expect(problemKind({ level: 'error', message: 'expected 8 fields, found 7' })).toBe(a);
    expect(problemKind({ level: 'warning', message: 'expected 8 fields, found 7' })).not.toBe(a);
    expect(problemKind({ level: 'warning', message: 'unknown author_role "x"' })).toBe(problemKind({ level: 'warning', message: 'unknown author_role "y"' }));
  });

  it(`lists ${PROBLEMS_PER_KIND} of a kind, then one summary per kind, keeping the level`, () => {
    const out: RunProblem[] = [];
    const limiter = new ProblemLimiter((p) => out.push(p));
    for (let i = 0; i < 1000; i++) limiter.add({ file: 'f.csv', line: i + 2, message: `expected 3 fields, found ${i % 5}`, level: 'error' });
    limiter.add({ file: 'f.csv', line: 5, message: 'stray quote', level: 'warning' });
    limiter.flush();
    expect(out).toHaveLength(PROBLEMS_PER_KIND + 2);
    expect(out.at(-1)).toEqual({ file: 'f.csv', line: null, level: 'error', message: `980 more like "expected 3 fields, found 0" (only the first ${PROBLEMS_PER_KIND} are listed)` });
    limiter.flush();
    expect(out).toHaveLength(PROBLEMS_PER_KIND + 2);
  });
});

describe('ticket grouping', () => {
  const message = (ticketId: string, n: number): Message => ({
    id: `${ticketId}-${n}`,
    ticketId,
    role: n % 2 ? 'agent' : 'customer',
    author: null,
    public: true,
    channel: null,
    createdAt: null,
    body: 'x',
    locator: fixedLocator({ line: n, column: 1 }),
  });

  async function* messages(list: Message[]): AsyncIterable<Message> {
    yield* list;
  }

  it('keeps a 50,000-message ticket whole, in order', async () => {
    const list = Array.from({ length: 50_000 }, (_, n) => message('LONG', n));
    const tickets = [];
    for await (const t of groupTickets(messages(list), 'f.csv', 'generic')) tickets.push(t);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.messages.map((m) => m.id)).toEqual(list.map((m) => m.id));
  });

  it('releases tickets that went quiet for a window of messages (bounded memory on interleaved exports)', async () => {
    const list: Message[] = [];
    for (let t = 0; t < 100; t++) for (let n = 0; n < 3; n++) list.push(message(`T${t}`, n));
    const released: string[] = [];
    let seen = 0;
    const source = (async function* () {
      for (const m of list) {
        seen++;
        yield m;
      }
    })();
    for await (const t of groupTickets(source, 'f.csv', 'generic', 10)) released.push(`${t.id}@${seen}`);
    // T0 is released once 10 other messages have passed, long before the end of the input.
    expect(released[0]).toBe('T0@13');
    expect(released).toHaveLength(100);
  });
});
