import { describe, expect, it } from 'vitest';
import { cliJson, detectedFormat, expectPointsAtSource, fixture, lint, policyFindings, positionOf, readContent, readPath } from './read-helpers.js';

const YAML_LIBRARY = fixture('library/responses.yaml');
const MACROS = fixture('library/zendesk-macros.json');
const CANNED = fixture('library/freshdesk-canned.json');

// Linting compiles every rule pack and the CLI tests spawn the binary: slow on a loaded machine.
describe('library collections reader', { timeout: 120_000 }, () => {
  it('reads a YAML collection: one ticket and one agent message per entry', async () => {
    const { tickets, problems, messages } = await readPath(YAML_LIBRARY);
    expect(problems).toEqual([]);
    expect(tickets.map((t) => [t.format, t.id, t.messages.length])).toEqual([['library', null, 1], ['library', null, 1], ['library', null, 1]]);
    expect(messages.map((m) => [m.id, m.role, m.public, m.meta])).toEqual([
      ['refund-window', 'agent', true, { library: true, title: 'Refund outside the return window' }],
      ['refund-approved', 'agent', true, { library: true, title: 'Refund approved' }],
      ['repair-offer', 'agent', true, { library: true, title: 'Free repair' }],
    ]);
    expect(messages[0]!.body).toBe(
      "Hi {{ticket.requester.first_name}},\n\nThank you for getting in touch. Unfortunately our policy doesn't allow refunds after 30 days.\n\nKind regards,\n{{current_user.first_name}}\n",
    );
    // folded scalar
    expect(messages[2]!.body).toBe('Your item is past the return window, but it is still under warranty: I can book a free repair pickup for you this week.\n');
    // every body points at its first character in the file
    expect(messages[0]!.locator.locate(0)).toEqual(positionOf(YAML_LIBRARY, 'Hi {{ticket'));
    expect(messages[1]!.locator.locate(0)).toEqual(positionOf(YAML_LIBRARY, "Hi {{ticket.requester.first_name}}, I've"));
    expect(messages[2]!.locator.locate(messages[2]!.body.indexOf('I can book'))).toEqual(positionOf(YAML_LIBRARY, 'I can book'));
  });

  it('reads Zendesk macros: the comment action, [channel, text] values, internal-note macros', async () => {
    const { messages, problems } = await readPath(MACROS);
    expect(problems).toEqual([]);
    expect(messages.map((m) => [m.id, m.public, m.meta?.title])).toEqual([
      ['360001', true, 'Returns::Outside 30 days'],
      ['360002', true, 'Shipping::Lost parcel'],
      ['360003', false, 'Internal::Escalate to finance'],
    ]);
    expect(messages[1]!.body).toBe("Hi {{ticket.requester.first_name}},\nI'm sorry your parcel is lost. I've sent a replacement by express today.");
    expect(messages[2]!.body).toMatch(/^Escalating to finance/);
  });

  it('reads Freshdesk canned responses, plain content before content_html', async () => {
    const { messages } = await readPath(CANNED);
    expect(messages.map((m) => [m.id, m.meta?.title, m.body])).toEqual([
      ['43000011001', 'Late return refusal', "Hello {{ticket.requester.name}},\nUnfortunately our policy doesn't allow refunds after 30 days."],
      ['43000011002', 'Warranty repair', "Hello {{ticket.requester.name}},\nyour device is covered by the warranty – I've booked a free repair."],
    ]);
  });

  it('flags refusals in each library at the line and column of the response body', async () => {
    for (const [file, id, anchor] of [
      [YAML_LIBRARY, 'refund-window', "our policy doesn't allow refunds after 30 days.\n"],
      [MACROS, '360001', "our policy doesn't allow refunds after 30 days.\""],
      [CANNED, '43000011001', "our policy doesn't allow refunds after 30 days.\","],
    ] as const) {
      const { findings } = await lint(file);
      const policy = policyFindings(findings);
      // The internal-note macro (360003) says "unfortunately our policy does not allow" but is not sent to customers.
      expect(policy.map((f) => [f.messageId, f.excerpt])).toEqual([[id, "our policy doesn't allow"]]);
      expect(policy[0]).toMatchObject(positionOf(file, anchor));
      expectPointsAtSource(file, findings);
    }
  });

  it('reads lists under responses:, maps of id → entry, and reports entries without text', async () => {
    const list = await readContent(JSON.stringify({ responses: [{ name: 'A', text: 'one' }, { name: 'B' }] }), 'r.json');
    expect(list.messages.map((m) => [m.id, m.body])).toEqual([['A', 'one']]);
    expect(list.problems).toEqual([expect.objectContaining({ level: 'warning', message: expect.stringMatching(/^1 entries have no text/) })]);
    const map = await readContent('wporg-1:\n  label: Hi\n  content: "Please read the \\"FAQ\\" first."\n', 'm.yml');
    expect(map.messages.map((m) => [m.id, m.meta?.title, m.body])).toEqual([['wporg-1', 'Hi', 'Please read the "FAQ" first.']]);
    expect(map.messages[0]!.locator.locate(map.messages[0]!.body.indexOf('first'))).toEqual({ line: 3, column: 37 });
  });

  it('reports invalid YAML and unknown shapes with file and line', async () => {
    const bad = await readContent('- id: a\n  body: "unclosed\n', 'bad.yaml');
    expect(bad.problems).toEqual([expect.objectContaining({ level: 'error', message: expect.stringMatching(/^invalid YAML/) })]);
    expect(bad.problems[0]!.line).toBeGreaterThanOrEqual(2);
    const other = await readContent('lang: en\ncases:\n  - id: x\n', 'eval.yaml');
    expect(other.problems).toEqual([expect.objectContaining({ level: 'error', line: 1, message: expect.stringMatching(/^not a canned-response collection/) })]);
  });

  it('is detected from extension and shape, and forced with --input-format', async () => {
    expect(await detectedFormat(YAML_LIBRARY)).toBe('library');
    expect(await detectedFormat(MACROS)).toBe('library');
    expect(await detectedFormat(CANNED)).toBe('library');
    const forced = await readPath(MACROS, { inputFormat: 'library' });
    expect(forced.tickets).toHaveLength(3);
  });

  it('CLI: lints each library fixture and reports JSON with the source position', () => {
    const { code, findings, summary } = cliJson(['fixtures/library/responses.yaml', 'fixtures/library/zendesk-macros.json', 'fixtures/library/freshdesk-canned.json']);
    expect(code).toBe(1);
    expect(summary).toMatchObject({ files: 3, tickets: 8, messages: 8 });
    expect(policyFindings(findings).map((f) => [f.file, f.messageId, f.line, f.column])).toEqual([
      ['fixtures/library/responses.yaml', 'refund-window', ...Object.values(positionOf(YAML_LIBRARY, "our policy doesn't allow"))],
      ['fixtures/library/zendesk-macros.json', '360001', ...Object.values(positionOf(MACROS, "our policy doesn't allow"))],
      ['fixtures/library/freshdesk-canned.json', '43000011001', ...Object.values(positionOf(CANNED, "our policy doesn't allow"))],
    ]);
  });
});
