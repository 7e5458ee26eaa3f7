/**
 * Printable Chinese documents — the 督办单 / 重点事项交办单 and the 专报 — as A4 PDFs laid out like an
 * official document: a red issuer line, a bold title, the document number, a label/value grid, boxed
 * requirement and leader instructions, and a '第 N 页 共 M 页' footer.
 *
 * Text is set in Noto Sans SC (regular and bold, from @expo-google-fonts/noto-sans-sc). Each font file is
 * read once, lazily, and the Buffer is reused; pdfkit embeds only the glyphs a document uses, so a file
 * stays small. Every date printed or stored in the metadata comes from the input, printed in Asia/Shanghai
 * time, so the same input renders the same bytes.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

export interface CaseSummary {
  caseNo: string;
  title: string;
  kindLabel: string;
  channelLabel: string;
  urgencyLabel: string;
  createdAt: Date;
  address: string | null;
  content: string;
  /** Already masked, e.g. '张** 138****5678', or null when anonymous. */
  citizen: string | null;
  leadUnit: string | null;
  coUnits: string[];
  stateLabel: string;
  dueAt: Date | null;
  /** The unit's latest reply text, or null. */
  latestReply: string | null;
  /** The approved reply, or null. */
  finalReply: string | null;
  /** Leader instructions (领导批示). */
  instructions: { at: Date; by: string; text: string }[];
}

export interface SupervisionOrderDoc {
  /** E.g. '临江督〔2026〕12号'. */
  orderNo: string;
  /** 督办单 / 重点事项交办单 (the document title). */
  kind: 'supervision' | 'key_item';
  /** Issuing unit, e.g. '临江市12345政务服务便民热线中心'. */
  issuer: string;
  /** The person who issued it. */
  issuedBy: string;
  issuedAt: Date;
  dueAt: Date;
  /** The unit that must respond (承办单位). */
  unitName: string;
  /** 督办要求. */
  requirement: string;
  status: 'open' | 'responded' | 'closed';
  response: string | null;
  respondedAt: Date | null;
  respondedBy: string | null;
  case: CaseSummary;
}

export interface SpecialReportDoc {
  /** E.g. '专报〔2026〕3号'. */
  reportNo: string;
  title: string;
  summary: string;
  author: string;
  unitName: string;
  createdAt: Date;
  submittedAt: Date | null;
  cases: CaseSummary[];
}

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

const REGULAR = 'NotoSansSC-Regular';
const BOLD = 'NotoSansSC-Bold';
const MARGIN = (2.5 / 2.54) * 72; // 2.5 cm in points
const RED = '#c00000';
const BLACK = '#000000';
const GREY = '#595959';
const RULE = '#7f7f7f';
const LABEL_FILL = '#f2f2f2';
const BODY_SIZE = 11;
const GRID_SIZE = 10.5;
const LINE_GAP = 3;
const LABEL_WIDTH = 74;
const CELL_PAD = 5;
const BOX_PAD = 8;
/** The ideographic (full-width) space. */
const SP = '\u3000';

type Doc = PDFKit.PDFDocument;

interface Box {
  page: number;
  x: number;
  y: number;
  w: number;
  h: number;
  color: string;
  lineWidth: number;
}

interface Field {
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
class Writer {
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

function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** A value for one grid cell: line breaks folded into spaces, '—' when empty. */
function oneValue(value: string | null | undefined): string {
  const v = (value ?? '').replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return v.length > 0 ? v : '—';
}

function timeOrDash(at: Date | null): string {
  return at ? formatShanghaiTime(at) : '—';
}

/** The red issuer line, the double red rule, the title and the document number. */
function letterhead(w: Writer, issuer: string, title: string, number: string): void {
  w.centred(oneValue(issuer), BOLD, 20, RED, 4);
  w.rule(RED, 2);
  w.doc.y += 2;
  w.rule(RED, 0.6);
  w.doc.y += 14;
  w.centred(oneValue(title), BOLD, 24, BLACK, 4);
  w.centred(oneValue(number), REGULAR, 12, BLACK, 14);
}

/** 领导批示: each instruction with who and when, in a red box. */
function instructionsBlock(w: Writer, instructions: CaseSummary['instructions']): void {
  if (instructions.length === 0) return;
  w.space(6);
  w.boxed(RED, 1.2, w.lineHeight(13, BOLD) + w.lineHeight(BODY_SIZE, BOLD) + 2 * w.lineHeight(12), (x, width) => {
    w.style(BOLD, 13, RED);
    w.doc.text('领导批示', x, w.doc.y, { width, lineGap: LINE_GAP });
    w.doc.y += 2;
    instructions.forEach((ins, i) => {
      if (i > 0) w.doc.y += 4;
      w.ensure(w.lineHeight(BODY_SIZE, BOLD) + w.lineHeight(12));
      w.style(BOLD, BODY_SIZE, RED);
      w.doc.text(`${oneValue(ins.by)}${SP}${formatShanghaiTime(ins.at)}`, x, w.doc.y, { width, lineGap: LINE_GAP });
      w.paragraphs(ins.text, { x, width, font: BOLD, size: 12, color: BLACK, indent: false });
    });
  });
  w.space(6);
}

/**
 * The case under a heading: its facts in a grid (kept with the heading), the leader instructions, then the
 * content and the replies as text.
 */
function caseSection(w: Writer, heading: string, c: CaseSummary): void {
  const facts: Field[][] = [
    [
      { label: '诉求编号', value: c.caseNo },
      { label: '当前状态', value: c.stateLabel },
    ],
    [{ label: '诉求标题', value: c.title }],
    [
      { label: '来源渠道', value: c.channelLabel },
      { label: '诉求类型', value: c.kindLabel },
    ],
    [
      { label: '紧急程度', value: c.urgencyLabel },
      { label: '登记时间', value: formatShanghaiTime(c.createdAt) },
    ],
    [
      { label: '诉求人', value: c.citizen ?? '匿名' },
      { label: '办理期限', value: timeOrDash(c.dueAt) },
    ],
    [{ label: '诉求地址', value: c.address ?? '—' }],
    [{ label: '主办单位', value: c.leadUnit ?? '—' }],
    [{ label: '协办单位', value: c.coUnits.length > 0 ? c.coUnits.join('、') : '—' }],
  ];
  w.heading(heading, 13, BLACK, w.gridHeight(facts));
  w.grid(facts);
  instructionsBlock(w, c.instructions);
  w.space(8);
  w.subheading('诉求内容：');
  w.paragraphs(c.content);
  w.space(6);
  w.subheading('单位反馈：');
  w.paragraphs(c.latestReply ?? '（暂无）', { indent: c.latestReply !== null });
  w.space(6);
  w.subheading('答复意见：');
  w.paragraphs(c.finalReply ?? '（暂无）', { indent: c.finalReply !== null });
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

async function render(info: { title: string; subject: string; keywords: string; createdAt: Date }, build: (w: Writer) => string): Promise<Buffer> {
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

const ORDER_TITLE = { supervision: '督办单', key_item: '重点事项交办单' } as const;
const ORDER_STATUS = { open: '待反馈', responded: '已反馈', closed: '已办结' } as const;

/** A 督办单 or 重点事项交办单 with the case it is about and the space (or the text) of the unit's response. */
export function renderSupervisionOrderPdf(order: SupervisionOrderDoc): Promise<Buffer> {
  const title = ORDER_TITLE[order.kind];
  const isKey = order.kind === 'key_item';
  return render(
    { title: `${title} ${order.orderNo}`, subject: `${order.case.caseNo} ${order.case.title}`, keywords: `${order.case.caseNo}, ${order.unitName}`, createdAt: order.issuedAt },
    (w) => {
      letterhead(w, order.issuer, title, order.orderNo);
      w.grid([
        [{ label: '承办单位', value: order.unitName }],
        [
          { label: '诉求编号', value: order.case.caseNo },
          { label: isKey ? '交办状态' : '督办状态', value: ORDER_STATUS[order.status] },
        ],
        [
          { label: isKey ? '交办时间' : '签发时间', value: formatShanghaiTime(order.issuedAt) },
          { label: '办理时限', value: formatShanghaiTime(order.dueAt) },
        ],
        [
          { label: '签发人', value: order.issuedBy },
          { label: '签发单位', value: order.issuer },
        ],
      ]);
      w.space(12);
      w.boxed(BLACK, 1, 3 * w.lineHeight(BODY_SIZE) + w.lineHeight(12, BOLD), (x, width) => {
        w.style(BOLD, 12, BLACK);
        w.doc.text(isKey ? '交办要求' : '督办要求', x, w.doc.y, { width, lineGap: LINE_GAP });
        w.doc.y += 2;
        w.paragraphs(order.requirement, { x, width });
      });
      w.space(14);
      caseSection(w, '诉求摘要', order.case);
      w.space(14);
      const handwriting = order.response === null && order.status !== 'closed';
      const lines = 8; // ruled lines to answer by hand
      // The prompt, the ruled lines and the signature block stay with the heading on one page.
      w.heading('承办单位反馈', 13, BLACK, handwriting ? w.lineHeight(BODY_SIZE) * 4 + lines * 24 + 20 : undefined);
      if (order.response !== null) {
        w.paragraphs(order.response);
        w.space(4);
        w.style(REGULAR, BODY_SIZE, BLACK);
        w.ensure(w.lineHeight(BODY_SIZE));
        w.doc.text(`反馈人：${oneValue(order.respondedBy)}${SP.repeat(2)}反馈时间：${timeOrDash(order.respondedAt)}`, w.left, w.doc.y, { width: w.width, align: 'right', lineGap: LINE_GAP });
      } else if (order.status === 'closed') {
        w.paragraphs('（本单已办结，无书面反馈。）', { indent: false, color: GREY });
      } else {
        w.paragraphs(`（请于 ${formatShanghaiTime(order.dueAt)} 前书面反馈）`, { indent: false, color: RED, font: BOLD });
        w.blankLines(lines, w.left, w.width);
        w.style(REGULAR, BODY_SIZE, BLACK);
        w.doc.text('承办单位（盖章）：', w.left, w.doc.y, { width: w.width, lineGap: LINE_GAP + 8 });
        w.doc.text(`负责人（签字）：${SP.repeat(12)}日期：${SP.repeat(3)}年${SP.repeat(2)}月${SP.repeat(2)}日`, w.left, w.doc.y, { width: w.width, lineGap: LINE_GAP });
      }
      return `${title}${SP}${oneValue(order.orderNo)}`;
    },
  );
}

/** A 专报: its header, the summary, then one numbered section per case. */
export function renderSpecialReportPdf(report: SpecialReportDoc): Promise<Buffer> {
  return render(
    { title: `专报 ${report.reportNo} ${report.title}`, subject: report.title, keywords: report.cases.map((c) => c.caseNo).join(', '), createdAt: report.createdAt },
    (w) => {
      letterhead(w, report.unitName, '专报', report.reportNo);
      w.centred(oneValue(report.title), BOLD, 16, BLACK, 10);
      w.grid([
        [{ label: '报送单位', value: report.unitName }],
        [
          { label: '撰写人', value: report.author },
          { label: '编制时间', value: formatShanghaiTime(report.createdAt) },
        ],
        [
          { label: '报送时间', value: report.submittedAt ? formatShanghaiTime(report.submittedAt) : '未报送' },
          { label: '涉及诉求', value: `${report.cases.length} 件` },
        ],
      ]);
      w.space(14);
      w.heading('报告摘要');
      w.paragraphs(report.summary);
      w.space(10);
      if (report.cases.length === 0) {
        w.paragraphs('（本专报未附诉求。）', { indent: false, color: GREY });
      }
      report.cases.forEach((c, i) => {
        w.space(i === 0 ? 4 : 14);
        caseSection(w, `${chineseNumeral(i + 1)}、${oneValue(c.title)}`, c);
      });
      return `专报${SP}${oneValue(report.reportNo)}`;
    },
  );
}
