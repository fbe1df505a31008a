import { describe, expect, it } from 'vitest';
import { createLinter, FORMATTERS, lintFiles, lintText } from '../src/index.js';
import { tempDir } from './helpers.js';
import { join } from 'node:path';

describe('programmatic API', () => {
  it('lintText checks a draft reply before it is sent and returns JSON-shaped findings', async () => {
    const { findings, summary } = await lintText("I'm sorry, it's company policy, I can't refund you.", { config: false });
    expect(findings[0]).toMatchObject({ category: 'policy-shield', file: '<text>', line: 1 });
    expect(summary).toMatchObject({ files: 1, messages: 1, findings: 1 });
  });

  it('lintText takes role, channel and public; a customer draft is never judged', async () => {
    const r = await lintText("Is this your company policy? You can't refund me?", { config: false, role: 'customer' });
    expect(r.findings).toEqual([]);
  });

  it('reuses one compiled linter across calls', async () => {
    const linter = await createLinter({ config: false });
    const a = await lintText('Our policy is to refund you in full.', {}, linter);
    const b = await lintText("Unfortunately our policy doesn't allow it.", {}, linter);
    expect(a.findings).toEqual([]);
    expect(b.findings).toHaveLength(1);
  });

  it('lintFiles returns findings, summary and input problems without throwing', async () => {
    const dir = tempDir({ 'a.txt': "Rules are rules, I can't help." });
    const r = await lintFiles([join(dir, 'a.txt'), join(dir, 'missing.csv')], { config: false });
    expect(r.findings).toHaveLength(1);
    expect(r.problems).toEqual([expect.objectContaining({ level: 'error', message: 'no such file or directory' })]);
  });

  it('exports the formatters by name', () => {
    expect([...FORMATTERS.keys()]).toEqual(expect.arrayContaining(['stylish', 'json', 'jsonl']));
  });
});
