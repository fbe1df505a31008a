/**
 * The one place where text from tickets is made safe for output. Ticket text is hostile input:
 * an agent's reply can carry ANSI escapes that recolour or clear a terminal, bidi overrides that
 * reorder what a reviewer reads, or control characters that break XML. Every formatter calls
 * one of these; none writes ticket text raw.
 */

// CSI, OSC (terminated by BEL or ST) and other ESC sequences, then any remaining C0/C1 control.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const BIDI_OVERRIDE = /[\u202a-\u202e\u2066-\u2069]/g;

/** For a terminal: no escapes, no controls, no bidi overrides; line breaks shown as ⏎ on one line. */
export function terminalText(text: string): string {
  return text
    .replace(ANSI, '')
    .replace(/\r\n|\r|\n/g, ' ⏎ ')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '')
    .replace(BIDI_OVERRIDE, '');
}

/** For single-line machine formats (GitHub annotations, CSV cells): controls removed, line breaks kept as given. */
export function plainText(text: string): string {
  return text.replace(ANSI, '').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '').replace(BIDI_OVERRIDE, '');
}

/** For XML/HTML: escaped, and characters XML 1.0 cannot hold replaced with U+FFFD. */
export function markupText(text: string): string {
  return text
    .replace(ANSI, '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\uFFFD')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** For JSON: lone surrogates (from broken input) would make invalid UTF-8 on output. */
export function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\uFFFD') : v))) as T;
}

/** For XML/HTML attribute values: markupText, plus tab and line breaks as character references so parsers keep them. */
export function markupAttribute(text: string): string {
  return markupText(text).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/**
 * For the message part of a GitHub Actions workflow command (`::error ...::<data>`): the runner
 * decodes %25, %0D and %0A, so a line break in ticket text cannot end the command and start a
 * forged one on the next line.
 */
export function githubCommandData(text: string): string {
  return plainText(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** For a property value of a workflow command (`file=`, `title=`): data escaping plus `:` and `,`, which end a property. */
export function githubCommandProperty(text: string): string {
  return githubCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One RFC 4180 CSV cell for a spreadsheet. A cell that starts like a formula (= + - @, or a tab or
 * carriage return before one) is run by Excel and LibreOffice when the file is opened, so ticket
 * text such as `=HYPERLINK(...)` gets a leading apostrophe (OWASP's CSV injection advice); quoting
 * alone does not stop it.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  let text = plainText(value);
  if (/^[\s]*[=+\-@]/.test(text) || /^[\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
