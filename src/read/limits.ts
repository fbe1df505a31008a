import type { Ticket } from '../types.js';
import { MAX_FIELD_CHARS } from './csv-tokenizer.js';

/**
 * The longest message text checked, whatever the reader (a JSON body, a canned-response file):
 * the same cap as a CSV field. Folding and matching need about 25 bytes per character at peak,
 * so one 200 MB body would need gigabytes; text past the cap is reported, not checked.
 */
export const MAX_MESSAGE_CHARS = MAX_FIELD_CHARS;

/** Cuts message bodies longer than MAX_MESSAGE_CHARS, reporting each where its text starts. */
export function capMessages(ticket: Ticket, report: (line: number | null, message: string) => void): void {
  for (const message of ticket.messages) {
    if (message.body.length <= MAX_MESSAGE_CHARS) continue;
    const length = message.body.length;
    message.body = message.body.slice(0, MAX_MESSAGE_CHARS);
    const id = message.id ? `message ${message.id}` : 'a message';
    report(message.locator.locate(0).line, `${id} has ${length.toLocaleString('en-US')} characters: only the first ${MAX_MESSAGE_CHARS.toLocaleString('en-US')} are checked`);
  }
}
