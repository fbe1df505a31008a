/**
 * HTML message bodies (Intercom parts, Help Scout threads, Zendesk html_body, Freshdesk `body`) as
 * the plain text the customer reads: tags stripped, entities decoded, <br> and block ends turned
 * into line breaks, runs of source whitespace collapsed the way a browser shows them. Every output
 * character remembers the source offset it came from, so a finding still points into the file.
 */

export interface HtmlText {
  text: string;
  /** Offset in the HTML of the character at `text` offset i (i = text.length: the end of the HTML). */
  sourceOffset(i: number): number;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', hellip: '…', mdash: '—', ndash: '–',
  lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d', laquo: '«', raquo: '»', bull: '•', middot: '·',
  copy: '©', reg: '®', trade: '™', euro: '€', pound: '£', yen: '¥', cent: '¢', deg: '°', times: '×', divide: '÷',
  eacute: 'é', egrave: 'è', ecirc: 'ê', euml: 'ë', aacute: 'á', agrave: 'à', acirc: 'â', auml: 'ä', atilde: 'ã', aring: 'å',
  iacute: 'í', igrave: 'ì', icirc: 'î', iuml: 'ï', oacute: 'ó', ograve: 'ò', ocirc: 'ô', ouml: 'ö', otilde: 'õ', oslash: 'ø',
  uacute: 'ú', ugrave: 'ù', ucirc: 'û', uuml: 'ü', ntilde: 'ñ', ccedil: 'ç', szlig: 'ß', yacute: 'ý', yuml: 'ÿ',
  Eacute: 'É', Egrave: 'È', Aacute: 'Á', Agrave: 'À', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', Ntilde: 'Ñ', Ccedil: 'Ç',
  iexcl: '¡', iquest: '¿', shy: '\u00ad', zwj: '\u200d', zwnj: '\u200c', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
};

/** Tags whose end (or the tag itself, for void ones) starts a new line. */
const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'hr',
  'section', 'article', 'header', 'footer', 'dd', 'dt', 'dl', 'address', 'figure', 'figcaption',
]);
/** Elements whose content is not text. */
const SKIP_CONTENT = new Set(['script', 'style', 'head', 'title', 'template']);

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';

/** True when the text has markup worth converting (a tag or an entity). */
export function looksLikeHtml(s: string): boolean {
  return /<\/?[a-zA-Z][^>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z]+);/i.test(s);
}

export function htmlToText(html: string): HtmlText {
  let text = '';
  const map: number[] = [];
  let pendingSpace = -1; // source offset of a collapsed whitespace run not yet written
  let pendingBreak = -1; // source offset of a block boundary not yet written
  let preDepth = 0;
  let lastEnd = 0; // source offset just after the last character written (the end of the text)
  let lower: string | null = null;

  const emit = (s: string, at: number, sourceLength = 1): void => {
    if (pendingBreak >= 0) {
      if (text.length > 0 && !text.endsWith('\n')) {
        text += '\n';
        map.push(pendingBreak);
      }
      pendingBreak = -1;
      pendingSpace = -1;
    }
    if (pendingSpace >= 0) {
      if (text.length > 0 && !text.endsWith('\n') && !text.endsWith(' ')) {
        text += ' ';
        map.push(pendingSpace);
      }
      pendingSpace = -1;
    }
    for (let k = 0; k < s.length; k++) {
      text += s[k];
      map.push(at);
    }
    lastEnd = at + sourceLength;
  };

  let i = 0;
  while (i < html.length) {
    const c = html[i]!;
    if (c === '<') {
      if (html.startsWith('<!--', i)) {
        const end = html.indexOf('-->', i + 4);
        i = end < 0 ? html.length : end + 3;
        continue;
      }
      const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(\/?)>/.exec(html.slice(i, i + 2000));
      if (!tag) {
        emit('<', i); // a lone '<' is text ("a < b")
        i++;
        continue;
      }
      const closing = tag[1] === '/';
      const name = tag[2]!.toLowerCase();
      const tagStart = i;
      i += tag[0].length;
      if (!closing && SKIP_CONTENT.has(name)) {
        lower ??= html.toLowerCase(); // once, however many <script>s there are
        const end = lower.indexOf(`</${name}`, i);
        const close = end < 0 ? -1 : html.indexOf('>', end);
        i = close < 0 ? html.length : close + 1;
        continue;
      }
      if (name === 'pre') preDepth += closing ? (preDepth > 0 ? -1 : 0) : 1;
      if (name === 'br') {
        // <br> is a line break even in a row of them (an empty line between paragraphs); a block
        // that ended just before it ends its line first (`<div>a</div><div><br></div>` = "a\n\n").
        if (pendingBreak >= 0 && text.length > 0 && !text.endsWith('\n')) {
          text += '\n';
          map.push(pendingBreak);
        }
        pendingBreak = -1;
        pendingSpace = -1;
        text += '\n';
        map.push(tagStart);
        lastEnd = i;
      } else if (BLOCK.has(name)) {
        if (pendingBreak < 0) pendingBreak = tagStart;
      } else if (name === 'img') {
        const alt = /\balt\s*=\s*"([^"]*)"/i.exec(tag[0]);
        if (alt && alt[1]) emit(decodeEntities(alt[1]), tagStart, tag[0].length);
      }
      continue;
    }
    if (c === '&') {
      const entity = /^&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});?/.exec(html.slice(i, i + 40));
      const decoded = entity ? decodeEntity(entity[1]!) : null;
      if (entity && decoded !== null) {
        // A non-breaking space shows as a space (Intercom pads with them).
        emit(decoded === '\u00a0' ? ' ' : decoded, i, entity[0].length);
        i += entity[0].length;
        continue;
      }
      emit('&', i);
      i++;
      continue;
    }
    if (isSpace(c) && preDepth === 0) {
      if (pendingSpace < 0) pendingSpace = i;
      i++;
      continue;
    }
    emit(c, i);
    i++;
  }
  map.push(text.length > 0 ? lastEnd : html.length);
  return {
    text,
    sourceOffset: (k: number) => map[Math.max(0, Math.min(k, map.length - 1))]!,
  };
}

function decodeEntity(name: string): string | null {
  if (name.startsWith('#')) {
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) return null;
    return String.fromCodePoint(code);
  }
  return NAMED_ENTITIES[name] ?? null;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (m, name: string) => decodeEntity(name) ?? m);
}
