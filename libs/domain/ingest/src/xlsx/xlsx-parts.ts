// Handlers for the small OOXML parts: the workbook (sheet order and names), its relationships
// (sheet name → part path) and the shared-strings table.
import { fail } from '../ingest-problem.js';
import { attr, decodeExcelEscapes, parseAttrs, type XmlHandler } from './xml-scanner.js';

export interface WorkbookSheet {
  name: string;
  relId: string;
}

export class WorkbookHandler implements XmlHandler {
  readonly sheets: WorkbookSheet[] = [];
  open(name: string, attrs: string): void {
    if (name !== 'sheet') return;
    const a = parseAttrs(attrs);
    const relId = [...a].find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
    this.sheets.push({
      name: a.get('name') ?? `Sheet${this.sheets.length + 1}`,
      relId: relId ?? '',
    });
  }
  close(): void {}
  text(): void {}
}

export class RelsHandler implements XmlHandler {
  /** relationship id → part path inside the zip */
  readonly targets = new Map<string, string>();
  open(name: string, attrs: string): void {
    if (name !== 'Relationship') return;
    const id = attr(attrs, 'Id');
    const target = attr(attrs, 'Target');
    if (id && target) this.targets.set(id, resolvePart(target));
  }
  close(): void {}
  text(): void {}
}

/** Relationship targets are relative to xl/ or absolute from the package root. */
export function resolvePart(target: string): string {
  const parts: string[] = [];
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  for (const p of path.split('/')) {
    if (p === '..') parts.pop();
    else if (p && p !== '.') parts.push(p);
  }
  return parts.join('/');
}

/** Collects `<si>` items: the text of every `<t>` except phonetic runs (`<rPh>`). */
export class SharedStringsHandler implements XmlHandler {
  readonly strings: string[] = [];
  private current: string[] | undefined;
  private inT = false;
  private inPhonetic = false;
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  open(name: string, _attrs: string, selfClosing: boolean): void {
    if (name === 'si') this.current = [];
    else if (name === 't' && !selfClosing) this.inT = true;
    else if (name === 'rPh') this.inPhonetic = true;
  }
  close(name: string): void {
    if (name === 'si') {
      this.strings.push(decodeExcelEscapes((this.current ?? []).join('')));
      this.current = undefined;
    } else if (name === 't') this.inT = false;
    else if (name === 'rPh') this.inPhonetic = false;
  }
  text(text: string): void {
    if (!this.inT || this.inPhonetic || !this.current) return;
    this.chars += text.length;
    if (this.chars > this.maxChars)
      fail({
        code: 'TOO_LARGE',
        message: `the workbook's shared strings exceed ${this.maxChars} characters`,
      });
    this.current.push(text);
  }
}
