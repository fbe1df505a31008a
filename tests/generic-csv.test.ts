import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../src/lint.js';
import { readInputs } from '../src/read/index.js';
import type { Message, RunProblem, Ticket } from '../src/types.js';
import { ROOT, tempDir, textAt } from './helpers.js';

async function read(content: string | Buffer, name = 'x.csv', columns?: Record<string, string>): Promise<{ tickets: Ticket[]; problems: RunProblem[] }> {
  const dir = tempDir({ [name]: content });
  const tickets: Ticket[] = [];
  const problems: RunProblem[] = [];
  for await (const e of readInputs([join(dir, name)], columns ? { columns } : {})) {
    if (e.kind === 'ticket') tickets.push(e.ticket!);
    if (e.kind === 'problem') problems.push(e.problem!);
  }
  return { tickets, problems };
}

const messages = (tickets: Ticket[]): Message[] => tickets.flatMap((t) => t.messages);

describe('generic CSV reader', () => {
  it('maps the spec columns, groups rows into tickets and keeps their order', async () => {
    const { tickets, problems } = await read(
      'ticket_id,message_id,created_at,author_role,author,channel,public,body\nT1,m1,2024-05-01T10:00:00Z,customer,Bo,Email,true,Hi\nT1,m2,2024-05-01T11:00:00Z,agent,Ana,email,false,Note\nT2,m3,,end-user,Cy,chat,,Hello\n',
    );
    expect(problems).toEqual([]);
    expect(tickets.map((t) => [t.id, t.messages.map((m) => m.id)])).toEqual([['T1', ['m1', 'm2']], ['T2', ['m3']]]);
    const [m1, m2, m3] = messages(tickets);
    expect(m1).toMatchObject({ role: 'customer', author: 'Bo', channel: 'email', public: true, body: 'Hi' });
    expect(m1!.createdAt?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(m2).toMatchObject({ role: 'agent', public: false });
    expect(m3).toMatchObject({ role: 'customer', public: true, createdAt: null });
  });

  it('accepts the common aliases without configuration', async () => {
    const { tickets } = await read('Conversation_ID,Timestamp,Sender_Type,Text\nC9,1714557600,admin,Hello\nC9,Tue Oct 31 22:10:47 +0000 2017,user,Hi\n');
    const [a, b] = messages(tickets);
    expect(a).toMatchObject({ ticketId: 'C9', role: 'agent', body: 'Hello', id: 'C9-1' });
    expect(a!.createdAt?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(b).toMatchObject({ role: 'customer', id: 'C9-2' });
    expect(b!.createdAt?.toISOString()).toBe('2017-10-31T22:10:47.000Z');
    for (const header of ['message', 'content', 'body']) {
      expect(messages((await read(`case_id,role,${header}\nK1,staff,Yo\n`)).tickets)[0]).toMatchObject({ ticketId: 'K1', role: 'agent', body: 'Yo' });
    }
  });

  it('maps other headers through the config columns', async () => {
    const { tickets, problems } = await read('Case Number,Reply Text\n77,Sure\n', 'x.csv', { ticket_id: 'Case Number', body: 'Reply Text' });
    expect(problems).toEqual([]);
    expect(messages(tickets)[0]).toMatchObject({ ticketId: '77', body: 'Sure', role: 'agent' });
  });

  it('falls back to the built-in aliases when a configured column is not in this file', async () => {
    const { tickets, problems } = await read('ticket_id,body\nT1,Hello\n', 'x.csv', { body: 'Reply Text' });
    expect(problems).toEqual([]);
    expect(messages(tickets)[0]).toMatchObject({ ticketId: 'T1', body: 'Hello' });
  });

  it('strips a BOM and reads CRLF with multi-line quoted bodies', async () => {
    const { tickets } = await read('\uFEFFticket_id,body\r\nT1,"a\r\nb ""c"""\r\nT1,d\r\n');
    expect(messages(tickets).map((m) => m.body)).toEqual(['a\r\nb "c"', 'd']);
  });

  it('reports a header that is not ours and suggests the text column', async () => {
    const { tickets, problems } = await read('id,subject,reply_text_long\n1,Hi,This is the long reply text of the agent\n');
    expect(tickets).toEqual([]);
    expect(problems[0]).toMatchObject({ line: 1, level: 'error' });
    expect(problems[0]!.message).toMatch(/no message-text column.*columns: \{ body: "reply_text_long" \}/);
  });

  it('reports ragged rows with their line and still reads them', async () => {
    const { tickets, problems } = await read('ticket_id,author_role,body\nT1,agent,one\nT1,agent\nT2,agent,three,extra\n');
    expect(problems.map((p) => [p.line, p.level])).toEqual([[3, 'error'], [4, 'error']]);
    expect(messages(tickets).map((m) => m.body)).toEqual(['one', 'three']);
  });

  it('treats unknown roles as customer text (never judged) and warns once', async () => {
    const { tickets, problems } = await read('author_role,body\nrobot,a\nrobot,b\n');
    expect(messages(tickets).every((m) => m.role === 'customer')).toBe(true);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ level: 'warning', line: 2 });
  });

  it('points findings at the exact line and column of the fixture file', async () => {
    const file = join(ROOT, 'fixtures/generic/tickets.csv');
    const { findings } = await lintFiles([file], { config: false });
    expect(findings.length).toBeGreaterThan(0);
    const content = readFileSync(file, 'utf8');
    for (const f of findings) expect(textAt(content, f).replace(/""/g, '"')).toBe(f.excerpt);
  });
});
