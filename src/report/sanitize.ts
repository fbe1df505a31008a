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
/** Half a surrogate pair (from broken input): not encodable as UTF-8, so written as U+FFFD by Node anyway. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** For a terminal: no escapes, no controls, no bidi overrides; line breaks shown as ⏎ on one line. */
export function terminalText(text: string): string {
  return text
    .replace(ANSI, '')
    .replace(/\r\n|\r|\n/g, ' ⏎ ')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '')
    .replace(BIDI_OVERRIDE, '')
    .replace(LONE_SURROGATE, '\uFFFD');
}

/** For single-line machine formats (GitHub annotations, CSV cells): controls removed, line breaks kept as given. */
export function plainText(text: string): string {
  return text
    .replace(ANSI, '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '')
    .replace(BIDI_OVERRIDE, '')
    .replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * For XML/HTML: escaped, and characters XML 1.0 cannot hold replaced with U+FFFD, as are DEL and
 * the C1 controls (legal in XML, but a report shown with `cat` must not drive the terminal, and
 * HTML parsers turn their character references into other characters).
 */
export function markupText(text: string): string {
  return text
    .replace(ANSI, '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g, '\uFFFD')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** For JSON: lone surrogates (from broken input) would make invalid UTF-8 on output. */
export function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? v.replace(LONE_SURROGATE, '\uFFFD') : v))) as T;
}

/**
 * JSON text for a report: lone surrogates become U+FFFD (invalid UTF-8 otherwise), and the
 * characters JSON.stringify leaves raw but a terminal acts on when the report is printed (C1
 * controls such as U+009B, an 8-bit CSI; bidi overrides; U+2028/U+2029) are written as \\u
 * escapes. The data a parser reads back is the same.
 */
export function jsonText(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? v.replace(LONE_SURROGATE, '\uFFFD') : v), indent);
  return text.replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
