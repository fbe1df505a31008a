import { describe, expect, it } from 'vitest';
import { githubFormatter } from '../src/report/github.js';
import { FORMATTERS } from '../src/report/index.js';
import { CTX, FIXTURE, HOSTILE, CLI_TIMEOUT, cli, finding, resultOf } from './format-helpers.js';

/** What the Actions runner does to a command's data and properties (toolkit's command.ts, reversed). */
const unescapeData = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string): string => unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));

/** Parses `::cmd k=v,k=v::data` the way the runner does: properties split on `,`, then on the first `=`. */
function parseCommand(line: string): { command: string; props: Record<string, string>; data: string } {
  const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const props: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    props[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
  }
  return { command: m[1]!, props, data: unescapeData(m[3]!) };
}

describe('github formatter', () => {
  it('is registered', () => {
    expect(FORMATTERS.get('github')).toBe(githubFormatter);
  });

  it('writes one annotation per finding: error, warning, notice', () => {
    const out = githubFormatter.format(resultOf([finding(), finding({ severity: 'warning', line: 2 }), finding({ severity: 'info', ticketId: null, messageId: null })]), CTX);
    const lines = out.trimEnd().split('\n');
    expect(lines.map((l) => parseCommand(l).command)).toEqual(['error', 'warning', 'notice']);
    expect(lines[0]).toBe(
      '::error file=exports/tickets.csv,line=12,col=31,endLine=12,endColumn=50,title=policy-shield/refusal-citing-policy::' +
        'Refusing with "policy" as the reason instead of saying what you can do — "it\'s company policy" [ticket T-1001, message T-1001-3]',
    );
    expect(parseCommand(lines[2]!).data).toBe('Refusing with "policy" as the reason instead of saying what you can do — "it\'s company policy"');
  });

  it('escapes data and properties so ticket text cannot end the command or forge another', () => {
    const out = githubFormatter.format(
      resultOf([
        finding({ excerpt: HOSTILE.newline, file: 'exports/a,b:c%.csv' }),
        finding({ excerpt: HOSTILE.percent }),
        finding({ excerpt: HOSTILE.ansi, message: HOSTILE.control }),
      ]),
      CTX,
    );
    const lines = out.split('\n').slice(0, -1);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.startsWith('::error ')).toBe(true);
    expect(out).not.toMatch(/\r/);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    const first = parseCommand(lines[0]!);
    expect(first.props.file).toBe('exports/a,b:c%.csv');
    expect(lines[0]).toContain('file=exports/a%2Cb%3Ac%25.csv,');
    expect(first.data).toContain(`"${HOSTILE.newline}"`);
    expect(parseCommand(lines[1]!).data).toContain(`"${HOSTILE.percent}"`);
    expect(lines[1]).toContain('100%25 sure, 50%250A off: now');
    const third = parseCommand(lines[2]!);
    expect(third.data).toBe('bell nul vt end — "red link" [ticket T-1001, message T-1001-3]');
  });

  it('is what the CLI writes for --format github', () => {
    const run = cli(['--no-config', '--format', 'github', FIXTURE]);
    expect(run.code).toBe(1);
    const line = run.stdout.split('\n').find((l) => l.includes('refusal-citing-policy'))!;
    expect(parseCommand(line)).toEqual({
      command: 'error',
      props: { file: FIXTURE, line: '5', col: '15', endLine: '5', endColumn: '39', title: 'policy-shield/refusal-citing-policy' },
      data: 'Refusing with "policy" as the reason instead of saying what you can do — "our policy doesn\'t allow" [ticket T-1001, message T-1001-2]',
    });
  }, CLI_TIMEOUT);
});
