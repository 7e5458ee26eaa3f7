/**
 * The machinery shared by the printed documents (pdf.ts: the 督办单 and the 专报; report-document.ts: reports and
 * notices): the fonts, the A4 page, the Writer that lays text out on it, the letterhead, and the '第 N 页 共 M 页'
 * footer with a running header.
 *
 * Text is set in Noto Sans SC (regular and bold, from @expo-google-fonts/noto-sans-sc). Each font file is read once,
 * lazily, and the Buffer is reused; pdfkit embeds only the glyphs a document uses, so a file stays small. Every date
 * printed or stored in the metadata comes from the input, printed in Asia/Shanghai time, so the same input renders
 * the same bytes. Internal to src/server/print.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

// ---------------------------------------------------------------------------------------------------
// Small helpers

const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai has been UTC+8 without daylight saving since 1991

/** An instant as 'YYYY-MM-DD HH:mm' in Asia/Shanghai, whatever the machine's time zone; '—' when invalid. */
export function formatShanghaiTime(at: Date): string {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) return '—';
  const iso = new Date(ms + SHANGHAI_OFFSET_MS).toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** The day of an instant in Asia/Shanghai as 'YYYY年M月D日', as official documents date themselves; '—' when invalid. */
export function formatShanghaiDate(at: Date): string {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) return '—';
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

const DIGITS = '零一二三四五六七八九';
const POWERS = ['', '十', '百', '千'];

/** A whole number 0–9999 in Chinese numerals: 1 → 一, 10 → 十, 15 → 十五, 20 → 二十, 99 → 九十九, 101 → 一百零一. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) return String(n);
  if (n < 10) return DIGITS.charAt(n);
  if (n < 20) return `十${n % 10 === 0 ? '' : DIGITS.charAt(n % 10)}`;
  const s = String(n);
  let out = '';
  let pendingZero = false;
  for (let i = 0; i < s.length; i++) {
    const d = Number(s.charAt(i));
    if (d === 0) {
      pendingZero = true;
      continue;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    out += DIGITS.charAt(d) + (POWERS[s.length - 1 - i] ?? '');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Fonts: read once, lazily; the Buffers are shared by every document.

interface FontFiles {
  regular: Buffer;
  bold: Buffer;
}

let fontFiles: Promise<FontFiles> | undefined;

function loadFonts(): Promise<FontFiles> {
  fontFiles ??= (async () => {
    const root = path.dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/package.json'));
    const [regular, bold] = await Promise.all([
      readFile(path.join(root, '400Regular', 'NotoSansSC_400Regular.ttf')),
      readFile(path.join(root, '700Bold', 'NotoSansSC_700Bold.ttf')),
    ]);
    return { regular, bold };
  })().catch((err: unknown) => {
    fontFiles = undefined; // let a later call try again
    throw err;
  });
  return fontFiles;
}

// ---------------------------------------------------------------------------------------------------
// Layout

export const REGULAR = 'NotoSansSC-Regular';
export const BOLD = 'NotoSansSC-Bold';
export const MARGIN = (2.5 / 2.54) * 72; // 2.5 cm in points
export const RED = '#c00000';
export const BLACK = '#000000';
export const GREY = '#595959';
export const RULE = '#7f7f7f';
export const LABEL_FILL = '#f2f2f2';
export const BODY_SIZE = 11;
export const GRID_SIZE = 10.5;
export const LINE_GAP = 3;
const LABEL_WIDTH = 74;
export const CELL_PAD = 5;
const BOX_PAD = 8;
/** The ideographic (full-width) space. */
export const SP = '\u3000';

export type Doc = PDFKit.PDFDocument;

interface Box {
  page: number;
  x: number;
  y: number;
  w: number;
  h: number;
  color: string;
  lineWidth: number;
}

export interface Field {
  label: string;
  value: string;
}

interface GridCell {
  x: number;
  w: number;
  text: string;
  label: boolean;
  textHeight: number;
}

/** The document being written, plus the decorations (box outlines) drawn once all pages exist. */
export class Writer {
  readonly boxes: Box[] = [];

  constructor(readonly doc: Doc) {}

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get bottom(): number {
    return this.doc.page.maxY();
  }

  /** The height of a page's writing area. */
  get pageSpace(): number {
    return this.bottom - this.doc.page.margins.top;
  }

  /** Content is always written on the last page; this is its index. */
  get pageIndex(): number {
    const r = this.doc.bufferedPageRange();
    return r.start + r.count - 1;
  }

  style(font: string, size: number, color: string): this {
    this.doc.font(font).fontSize(size).fillColor(color);
    return this;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  space(points: number): void {
    if (this.doc.y + points > this.bottom) this.doc.addPage();
    else this.doc.y += points;
  }

  lineHeight(size: number, font = REGULAR): number {
    this.doc.font(font).fontSize(size);
    return this.doc.currentLineHeight(true) + LINE_GAP;
  }

  /** Centred text across the writing area. */
  centred(text: string, font: string, size: number, color: string, gap = 0): void {
    this.style(font, size, color);
    this.ensure(this.doc.heightOfString(text, { width: this.width, lineGap: LINE_GAP }));
    this.doc.text(text, this.left, this.doc.y, { width: this.width, align: 'center', lineGap: LINE_GAP });
    this.doc.y += gap;
  }

  /** A horizontal rule across the writing area at the current position. */
  rule(color: string, lineWidth: number): void {
    const y = this.doc.y + lineWidth / 2;
    this.doc.save().lineWidth(lineWidth).strokeColor(color).moveTo(this.left, y).lineTo(this.left + this.width, y).stroke().restore();
    this.doc.y += lineWidth;
  }

  /**
   * A section heading (bold, with a rule under it), kept on one page with the next `keepWithNext` points
   * (as far as a page allows; by default a few lines of text).
   */
  heading(text: string, size = 13, color = BLACK, keepWithNext = 3 * this.lineHeight(BODY_SIZE)): void {
    const h = this.lineHeight(size, BOLD) + 7;
    this.ensure(h + Math.min(keepWithNext, this.pageSpace - h));
    this.style(BOLD, size, color);
    this.doc.text(text, this.left, this.doc.y, { width: this.width, lineGap: LINE_GAP });
    this.doc.y += 1;
    this.rule(color === BLACK ? RULE : color, 0.6);
    this.doc.y += 5;
  }

  /** A small bold label above a block of text. */
  subheading(text: string, color = BLACK): void {
    this.ensure(this.lineHeight(BODY_SIZE, BOLD) + 2 * this.lineHeight(BODY_SIZE));
    this.style(BOLD, BODY_SIZE, color);
    this.doc.text(text, this.left, this.doc.y, { width: this.width, lineGap: LINE_GAP });
    this.doc.y += 2;
  }

  /**
   * Paragraphs that flow across pages; each line of the input is a paragraph, indented two characters
   * as is usual in Chinese. `x`/`width` default to the writing area.
   */
  paragraphs(text: string, opts: { x?: number; width?: number; font?: string; size?: number; color?: string; indent?: boolean } = {}): void {
    const size = opts.size ?? BODY_SIZE;
    const x = opts.x ?? this.left;
    const width = opts.width ?? this.width;
    const paras = splitParagraphs(text);
    this.style(opts.font ?? REGULAR, size, opts.color ?? BLACK);
    for (const p of paras.length > 0 ? paras : ['（无）']) {
      this.ensure(this.doc.currentLineHeight(true) + LINE_GAP);
      this.doc.text(p, x, this.doc.y, { width, lineGap: LINE_GAP, paragraphGap: 3, indent: opts.indent === false ? 0 : 2 * size });
    }
    this.doc.x = this.left;
  }

  /**
   * Content inside an outlined box; the box follows the content across page breaks (one outline per page).
   * The outlines are drawn at the end, when every page exists.
   */
  boxed(color: string, lineWidth: number, minHeight: number, body: (x: number, width: number) => void): void {
    this.ensure(Math.min(minHeight, this.pageSpace) + 2 * BOX_PAD);
    const x = this.left;
    const w = this.width;
    let page = this.pageIndex;
    let top = this.doc.y;
    const onPageAdded = () => {
      this.boxes.push({ page, x, y: top, w, h: this.bottom + BOX_PAD - top, color, lineWidth });
      page = this.pageIndex;
      top = this.doc.page.margins.top - BOX_PAD;
    };
    this.doc.y += BOX_PAD;
    this.doc.on('pageAdded', onPageAdded);
    try {
      body(x + BOX_PAD, w - 2 * BOX_PAD);
    } finally {
      this.doc.removeListener('pageAdded', onPageAdded);
    }
    this.doc.y += BOX_PAD;
    this.boxes.push({ page, x, y: top, w, h: this.doc.y - top, color, lineWidth });
    this.doc.x = this.left;
  }

  /** The cells of one grid row and its height. */
  private layoutRow(row: Field[]): { fields: Field[]; cells: GridCell[]; h: number } {
    const fields = row.slice(0, 2);
    const valueWidth = fields.length === 1 ? this.width - LABEL_WIDTH : (this.width - 2 * LABEL_WIDTH) / 2;
    const cells: GridCell[] = [];
    let x = this.left;
    for (const f of fields) {
      cells.push({ x, w: LABEL_WIDTH, text: f.label, label: true, textHeight: 0 });
      cells.push({ x: x + LABEL_WIDTH, w: valueWidth, text: oneValue(f.value), label: false, textHeight: 0 });
      x += LABEL_WIDTH + valueWidth;
    }
    for (const c of cells) {
      this.doc.font(c.label ? BOLD : REGULAR).fontSize(GRID_SIZE);
      c.textHeight = this.doc.heightOfString(c.text, { width: c.w - 2 * CELL_PAD, lineGap: LINE_GAP });
    }
    return { fields, cells, h: cells.length === 0 ? 0 : Math.max(...cells.map((c) => c.textHeight)) + 2 * CELL_PAD };
  }

  /** The height of a grid when it is printed in one piece. */
  gridHeight(rows: Field[][]): number {
    return rows.reduce((sum, row) => sum + this.layoutRow(row).h, 0);
  }

  /**
   * A label/value grid: each row holds one field across the full width or two fields side by side.
   * The grid starts on a new page if it would fit there but not here; a row never splits across pages,
   * and a value too long for a page is printed as a flowing paragraph instead.
   */
  grid(rows: Field[][]): void {
    const total = this.gridHeight(rows);
    if (total <= this.pageSpace) this.ensure(total);
    for (const row of rows) {
      const { fields, cells, h } = this.layoutRow(row);
      if (cells.length === 0) continue;
      if (h > this.pageSpace) {
        // Too tall for any page: print the fields as paragraphs.
        for (const f of fields) {
          this.subheading(`${f.label}：`);
          this.paragraphs(oneValue(f.value));
        }
        continue;
      }
      this.ensure(h);
      const y = this.doc.y;
      const d = this.doc;
      d.save();
      for (const c of cells) if (c.label) d.rect(c.x, y, c.w, h).fill(LABEL_FILL);
      d.lineWidth(0.6).strokeColor(BLACK);
      for (const c of cells) d.rect(c.x, y, c.w, h).stroke();
      d.restore();
      for (const c of cells) {
        // Vertically centred; the trailing line gap is not ink, so it does not count.
        this.style(c.label ? BOLD : REGULAR, GRID_SIZE, BLACK);
        d.text(c.text, c.x + CELL_PAD, y + (h - c.textHeight + LINE_GAP) / 2, { width: c.w - 2 * CELL_PAD, lineGap: LINE_GAP, align: c.label ? 'center' : 'left' });
      }
      d.x = this.left;
      d.y = y + h;
    }
  }

  /** Blank ruled lines for handwriting. */
  blankLines(count: number, x: number, width: number, spacing = 24): void {
    const d = this.doc;
    d.save().lineWidth(0.5).strokeColor(RULE);
    for (let i = 1; i <= count; i++) {
      const y = d.y + i * spacing;
      d.moveTo(x, y).lineTo(x + width, y).stroke();
    }
    d.restore();
    d.y += count * spacing + 6;
  }
}

export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** A value for one grid cell: line breaks folded into spaces, '—' when empty. */
export function oneValue(value: string | null | undefined): string {
  const v = (value ?? '').replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return v.length > 0 ? v : '—';
}

/**
 * The red issuer line, the double red rule, the title (bold, `titleSize` points), then `lines` (such as the document
 * number) centred under it.
 */
export function letterhead(w: Writer, issuer: string, title: string, lines: string[], titleSize = 24): void {
  w.centred(oneValue(issuer), BOLD, 20, RED, 4);
  w.rule(RED, 2);
  w.doc.y += 2;
  w.rule(RED, 0.6);
  w.doc.y += 14;
  w.centred(oneValue(title), BOLD, titleSize, BLACK, lines.length === 0 ? 14 : 4);
  lines.forEach((line, i) => w.centred(oneValue(line), REGULAR, 12, BLACK, i === lines.length - 1 ? 14 : 2));
}


/** Page numbers in every footer and a running header from the second page on; then the box outlines. */
function finishPages(w: Writer, runningHeader: string): void {
  const d = w.doc;
  const range = d.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    d.switchToPage(i);
    const page = d.page;
    const left = page.margins.left;
    const width = page.width - page.margins.left - page.margins.right;
    for (const b of w.boxes) {
      if (b.page === i) d.save().lineWidth(b.lineWidth).strokeColor(b.color).rect(b.x, b.y, b.w, b.h).stroke().restore();
    }
    // Writing in the margins: lift the bottom margin so pdfkit does not start a new page.
    const bottom = page.margins.bottom;
    page.margins.bottom = 0;
    w.style(REGULAR, 9, GREY);
    if (i > range.start) {
      d.text(runningHeader, left, MARGIN / 2 - 6, { width, align: 'right', lineBreak: false });
      d.save().lineWidth(0.5).strokeColor(RULE).moveTo(left, MARGIN / 2 + 8).lineTo(left + width, MARGIN / 2 + 8).stroke().restore();
    }
    d.text(`第 ${i - range.start + 1} 页 共 ${range.count} 页`, left, page.height - MARGIN / 2 - 6, { width, align: 'center', lineBreak: false });
    page.margins.bottom = bottom;
  }
}

/**
 * An A4 document with the fonts registered: `build` writes the content and returns the running header printed from
 * the second page on; then every page gets its footer. `createdAt` is the metadata's date (the epoch when invalid).
 */
export async function render(info: { title: string; subject: string; keywords: string; createdAt: Date }, build: (w: Writer) => string): Promise<Buffer> {
  const fonts = await loadFonts();
  // The document's own date, never the clock (pdfkit would default to now); the epoch if it is invalid.
  const created = Number.isFinite(info.createdAt.getTime()) ? info.createdAt : new Date(0);
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: info.title,
      Author: '回音 Huiyin',
      Creator: '回音 Huiyin',
      Subject: info.subject,
      Keywords: info.keywords,
      CreationDate: created,
      ModDate: created,
    },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(REGULAR, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);
  const w = new Writer(doc);
  w.style(REGULAR, BODY_SIZE, BLACK);
  const runningHeader = build(w);
  finishPages(w, runningHeader);
  doc.end();
  return done;
}
