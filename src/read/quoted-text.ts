/**
 * E-mail replies carry the earlier thread ("On Mon, 3 Jun 2024, Ana <a@x.com> wrote:" and `>`
 * lines) and end with signatures ("-- ", "Sent from my iPhone"). That text was written by someone
 * else, often the customer, or is boilerplate: an agent must not be blamed for it. These are the
 * ranges of a body the checks skip (Message.ignoredRanges), in eight languages.
 *
 * Precision first: an attribution line must look like one (a date, a time or an address in it, and
 * the verb at its end), so "On Monday I wrote: ..." in an agent's own words is kept.
 */

export type IgnoredRange = [number, number];

interface Line {
  start: number;
  /** End of the text, before the line break. */
  end: number;
  /** Start of the next line. */
  next: number;
  text: string;
}

function splitLines(body: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    const c = body.charCodeAt(i);
    if (i === body.length || c === 10 || c === 13) {
      let next = i + 1;
      if (c === 13 && body.charCodeAt(i + 1) === 10) next++;
      lines.push({ start, end: i, next: Math.min(next, body.length), text: body.slice(start, i) });
      start = next;
      if (i === body.length) break;
    }
  }
  return lines;
}

/** Something a real attribution line contains: a digit (date/time) or an address. */
const HAS_DATE_OR_ADDRESS = /[\d@]/;

/**
 * Attribution lines, per language: how the line starts and how it ends. Gmail wraps long ones,
 * so up to three lines are joined before testing the end.
 */
const ATTRIBUTIONS: Array<{ start: RegExp; end: RegExp }> = [
  { start: /^On\s/, end: /\bwrote\s*:\s*$/i }, // en
  { start: /^Le\s/, end: /a\s+écrit\s*:\s*$/i }, // fr
  { start: /^Am\s/, end: /schrieb.*:\s*$/i }, // de
  { start: /^El\s/, end: /escribió\s*:\s*$/i }, // es
  { start: /^W dniu\s/i, end: /napisał(?:\(a\)|a)?\s*:\s*$/i }, // pl
  { start: /^在/, end: /(?:写道|寫道)\s*[：:]\s*$/ }, // zh
  { start: /^Vào\s/i, end: /đã viết\s*:\s*$/i }, // vi
  { start: /^في\s/, end: /(?:كتب|كتبت)\s*[:：]\s*$|^.*[:：]\s*(?:كتب|كتبت)\s*$/ }, // ar
  // Outlook and Apple Mail put the date first in some locales: "2024-06-03 10:02 GMT+02:00 Ana <a@x.com>:"
  { start: /^\d{4}-\d{2}-\d{2}\s/, end: /<[^>\s]+@[^>\s]+>\s*:\s*$/ },
];

/** Separators after which everything is the forwarded or original message. */
const SEPARATORS = [
  /^-{2,}\s*(?:Original Message|Forwarded message|Message d'origine|Message transféré|Ursprüngliche Nachricht|Weitergeleitete Nachricht|Mensaje original|Mensaje reenviado|Wiadomość oryginalna|Przekazana wiadomość|原始邮件|原始郵件|转发的邮件|Thư gốc|Tin nhắn gốc|الرسالة الأصلية|رسالة معاد توجيهها)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook's rule above its header block
];

/** Outlook header blocks: a From line followed shortly by a Sent/Date line. */
const HEADER_FROM = /^\s*\*?(?:From|De|Von|Od|Van|Da|发件人|寄件者|Từ|من)\s*\*?\s*[:：]/i;
const HEADER_SENT = /^\s*\*?(?:Sent|Date|Envoyé|Gesendet|Datum|Enviado|Fecha|Wysłano|Data|Verzonden|Inviato|发送时间|日期|寄件日期|Đã gửi|Ngày|أرسل|التاريخ)\s*\*?\s*[:：]/i;

/** Signature delimiters: everything after them is the signature. */
const SIGNATURE_DELIMITER = /^--[ \t]?$/;
/** Mobile-client footers: the line itself (what follows is caught by the other patterns). */
const DEVICE = String.raw`(?:iPhone|iPad|Android|Samsung|Galaxy|Huawei|Xiaomi|BlackBerry|Windows Phone|mobile|smartphone|phone)`;
const MOBILE_FOOTER = new RegExp(
  String.raw`^\s*(?:Sent from my \S.*|Sent from (?:Mail|Outlook|Yahoo Mail|Gmail) for \S.*|Get Outlook for \S.*|Envoyé de mon \S.*|Von meinem \S.* gesendet|Enviado desde mi \S.*|Wysłane z (?:mojego \S.*|${DEVICE}.*)|发自我的\S*|從我的 ?\S+ ?傳送|Gửi từ (?:${DEVICE}|điện thoại).*|أرسلت من .*(?:iPhone|Android|الخاص بي))\s*$`,
  'iu',
);

const isQuoteLine = (text: string): boolean => /^\s*>/.test(text);

/** Ranges of `body` that are quoted history or signatures, sorted and not overlapping. */
export function quotedRanges(body: string): IgnoredRange[] {
  if (body.length === 0) return [];
  const lines = splitLines(body);
  const ranges: IgnoredRange[] = [];
  const toEnd = (from: number): void => void ranges.push([lines[from]!.start, body.length]);

  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const text = line.text.trim();

    if (SIGNATURE_DELIMITER.test(line.text) || SEPARATORS.some((r) => r.test(text))) {
      // A lone "--" as the very first line is more likely a divider the agent typed than a signature.
      if (n > 0 || !SIGNATURE_DELIMITER.test(line.text)) {
        toEnd(n);
        break;
      }
    }

    const attributionEnd = attributionAt(lines, n);
    if (attributionEnd >= 0) {
      // Quoted with '>' below it: skip the attribution and that block only (an inline reply may follow).
      let k = attributionEnd + 1;
      while (k < lines.length && lines[k]!.text.trim() === '') k++;
      if (k < lines.length && isQuoteLine(lines[k]!.text)) {
        while (k < lines.length && (isQuoteLine(lines[k]!.text) || (lines[k]!.text.trim() === '' && nextQuote(lines, k)))) k++;
        ranges.push([line.start, lines[k - 1]!.end]);
        n = k - 1;
        continue;
      }
      toEnd(n);
      break;
    }

    if (line.text.length < 400 && HEADER_FROM.test(line.text)) {
      const window = lines.slice(n + 1, n + 5);
      if (window.some((l) => HEADER_SENT.test(l.text))) {
        toEnd(n);
        break;
      }
    }

    if (isQuoteLine(line.text)) {
      let k = n;
      while (k < lines.length && isQuoteLine(lines[k]!.text)) k++;
      ranges.push([line.start, lines[k - 1]!.end]);
      n = k - 1;
      continue;
    }

    if (line.text.length < 120 && MOBILE_FOOTER.test(line.text)) ranges.push([line.start, line.end]);
  }
  return ranges;
}

/** Blank lines inside a quoted block belong to it when more quoted lines follow. */
function nextQuote(lines: Line[], k: number): boolean {
  for (let j = k; j < lines.length; j++) {
    const t = lines[j]!.text;
    if (t.trim() === '') continue;
    return isQuoteLine(t);
  }
  return false;
}

/** Index of the last line of an attribution starting at line n (joined over up to 3 lines), or -1. */
function attributionAt(lines: Line[], n: number): number {
  const first = lines[n]!.text.trim();
  if (first.length === 0 || first.length > 400) return -1;
  for (const { start, end } of ATTRIBUTIONS) {
    if (!start.test(first)) continue;
    let joined = '';
    for (let k = n; k < Math.min(lines.length, n + 3); k++) {
      joined = joined ? `${joined} ${lines[k]!.text.trim()}` : lines[k]!.text.trim();
      if (joined.length > 500) break;
      if (end.test(joined) && HAS_DATE_OR_ADDRESS.test(joined)) return k;
    }
  }
  return -1;
}

/** quotedRanges, or undefined when there is nothing to ignore (keeps messages small). */
export function ignoredRangesOf(body: string): IgnoredRange[] | undefined {
  const ranges = quotedRanges(body);
  return ranges.length > 0 ? ranges : undefined;
}
