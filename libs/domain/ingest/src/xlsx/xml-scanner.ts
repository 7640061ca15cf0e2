// A small streaming XML scanner for the OOXML parts we read: text is pushed in chunks, tags and
// text come out through a handler. Namespace prefixes are dropped (`x:c` → `c`); comments,
// processing instructions and the doctype are skipped; CDATA is text. Only what SpreadsheetML
// needs — it is not a validating parser.

export interface XmlHandler {
  open(name: string, attrs: string, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

export class XmlScanner {
  private buf = '';

  constructor(private readonly handler: XmlHandler) {}

  push(chunk: string): void {
    const s = this.buf ? this.buf + chunk : chunk;
    const n = s.length;
    const h = this.handler;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        // keep a trailing partial entity together with the rest of the text
        const amp = s.lastIndexOf('&');
        const cut = amp >= i && s.indexOf(';', amp) < 0 ? amp : n;
        if (cut > i) h.text(decodeEntities(s.slice(i, cut)));
        i = cut;
        break;
      }
      if (lt > i) h.text(decodeEntities(s.slice(i, lt)));
      i = lt;
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === 33 /* ! */) {
        if (s.startsWith('<![CDATA[', lt)) {
          const end = s.indexOf(']]>', lt + 9);
          if (end < 0) break;
          h.text(s.slice(lt + 9, end));
          i = end + 3;
        } else if (s.startsWith('<!--', lt)) {
          const end = s.indexOf('-->', lt + 4);
          if (end < 0) break;
          i = end + 3;
        } else {
          const end = s.indexOf('>', lt);
          if (end < 0) break;
          i = end + 1;
        }
        continue;
      }
      const gt = s.indexOf('>', lt);
      if (gt < 0 || lt + 1 >= n) break;
      i = gt + 1;
      if (c1 === 63 /* ? */) continue;
      if (c1 === 47 /* / */) {
        h.close(localName(s.slice(lt + 2, gt).trim()));
        continue;
      }
      const selfClosing = s.charCodeAt(gt - 1) === 47;
      const body = s.slice(lt + 1, selfClosing ? gt - 1 : gt);
      const sp = body.search(/\s/);
      const name = localName(sp < 0 ? body : body.slice(0, sp));
      h.open(name, sp < 0 ? '' : body.slice(sp), selfClosing);
      if (selfClosing) h.close(name);
    }
    this.buf = i < n ? s.slice(i) : '';
  }

  /** True when input ended inside a tag. */
  get pending(): boolean {
    return this.buf.trim().length > 0;
  }
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of a tag as a map (prefixes kept: `r:id`). */
export function parseAttrs(attrs: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of attrs.matchAll(ATTR)) out.set(m[1]!, decodeEntities(m[2] ?? m[3] ?? ''));
  return out;
}

/** One attribute without building the map (hot path for `<c r= t=>`). */
export function attr(attrs: string, name: string): string | undefined {
  const at = attrs.indexOf(`${name}=`);
  if (at < 0) return undefined;
  // the name must start the attribute (not `xr:r=` matching `r=`)
  if (at > 0 && !/\s/.test(attrs[at - 1]!)) {
    const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
    return m ? decodeEntities(m[1] ?? m[2] ?? '') : undefined;
  }
  const q = attrs[at + name.length + 1];
  if (q !== '"' && q !== "'") return undefined;
  const end = attrs.indexOf(q, at + name.length + 2);
  return end < 0 ? undefined : decodeEntities(attrs.slice(at + name.length + 2, end));
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_m, e: string) => {
    if (e[0] !== '#') return NAMED[e]!;
    const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
  });
}

/** Excel escapes control characters in strings as _xHHHH_. */
export function decodeExcelEscapes(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}
