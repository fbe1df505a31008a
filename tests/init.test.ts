import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guessColumns, renderInitConfig } from '../src/cli/init.js';
import { parseConfig } from '../src/config/load.js';
import type { CsvRecord } from '../src/read/csv-tokenizer.js';
import { mapHeader } from '../src/read/generic-csv.js';
import { CLI_TIMEOUT, ROOT, cli } from './format-helpers.js';

/** An export whose headers our aliases do not know: the case `init` exists for. */
const ODD_EXPORT = [
  'Case Number,Sent,Who,Agent Name,Reply text,Channel',
  'C-100,2024-05-01 10:00,Customer,,"My order never arrived, I want my money back.",email',
  'C-100,2024-05-01 12:30,Agent,ana,"Unfortunately our policy doesn\'t allow refunds after 30 days.",email',
  'C-101,2024-05-02 09:00,Customer,,"Is this your company policy? Unfortunately you can\'t refund me?",chat',
  'C-101,2024-05-02 09:05,Agent,ben,"I\'ve refunded you in full today, sorry for the wait.",chat',
].join('\n') + '\n';

const rows = (values: string[][]): CsvRecord[] =>
  values.map((fields, i) => ({ line: i + 2, fields: fields.map((value, c) => ({ value, line: i + 2, column: c + 1, quoted: false })) }));

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tl-init-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('guessColumns', () => {
  it('maps the columns the aliases miss from their values: text, dates, roles, ids', () => {
    const header = ['Case Number', 'Sent', 'Who', 'Agent Name', 'Reply text', 'Msg Ref'];
    const detection = guessColumns(header, rows([
      ['C-1', '2024-05-01T10:00:00Z', 'Customer', '', 'Where is my parcel? It is late again.', 'm1'],
      ['C-1', '2024-05-01T11:00:00Z', 'Agent', 'ana', 'Sorry, I checked and it leaves today.', 'm2'],
      ['C-2', '2024-05-02T10:00:00Z', 'end-user', '', 'Hi', 'm3'],
    ]));
    expect(detection.recognised).toEqual([{ field: 'author', header: 'Agent Name' }]);
    expect(detection.guessed.map((g) => [g.field, g.header])).toEqual([
      ['ticket_id', 'Case Number'],
      ['message_id', 'Msg Ref'],
      ['created_at', 'Sent'],
      ['author_role', 'Who'],
      ['body', 'Reply text'],
    ]);
    expect(detection.noSpeaker).toBe(false);
  });

  it('does not take long numeric ids for unix timestamps, and says when no column names the speaker', () => {
    const detection = guessColumns(['Ref', 'Comment Body'], rows([['1714557600', 'Thanks for your patience.'], ['1714557601', 'Your refund is on its way.']]));
    expect(detection.guessed.find((g) => g.field === 'created_at')).toBeUndefined();
    expect(detection.noSpeaker).toBe(true);
  });

  it('guesses nothing for a header the aliases fully know', () => {
    const detection = guessColumns(['ticket_id', 'author_role', 'body'], rows([['1', 'agent', 'hello there']]));
    expect(detection.guessed).toEqual([]);
    expect(detection.recognised.map((r) => r.field)).toEqual(['ticket_id', 'author_role', 'body']);
  });
});

describe('renderInitConfig', () => {
  it('writes a config the loader accepts, whatever the header names contain', () => {
    const header = ['Case: "#1", ok', 'Text\nwith break # not a comment', "it's"];
    const csv = {
      header,
      recognised: [],
      guessed: [
        { field: 'ticket_id' as const, header: header[0]!, reason: 'guessed: test' },
        { field: 'body' as const, header: header[1]!, reason: 'guessed: test' },
        { field: 'author' as const, header: header[2]!, reason: 'guessed: test' },
      ],
      noSpeaker: true,
    };
    const text = renderInitConfig({ sample: 'x\n.csv', format: 'generic', csv, language: { lang: 'en', count: 3, of: 4 }, categories: ['policy-shield'], exampleRule: 'policy-shield/refusal-citing-policy' });
    const config = parseConfig(text, '.ticketlintrc.yaml');
    expect(config.columns).toEqual({ ticket_id: header[0], body: header[1], author: header[2] });
    expect(config.lang).toBe('auto');
    expect(mapHeader(header, config.columns).body).toBe(1);
    // The commented examples are valid when uncommented.
    const block = (key: string): string => new RegExp(`^# ${key}:.*\\n(?:#   .*\\n)*`, 'm').exec(text)![0].replace(/^# ?/gm, '');
    const live = parseConfig(block('rules') + block('templateVariables') + block('publicChannels'), 'x.yaml');
    expect(live.rules).toEqual({ 'policy-shield': 'warning', 'policy-shield/refusal-citing-policy': 'off' });
    expect(live.templateVariables).toEqual(['{{ticket.requester.first_name}}', '/^\\{\\{ticket\\./']);
    expect(live.publicChannels).toEqual(['twitter', 'facebook', 'instagram']);
  });
});

describe('ticketlint init (CLI)', () => {
  it('looks at a sample CSV, writes a config that loads with --config, and the lint then reads the file right', () => {
    const dir = scratch({ 'export.csv': ODD_EXPORT });
    const init = cli(['init', 'export.csv'], dir);
    expect(init).toMatchObject({ code: 0, stderr: '' });
    expect(init.stdout).toContain('input format: generic');
    expect(init.stdout).toMatch(/body += Reply text +\(guessed: the column with the longest text\)/);
    expect(init.stdout).toMatch(/author_role = Who +\(guessed/);
    expect(init.stdout).toContain('sample read: 2 tickets, 4 messages (2 by agents or bots)');
    const written = readFileSync(join(dir, '.ticketlintrc.yaml'), 'utf8');
    expect(written).toContain('# Detected input format: generic');
    expect(written).toMatch(/^columns:\n(?:  .*\n)*  body: "Reply text" +# guessed/m);
    expect(written).toMatch(/^lang: auto/m);
    expect(written).toMatch(/^# rules:\n#   [a-z-]+: warning\n#   [a-z-]+\/[a-z-]+: off$/m);
    expect(written).toContain('# templateVariables:');

    const lint = cli(['--config', '.ticketlintrc.yaml', '--format', 'json', 'export.csv'], dir);
    expect(lint.stderr).toBe('');
    const report = JSON.parse(lint.stdout) as { findings: Array<{ ticketId: string; author: string; line: number }>; summary: { tickets: number } };
    expect(report.summary.tickets).toBe(2);
    // Ana's refusal is found; the customer's "company policy" question is not (the role column was mapped).
    expect(report.findings.map((f) => [f.ticketId, f.author, f.line])).toEqual([['C-100', 'ana', 3]]);
    expect(lint.code).toBe(1);
  }, CLI_TIMEOUT);

  it('refuses to overwrite an existing config unless --force', () => {
    const dir = scratch({ 'export.csv': ODD_EXPORT, '.ticketlintrc.yml': 'lang: en\n' });
    const refused = cli(['init', 'export.csv'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('ticketlint: .ticketlintrc.yml: a config file already exists here; use --force to overwrite it\n');
    expect(existsSync(join(dir, '.ticketlintrc.yaml'))).toBe(false);
    expect(cli(['init', 'export.csv', '--force'], dir).code).toBe(0);
    expect(readFileSync(join(dir, '.ticketlintrc.yaml'), 'utf8')).toContain('body: "Reply text"');
  }, CLI_TIMEOUT);

  it('needs no columns for a CSV in the generic shape, and detects a canned-response library', () => {
    const dir = scratch({ 'reply.md': "Hello,\n\nIt's company policy, I can't refund you.\n" });
    const generic = cli(['init', join(ROOT, 'fixtures/generic/tickets.csv')], dir);
    expect(generic.code).toBe(0);
    const config = readFileSync(join(dir, '.ticketlintrc.yaml'), 'utf8');
    expect(config).not.toMatch(/^columns:/m);
    expect(config).toContain('# Recognised without mapping: ticket_id = ticket_id');
    expect(parseConfig(config, 'c.yaml').columns).toEqual({});

    const library = cli(['init', 'reply.md', '--force'], dir);
    expect(library.code).toBe(0);
    expect(library.stdout).toContain('input format: library');
    expect(readFileSync(join(dir, '.ticketlintrc.yaml'), 'utf8')).toContain('# Detected input format: library');
    const lint = cli(['--config', '.ticketlintrc.yaml', 'reply.md'], dir);
    expect(lint.code).toBe(1);
  }, CLI_TIMEOUT);

  it('writes a generic starter without a sample, and fails with one line on a missing sample', () => {
    const dir = scratch({});
    const bare = cli(['init'], dir);
    expect(bare.code).toBe(0);
    expect(() => parseConfig(readFileSync(join(dir, '.ticketlintrc.yaml'), 'utf8'), 'c.yaml')).not.toThrow();
    const missing = cli(['init', 'nope.csv', '--force'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('ticketlint: nope.csv: no such file\n');
  }, CLI_TIMEOUT);
});
