/**
 * The reliability table: hostile and broken inputs through the real CLI, each with the exit code
 * and the one-line message it must give, and proof that the rest of the run was still linted
 * (a good file or row next to the broken one keeps its finding). ticketlint runs unattended in
 * CI on exports nobody cleaned: it must say what is wrong where, and lose nothing else.
 */
import { spawn } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempDir, type CliRun } from './helpers.js';

/** A refusal the policy-shield pack flags in every version: the finding that proves a file was linted. */
const BAD = "I'm sorry, but we can't refund this order. It's company policy.";
const GOOD_CSV = `ticket_id,author_role,body\nG1,agent,"${BAD}"\n`;
/** The same kind of refusal without commas, for unquoted CSV fields. */
const BAD_UNQUOTED = "Unfortunately our policy doesn't allow refunds.";

interface Finding {
  file: string;
  line: number;
  column: number;
  category: string;
  excerpt: string;
  ticketId: string | null;
}

interface Case {
  name: string;
  files?: Record<string, string | Buffer>;
  /** What to lint (default: every file, in order). */
  inputs?: string[];
  args?: string[];
  stdin?: string | Buffer;
  code: 0 | 1 | 2;
  /** Each must match one whole line of stderr. */
  stderr?: RegExp[];
  /** Exact number of stderr lines (default: as many as patterns). */
  stderrLines?: number;
  /** Findings that must be in the JSON report: the rest of the input was linted. */
  findings?: Array<Partial<Pick<Finding, 'line' | 'column' | 'category' | 'ticketId'>> & { file: string }>;
}

const utf16 = (text: string, bigEndian: boolean, bom = true): Buffer => {
  const body = Buffer.from(text, 'utf16le');
  if (bigEndian) body.swap16();
  return Buffer.concat([Buffer.from(bom ? (bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]) : []), body]);
};

const CRLF_CSV = `ticket_id,author_role,body\r\nT1,agent,"Hello,\r\nthanks for waiting.\r\n${BAD}"\r\n`;
const BIG_FIELD = 'filler text, line after line. '.repeat(70_000); // about 2 MB in one field

const CASES: Case[] = [
  // --- CSV structure -------------------------------------------------------------------------
  {
    name: 'unclosed quote: reported where it opened; the rest is re-read and linted',
    files: { 'broken.csv': `ticket_id,author_role,body\nT1,agent,"never closed\nT2,agent,${BAD_UNQUOTED}\n` },
    code: 2,
    stderr: [/^error: broken\.csv:2: quoted field is never closed \(the rest of the file was read as unquoted text\) \(column 10\)$/],
    findings: [{ file: 'broken.csv', line: 3, category: 'policy-shield' }],
  },
  {
    name: 'ragged row with too many fields; the other rows are linted',
    files: { 'ragged.csv': `ticket_id,author_role,body\nT1,agent,Hello, thanks\nT2,agent,"${BAD}"\n` },
    code: 2,
    stderr: [/^error: ragged\.csv:2: expected 3 fields, found 4 \(a comma in a field that is not quoted\?\)$/],
    findings: [{ file: 'ragged.csv', line: 3, category: 'policy-shield' }],
  },
  {
    name: 'ragged row with too few fields',
    files: { 'ragged.csv': `ticket_id,author_role,body\nT1,agent\nT2,agent,"${BAD}"\n` },
    code: 2,
    stderr: [/^error: ragged\.csv:2: expected 3 fields, found 2$/],
    findings: [{ file: 'ragged.csv', line: 3 }],
  },
  {
    name: 'text after a closing quote is kept and reported',
    files: { 'junk.csv': `ticket_id,author_role,body\nT1,agent,"hi"x\nT2,agent,"${BAD}"\n` },
    code: 2,
    stderr: [/^error: junk\.csv:2: text after a closing quote \(kept as part of the field\) \(column 14\)$/],
    findings: [{ file: 'junk.csv', line: 3 }],
  },
  {
    name: 'a header that is not ours: names the columns and suggests the mapping; other files still linted',
    files: { 'foreign.csv': `Conversation,Speaker,Utterance\nC1,agent,"${BAD}"\nC1,customer,Why?\n`, 'good.csv': GOOD_CSV },
    code: 2,
    stderr: [/^error: foreign\.csv:1: no message-text column in the header \(Conversation, Speaker, Utterance\); expected one of body, text, message, content\. Map it in \.ticketlintrc\.yaml: columns: \{ body: "Utterance", author_role: "Speaker", ticket_id: "Conversation" \}$/],
    findings: [{ file: 'good.csv', line: 2 }],
  },
  {
    name: 'a semicolon-separated export (European spreadsheets) is named as such',
    files: { 'excel.csv': `ticket_id;author_role;body\nT1;agent;${BAD_UNQUOTED}\n`, 'good.csv': GOOD_CSV },
    code: 2,
    stderr: [/^error: excel\.csv:1: the header "ticket_id;author_role;body" is semicolon-separated; ticketlint reads comma-separated CSV \(tab-separated as \.tsv\): save or export the file with commas$/],
    findings: [{ file: 'good.csv', line: 2 }],
  },
  {
    name: 'an empty CSV is an error (the export failed); the next file is linted',
    files: { 'empty.csv': '', 'good.csv': GOOD_CSV },
    code: 2,
    stderr: [/^error: empty\.csv: empty file: no header row$/],
    findings: [{ file: 'good.csv', line: 2 }],
  },
  {
    name: 'an empty canned response is only a warning',
    files: { 'empty.txt': '' },
    code: 0,
    stderr: [/^warning: empty\.txt: empty file: nothing to lint$/],
  },
  {
    name: 'a header with no rows is fine',
    files: { 'header.csv': 'ticket_id,author_role,body\n' },
    code: 0,
    stderr: [],
  },
  {
    name: 'stray quotes in unquoted fields: listed 20 times, then counted in one line',
    files: { 'inches.csv': `ticket_id,author_role,body\n${Array.from({ length: 30 }, (_, i) => `T${i},agent,a 5" screen`).join('\n')}\nT99,agent,"${BAD}"\n` },
    code: 1,
    stderr: [/^warning: inches\.csv:2: stray quote inside an unquoted field \(kept as text\) \(column 13\)$/, /^warning: inches\.csv: 10 more like "stray quote inside an unquoted field \(kept as text\) \(column 13\)" \(only the first 20 are listed\)$/],
    stderrLines: 21,
    findings: [{ file: 'inches.csv', line: 32 }],
  },
  {
    name: 'a 2 MB field is linted whole and the finding after it is placed exactly',
    files: { 'big.csv': `ticket_id,author_role,body\nT1,agent,"${BIG_FIELD}\n\n${BAD}"\n` },
    code: 1,
    stderr: [],
    findings: [{ file: 'big.csv', line: 4, column: 44, category: 'policy-shield' }],
  },
  // --- not text --------------------------------------------------------------------------------
  {
    name: 'files that are not text (an .xlsx saved as .csv, binary data, gzip) are named for what they are; the next file is linted',
    files: {
      'sheet.csv': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]),
      'dump.csv': Buffer.concat([Buffer.from('ticket_id,body\n'), Buffer.from([0, 1, 2, 0])]),
      'export.csv': Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]),
      'good.csv': GOOD_CSV,
    },
    code: 2,
    stderr: [
      /^error: sheet\.csv: not a text file: a ZIP archive \(as \.xlsx and \.docx files are\); export the sheet as CSV$/,
      /^error: dump\.csv: not a text file: binary data \(a NUL byte at offset 15\)$/,
      /^error: export\.csv: not a text file: gzip-compressed; decompress it first$/,
    ],
    findings: [{ file: 'good.csv', line: 2 }],
  },
  {
    name: 'a missing file is an error; the files given with it are linted',
    files: { 'good.csv': GOOD_CSV },
    inputs: ['missing.csv', 'good.csv'],
    code: 2,
    stderr: [/^error: missing\.csv: no such file or directory$/],
    findings: [{ file: 'good.csv', line: 2 }],
  },
  // --- encodings and line endings ----------------------------------------------------------------
  {
    name: 'UTF-8 with a BOM, UTF-16 LE and BE with a BOM, UTF-16 LE without one: the same positions as plain UTF-8',
    files: { 'bom.csv': `\uFEFF${GOOD_CSV}`, 'le.csv': utf16(GOOD_CSV, false), 'be.csv': utf16(GOOD_CSV, true), 'nobom.csv': utf16(GOOD_CSV, false, false) },
    code: 1,
    stderr: [],
    findings: ['bom.csv', 'le.csv', 'be.csv', 'nobom.csv'].map((file) => ({ file, line: 2, column: 54 })),
  },
  {
    name: 'invalid UTF-8 (a Latin-1 é): replaced, warned once with line and column, the rest linted',
    files: { 'latin1.csv': Buffer.concat([Buffer.from('ticket_id,author_role,body\nT1,agent,caf'), Buffer.from([0xe9]), Buffer.from(` cr\xe8me\nT2,agent,"${BAD}"\n`, 'latin1')]) },
    code: 1,
    stderr: [/^warning: latin1\.csv:2: invalid UTF-8 \(byte 0xE9\) at column 13, read as U\+FFFD; only the first is reported\. Saved as Windows-1252 or Latin-1\? Re-save it as UTF-8$/],
    findings: [{ file: 'latin1.csv', line: 3 }],
  },
  {
    name: 'invalid UTF-16 (an unpaired surrogate) is warned once with its position',
    files: { 'lone.csv': utf16(`ticket_id,author_role,body\r\nT1,agent,ab\uD800cd\r\nT2,agent,"${BAD}"\r\n`, false) },
    code: 1,
    stderr: [/^warning: lone\.csv:2: invalid UTF-16LE \(unpaired surrogate U\+D800\) at column 12, read as U\+FFFD; only the first is reported$/],
    findings: [{ file: 'lone.csv', line: 3 }],
  },
  {
    name: 'Windows (CRLF) and old Mac (CR) line endings, in and between quoted multi-line fields and in a canned response with front matter',
    files: { 'crlf.csv': CRLF_CSV, 'cr.csv': CRLF_CSV.replace(/\r\n/g, '\r'), 'reply.md': `---\r\ntitle: Refunds\r\n---\r\nHello,\r\n\r\n${BAD}\r\n` },
    code: 1,
    stderr: [],
    findings: [
      { file: 'crlf.csv', line: 4, column: 44 },
      { file: 'cr.csv', line: 4, column: 44 },
      { file: 'reply.md', line: 6, column: 44 },
    ],
  },
  // --- stdin -----------------------------------------------------------------------------------
  {
    name: 'stdin with --stdin-filename reads as that format',
    inputs: ['-'],
    args: ['--stdin-filename', 'tickets.csv'],
    stdin: GOOD_CSV,
    code: 1,
    stderr: [],
    findings: [{ file: 'tickets.csv', line: 2, column: 54 }],
  },
  {
    name: 'stdin text without a name is a canned response',
    inputs: ['-'],
    stdin: `Hello,\r\n${BAD}`,
    code: 1,
    stderr: [],
    findings: [{ file: '<stdin>', line: 2, column: 44 }],
  },
  {
    name: 'UTF-16 on stdin',
    inputs: ['-'],
    args: ['--stdin-filename', 'tickets.csv'],
    stdin: utf16(GOOD_CSV, true),
    code: 1,
    stderr: [],
    findings: [{ file: 'tickets.csv', line: 2, column: 54 }],
  },
  {
    name: 'binary on stdin',
    inputs: ['-'],
    stdin: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    code: 2,
    stderr: [/^error: <stdin>: not a text file: a PNG image$/],
  },
  {
    name: 'empty stdin',
    inputs: ['-'],
    stdin: '',
    code: 0,
    stderr: [/^warning: <stdin>: empty file: nothing to lint$/],
  },
  // --- JSON --------------------------------------------------------------------------------------
  {
    name: 'truncated JSON: where it ends; the next file is linted',
    files: { 'cut.json': `{"tickets":[{"id":1,"comments":[{"id":11,"author_id":5,"public":true,"body":"${BAD}"}]},{"id":2,"comm`, 'good.csv': GOOD_CSV },
    code: 2,
    stderr: [/^error: cut\.json:1: truncated JSON: the file ends before the document is complete$/],
    findings: [{ file: 'good.csv', line: 2 }],
  },
  {
    name: 'JSON that is not an export we know: says which shapes we read',
    files: { 'other.json': '{"foo": 1, "bar": [1, 2]}', 'good.csv': GOOD_CSV },
    code: 2,
    stderr: [/^error: other\.json: unknown JSON shape; ticketlint reads: Zendesk: .*Freshdesk: .*Intercom.*Help Scout.*$/],
    findings: [{ file: 'good.csv', line: 2 }],
  },
  {
    name: 'an empty JSON file',
    files: { 'empty.json': '', 'blank.jsonl': ' \n\n' },
    code: 2,
    stderr: [/^error: empty\.json: empty file: nothing to lint$/, /^error: blank\.jsonl: empty file: nothing to lint$/],
  },
  {
    name: 'JSONL with a broken line: that line is reported and skipped, the others are linted',
    files: {
      'messages.jsonl': [
        JSON.stringify({ ticket_id: 'T1', author_role: 'agent', body: BAD }),
        '{"ticket_id":"T2","author_role":"agent","body":',
        JSON.stringify({ ticket_id: 'T3', author_role: 'agent', body: BAD }),
        '',
      ].join('\n'),
    },
    code: 2,
    stderr: [/^error: messages\.jsonl:2: truncated JSON: .*$/],
    findings: [
      { file: 'messages.jsonl', line: 1, ticketId: 'T1' },
      { file: 'messages.jsonl', line: 3, ticketId: 'T3' },
    ],
  },
  {
    name: 'JSON strings with lone surrogates and escapes: findings placed on the escaped text, reports stay valid JSON',
    files: { 'lone.jsonl': '{"ticket_id":"T1","author_role":"agent","body":"Our policy \\ud800 \\u0064oesn\'t allow refunds \\udc00."}\n' },
    code: 1,
    stderr: [],
    findings: [{ file: 'lone.jsonl', line: 1, column: 49, category: 'policy-shield' }],
  },
  {
    name: 'a Zendesk export in UTF-16 with a BOM and CRLF',
    files: { 'zendesk.json': utf16(`{"tickets":[{"id":1,"requester_id":7,"comments":[\r\n{"id":10,"author_id":7,"public":true,"body":"Where is my refund?"},\r\n{"id":11,"author_id":5,"public":true,"body":"${BAD}"}\r\n]}],\r\n"users":[{"id":7,"role":"end-user"},{"id":5,"role":"agent"}]}\r\n`, false) },
    code: 1,
    stderr: [],
    findings: [{ file: 'zendesk.json', line: 3 }],
  },
  // --- rule packs ------------------------------------------------------------------------------
  {
    name: 'a rule pack regex that backtracks catastrophically is refused at load, with file and line',
    files: {
      'pack.yaml': 'category: hostile-pack\ntitle: t\nlesson: l\nsource: s.txt\nsuggestion: s\nrules:\n  - id: one\n    message: m\n    match:\n      en:\n        - any: ["/(\\\\w+\\\\s?)+$/"]\n',
      'good.csv': GOOD_CSV,
    },
    inputs: ['good.csv'],
    args: ['--rules', 'pack.yaml'],
    code: 2,
    stderr: [/^ticketlint: (?:\S+\/)?pack\.yaml:11:\d+: `any`: regex \/\(\\w\+\\s\?\)\+\$\/ can take exponential time on some texts: .*$/],
  },
  {
    name: 'a rule pack cannot run code: YAML tags are refused',
    files: {
      'pack.yaml': 'category: hostile-pack\ntitle: !!js/function "function () { process.exit(7) }"\nlesson: l\nsource: s.txt\nsuggestion: s\nrules:\n  - id: one\n    message: m\n    match:\n      en: ["refund"]\n',
      'good.csv': GOOD_CSV,
    },
    inputs: ['good.csv'],
    args: ['--rules', 'pack.yaml'],
    code: 2,
    stderr: [/^ticketlint: (?:\S+\/)?pack\.yaml:2:\d+: invalid YAML: .*tag.*$/i],
  },
];

/** The real binary, spawned without blocking, so the table's cases run side by side (each costs a rule load). */
function runAsync(args: string[], options: { cwd: string; input?: string | Buffer }): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(options.input ?? '');
  });
}

async function run(c: Case): Promise<{ r: CliRun; dir: string; findings: Finding[] }> {
  const dir = tempDir(c.files ?? {});
  const inputs = c.inputs ?? Object.keys(c.files ?? {});
  const r = await runAsync(['--no-config', '-f', 'json', ...(c.args ?? []), ...inputs], { cwd: dir, ...(c.stdin !== undefined ? { input: c.stdin } : {}) });
  let findings: Finding[] = [];
  if (r.stdout.trim()) findings = (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
  return { r, dir, findings };
}

describe.concurrent('reliability table (CLI)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', { timeout: 120_000 }, async (_name, c) => {
    const { r, findings } = await run(c);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect({ code: r.code, stderr: lines }).toMatchObject({ code: c.code });
    for (const pattern of c.stderr ?? []) expect(lines.some((l) => pattern.test(l)), `${pattern} in:\n${r.stderr}`).toBe(true);
    expect(lines, r.stderr).toHaveLength(c.stderrLines ?? (c.stderr ?? []).length);
    // Never a stack trace, never a line that is not one message.
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
    for (const f of c.findings ?? []) expect(findings, JSON.stringify(findings.map((x) => [x.file, x.line, x.column]))).toContainEqual(expect.objectContaining(f));
  });
});

describe.concurrent('output safety (CLI)', () => {
  const slow = { timeout: 120_000 };

  it('--output-file appears whole, in a folder it creates, with no temp file left', slow, async () => {
    const dir = tempDir({ 'good.csv': GOOD_CSV });
    const r = await runAsync(['--no-config', '-f', 'json', '-o', 'reports/nested/out.json', 'good.csv'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const report = JSON.parse(readFileSync(join(dir, 'reports/nested/out.json'), 'utf8')) as { findings: unknown[] };
    expect(report.findings).toHaveLength(1);
    expect(readdirSync(join(dir, 'reports/nested'))).toEqual(['out.json']);
  });

  it('--output-file replaces an old report in one step and keeps its permissions', slow, async () => {
    const dir = tempDir({ 'good.csv': GOOD_CSV, 'out.json': 'old report' });
    chmodSync(join(dir, 'out.json'), 0o640);
    const r = await runAsync(['--no-config', '-f', 'json', '-o', 'out.json', 'good.csv'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'))).toMatchObject({ summary: { findings: 1 } });
    expect(statSync(join(dir, 'out.json')).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['good.csv', 'out.json']);
  });

  it('--output-file that is a folder: one line, exit 2', slow, async () => {
    const dir = tempDir({ 'good.csv': GOOD_CSV });
    const r = await runAsync(['--no-config', '-f', 'json', '-o', '.', 'good.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ticketlint: \.: cannot write the report: is a directory\n$/);
  });

  it.each(['jsonl', 'json', 'stylish'])('a closed pipe (| head) ends the run quietly (%s)', slow, (format) => {
    const dir = tempDir();
    // About 1 MB of report: far more than a pipe holds, so writes hit the closed pipe.
    const rows = Array.from({ length: 1500 }, (_, i) => `T${i},agent,"${BAD}"`).join('\n');
    writeFileSync(join(dir, 'many.csv'), `ticket_id,author_role,body\n${rows}\n`);
    return new Promise<void>((done, fail) => {
      const shell = spawn('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" --no-config -f ${format} many.csv | head -c 300 > /dev/null`], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
      let stderr = '';
      shell.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      shell.on('error', fail);
      shell.on('close', (code) => {
        try {
          expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
          done();
        } catch (err) {
          fail(err);
        }
      });
    });
  });

  it('ticket text cannot drive the terminal, and JSON stays well formed', slow, async () => {
    const hostile = `Our policy \u001b]0;owned\u0007\u001b[2J\u009b31m doesn't allow refunds \u202eevil\u202c.`;
    const csv = `ticket_id,author,author_role,body\n"T\u001b[31m1","ana\u202e\u0007",agent,"${hostile}"\n`;
    const dir = tempDir({ 'hostile.csv': csv });
    const [stylish, json, jsonl] = await Promise.all([
      runAsync(['--no-config', 'hostile.csv'], { cwd: dir }),
      runAsync(['--no-config', '-f', 'json', 'hostile.csv'], { cwd: dir }),
      runAsync(['--no-config', '-f', 'jsonl', 'hostile.csv'], { cwd: dir }),
    ]);
    expect(stylish.code).toBe(1);
    expect(stylish.stdout).toContain('doesn');
    expect(stylish.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const finding = (JSON.parse(json.stdout) as { findings: Finding[] }).findings[0]!;
    expect(finding.excerpt).toContain('\u001b[2J'); // the data is kept, escaped by JSON
    expect(finding.ticketId).toBe('T\u001b[31m1');
    for (const line of jsonl.stdout.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });
});
