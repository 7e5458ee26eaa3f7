/**
 * A generic report document — the 周报, the monthly, quarterly and annual reports, the quarterly 通报 — as a list of
 * blocks (headings, paragraphs, tables, numbered lists, bar charts), rendered two ways:
 *
 * - renderReportPdf: an A4 PDF in the style of the other printed documents (pdf-writer.ts): the red issuer line and
 *   rule, the bold centred title, the subtitle, the document number and the date; tables with a shaded header row
 *   that is repeated on every page the table runs onto; bar charts drawn as vector shapes; '第 N 页 共 M 页' footers.
 * - renderReportDocx: an editable Word document (the `docx` package) with the same content: 宋体 body, 黑体 headings,
 *   a red issuer line, tables at full width with a repeated, shaded header row, Word numbered lists, the charts as
 *   two-column tables, and '第 X 页 共 Y 页' in the footer.
 *
 * Every date printed or stored comes from `createdAt` (Asia/Shanghai), so the same input renders the same bytes —
 * for the .docx too: its core properties are written from `createdAt` and the zip entries are stamped with it, where
 * `docx` would otherwise use the clock.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  type IBorderOptions,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import {
  BLACK,
  BODY_SIZE,
  BOLD,
  CELL_PAD,
  formatShanghaiDate,
  GREY,
  GRID_SIZE,
  LABEL_FILL,
  LINE_GAP,
  letterhead,
  oneValue,
  REGULAR,
  render,
  RULE,
  SP,
  splitParagraphs,
  type Writer,
} from './pdf-writer';

export type ReportCell = string | number | null;

export type ReportBlock =
  /** Level 1: the '一、…' section headings (the caller writes the numbering); level 2: sub-headings. */
  | { type: 'heading'; text: string; level: 1 | 2 }
  /** Body text; each line is a paragraph, its first line indented two characters. */
  | { type: 'paragraph'; text: string }
  /**
   * A table with a header row. `widths` are relative weights (by default the columns share the width by their
   * content). Numbers, and strings that are numbers such as '96.5%', are right-aligned; null is printed as '—'.
   * A row with fewer cells than columns is padded with empty cells; extra cells are ignored.
   */
  | { type: 'table'; columns: string[]; rows: ReportCell[][]; widths?: number[]; caption?: string }
  /** A numbered list (1. 2. …). */
  | { type: 'list'; items: string[] }
  /**
   * A horizontal bar chart (in the .docx, a two-column table with the title as caption). Bars are paired with
   * labels by position; extra labels or values are ignored. Negative and non-finite values get no bar.
   */
  | { type: 'chart'; title: string; labels: string[]; values: number[]; unit?: string };

export interface ReportDocument {
  /** E.g. '临江市12345政务服务便民热线周报'. */
  title: string;
  /** E.g. '2026年第47期（11月16日—11月22日）'. */
  subtitle?: string;
  /** E.g. '临江市12345政务服务便民热线中心' — the red letterhead line. */
  issuer: string;
  /** The document number, e.g. '临江热线〔2026〕47号'. */
  number?: string;
  /** The printed date and the files' metadata date. */
  createdAt: Date;
  blocks: ReportBlock[];
}

const AUTHOR = '回音 Huiyin';

// ---------------------------------------------------------------------------------------------------
// Shared by both renderers

type Align = 'left' | 'center' | 'right';

/** A number as printed: whole numbers as they are, others to at most two decimals; '—' when not finite. */
function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

function cellText(v: ReportCell | undefined): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'number' ? formatNumber(v) : v;
}

const NUMERIC = /^[-+]?\d[\d,]*(\.\d+)?\s*[%‰]?$/;

function cellAlign(v: ReportCell | undefined): Align {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return 'center';
  if (typeof v === 'number') return 'right';
  return NUMERIC.test(v.trim()) ? 'right' : 'left';
}

/** A row with exactly one cell per column. */
function fitRow(row: ReportCell[], columns: number): (ReportCell | undefined)[] {
  return Array.from({ length: columns }, (_, i) => row[i]);
}

/** The rough width of a line in ems: CJK and full-width characters are one, others about half. */
function emWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.55;
  return w;
}

function widestLine(s: string): number {
  return Math.max(0, ...s.split('\n').map(emWidth));
}

/**
 * The relative widths of a table's columns, for a table `room` ems wide: the caller's when they are usable.
 * Otherwise each column wants its widest line (header or cell, capped so one long column leaves room for the
 * others) and needs at least its header; when not every column gets what it wants, each gets what it needs and
 * the rest of the room is shared in proportion to what they still want.
 */
function columnWeights(columns: string[], rows: ReportCell[][], widths: number[] | undefined, room: number): number[] {
  if (widths && widths.length === columns.length && widths.every((x) => Number.isFinite(x) && x > 0)) return [...widths];
  const PAD = 1.5; // the cell's padding (and a little to spare), in ems
  const need = columns.map((header) => Math.min(Math.max(widestLine(header), 1), 10) + PAD);
  const want = columns.map((header, i) => {
    let widest = widestLine(header);
    for (const row of rows) widest = Math.max(widest, widestLine(cellText(row[i])));
    return Math.max(Math.min(widest, 16) + PAD, need[i] ?? 0);
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  if (sum(want) <= room || sum(need) >= room) return sum(want) <= room ? want : need;
  const share = (room - sum(need)) / (sum(want) - sum(need));
  return need.map((n, i) => n + ((want[i] ?? n) - n) * share);
}

/** The chart's label/value pairs. */
function chartPairs(block: Extract<ReportBlock, { type: 'chart' }>): { label: string; value: number }[] {
  const n = Math.min(block.labels.length, block.values.length);
  return Array.from({ length: n }, (_, i) => ({ label: block.labels[i] ?? '', value: block.values[i] ?? Number.NaN }));
}

function chartValueText(value: number, unit: string | undefined): string {
  const s = formatNumber(value);
  return s === '—' || !unit ? s : `${s}${unit}`;
}

// ---------------------------------------------------------------------------------------------------
// PDF

const TABLE_SIZE = GRID_SIZE;
const CELL_PAD_Y = 4;
const CHART_SIZE = 10;
const CHART_ROW = 18;
const BAR_HEIGHT = 11;
const BAR_COLOR = '#2f5597';
const BLOCK_GAP = 8;

interface PdfCell {
  text: string;
  align: Align;
}

/** The header line under the letterhead: the document number on the left (if any), the date on the right. */
function numberAndDate(w: Writer, number: string | undefined, createdAt: Date): void {
  const d = w.doc;
  w.style(REGULAR, 12, BLACK);
  const h = w.lineHeight(12);
  w.ensure(h);
  const y = d.y;
  const no = number?.trim();
  if (no) d.text(no, w.left, y, { width: w.width / 2, align: 'left', lineBreak: false });
  d.text(formatShanghaiDate(createdAt), w.left + w.width / 2, y, { width: w.width / 2, align: 'right', lineBreak: false });
  d.x = w.left;
  d.y = y + h + 12;
}

function pdfHeading(w: Writer, text: string, level: 1 | 2, first: boolean): void {
  if (level === 1) {
    if (!first) w.space(6);
    w.heading(oneValue(text), 14);
    return;
  }
  const d = w.doc;
  if (!first) w.space(3);
  w.ensure(w.lineHeight(12, BOLD) + 2 * w.lineHeight(BODY_SIZE));
  w.style(BOLD, 12, BLACK);
  d.text(oneValue(text), w.left, d.y, { width: w.width, lineGap: LINE_GAP });
  d.y += 3;
}

function pdfList(w: Writer, items: string[]): void {
  const d = w.doc;
  w.style(REGULAR, BODY_SIZE, BLACK);
  const indent = 2 * BODY_SIZE; // the numbers line up with the paragraphs' first lines
  const numberWidth = d.widthOfString(`${items.length}.`) + 6;
  const x = w.left + indent + numberWidth;
  const width = w.width - indent - numberWidth;
  items.forEach((item, i) => {
    w.ensure(w.lineHeight(BODY_SIZE));
    const y = d.y;
    d.text(`${i + 1}.`, w.left + indent, y, { width: numberWidth - 6, align: 'right', lineBreak: false });
    d.text(item.trim() || '—', x, y, { width, lineGap: LINE_GAP, paragraphGap: 3 });
  });
  d.x = w.left;
}

/** Splits `text` into the longest start that fits `room` points of height in `width`, and the rest. */
function splitToFit(w: Writer, text: string, width: number, room: number): [string, string] {
  const opts = { width, lineGap: LINE_GAP };
  if (w.doc.heightOfString(text, opts) <= room) return [text, ''];
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (w.doc.heightOfString(chars.slice(0, mid).join(''), opts) <= room) lo = mid;
    else hi = mid - 1;
  }
  return [chars.slice(0, lo).join(''), chars.slice(lo).join('').replace(/^\s+/, '')];
}

/**
 * A table: the caption and the header row stay with the first row; rows flow onto as many pages as they need,
 * each new page starting with the header row again. A row moves to the next page whole, unless it is taller than
 * a page, when it is split between lines.
 */
function pdfTable(w: Writer, block: Extract<ReportBlock, { type: 'table' }>): void {
  const d = w.doc;
  const n = block.columns.length;
  if (n === 0) return;
  const weights = columnWeights(block.columns, block.rows, block.widths, w.width / TABLE_SIZE);
  const total = weights.reduce((a, b) => a + b, 0);
  const xs: number[] = [];
  const ws: number[] = [];
  let x = w.left;
  for (const weight of weights) {
    const cw = (w.width * weight) / total;
    xs.push(x);
    ws.push(cw);
    x += cw;
  }
  const innerWidth = (i: number) => (ws[i] ?? 0) - 2 * CELL_PAD;
  const header: PdfCell[] = block.columns.map((text) => ({ text: text.trim(), align: 'center' }));
  const rows: PdfCell[][] = block.rows.map((row) => fitRow(row, n).map((v) => ({ text: cellText(v), align: cellAlign(v) })));

  const textHeights = (cells: PdfCell[], bold: boolean) => {
    d.font(bold ? BOLD : REGULAR).fontSize(TABLE_SIZE);
    return cells.map((c, i) => (c.text === '' ? 0 : d.heightOfString(c.text, { width: innerWidth(i), lineGap: LINE_GAP })));
  };
  const rowHeight = (cells: PdfCell[], bold = false) => Math.max(w.lineHeight(TABLE_SIZE), ...textHeights(cells, bold)) + 2 * CELL_PAD_Y;

  /** Draws a row of height `h` at the current position; the text is vertically centred, or at the top of a split row. */
  const drawRow = (cells: PdfCell[], h: number, bold: boolean, top = false) => {
    const y = d.y;
    const heights = textHeights(cells, bold);
    d.save();
    if (bold) for (let i = 0; i < n; i++) d.rect(xs[i] ?? 0, y, ws[i] ?? 0, h).fill(LABEL_FILL);
    d.lineWidth(0.6).strokeColor(BLACK);
    for (let i = 0; i < n; i++) d.rect(xs[i] ?? 0, y, ws[i] ?? 0, h).stroke();
    d.restore();
    w.style(bold ? BOLD : REGULAR, TABLE_SIZE, BLACK);
    cells.forEach((c, i) => {
      if (c.text === '') return;
      // The trailing line gap is not ink, so it does not count when centring.
      const ty = top ? y + CELL_PAD_Y : y + (h - (heights[i] ?? 0) + LINE_GAP) / 2;
      // `height` keeps pdfkit from ever starting a page of its own inside a cell.
      d.text(c.text, (xs[i] ?? 0) + CELL_PAD, ty, { width: innerWidth(i), lineGap: LINE_GAP, align: c.align, height: y + h - ty + 1 });
    });
    d.x = w.left;
    d.y = y + h;
  };

  const headerHeight = rowHeight(header, true);
  const newPage = () => {
    d.addPage();
    drawRow(header, headerHeight, true);
  };

  // The caption, the header row and the first row (or as much of them as a page holds) go together.
  const captionText = block.caption?.trim();
  w.style(BOLD, BODY_SIZE, BLACK);
  const captionHeight = captionText ? d.heightOfString(captionText, { width: w.width, lineGap: LINE_GAP }) + 4 : 0;
  const minRoom = 2 * w.lineHeight(TABLE_SIZE) + 2 * CELL_PAD_Y;
  const first = rows[0] ? rowHeight(rows[0]) : 0;
  // A first row taller than a page is split anyway, so it only needs to start here.
  w.ensure(captionHeight + headerHeight + (first <= w.pageSpace - captionHeight - headerHeight ? first : minRoom));
  if (captionText) w.centred(captionText, BOLD, BODY_SIZE, BLACK, 4);
  drawRow(header, headerHeight, true);

  for (const row of rows) {
    let cells: PdfCell[] | null = row;
    let freshPage = false;
    while (cells) {
      const h = rowHeight(cells);
      const room = w.bottom - d.y;
      if (h <= room) {
        drawRow(cells, h, false);
        break;
      }
      if (!freshPage && (h <= w.pageSpace - headerHeight || room < minRoom)) {
        newPage();
        freshPage = true;
        continue;
      }
      if (room < minRoom) {
        drawRow(cells, h, false); // a page too small for two lines: nothing better to do
        break;
      }
      // Taller than a page: what fits here, the rest on the next page.
      d.font(REGULAR).fontSize(TABLE_SIZE);
      const parts = cells.map((c, i) => splitToFit(w, c.text, innerWidth(i), room - 2 * CELL_PAD_Y - 1));
      drawRow(
        cells.map((c, i) => ({ ...c, text: parts[i]?.[0] ?? '' })),
        room,
        false,
        true,
      );
      const rest: PdfCell[] = cells.map((c, i) => ({ ...c, text: parts[i]?.[1] ?? '' }));
      cells = rest.some((c) => c.text !== '') ? rest : null;
      if (cells) {
        newPage();
        freshPage = true;
      }
    }
  }
  d.x = w.left;
}

/** Shortens `text` with '…' until it is at most `width` points wide in the current font. */
function fitWidth(w: Writer, text: string, width: number): string {
  if (w.doc.widthOfString(text) <= width) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && w.doc.widthOfString(`${chars.join('')}…`) > width) chars.pop();
  return `${chars.join('')}…`;
}

/** A horizontal bar chart: the title, then one row per bar — the label, the bar from a common axis, the value. */
function pdfChart(w: Writer, block: Extract<ReportBlock, { type: 'chart' }>): void {
  const d = w.doc;
  const pairs = chartPairs(block);
  const title = oneValue(block.title);
  w.style(BOLD, BODY_SIZE, BLACK);
  const titleHeight = d.heightOfString(title, { width: w.width, lineGap: LINE_GAP }) + 6;
  // The whole chart on one page when it fits on one.
  w.ensure(Math.min(titleHeight + Math.max(pairs.length, 1) * CHART_ROW, w.pageSpace));
  w.centred(title, BOLD, BODY_SIZE, BLACK, 6);
  if (pairs.length === 0) {
    w.centred('（无数据）', REGULAR, BODY_SIZE, GREY);
    return;
  }
  w.style(REGULAR, CHART_SIZE, BLACK);
  const lineHeight = d.currentLineHeight(true);
  const labelWidth = Math.min(Math.max(...pairs.map((p) => d.widthOfString(p.label.trim()))) + 8, w.width * 0.32);
  const texts = pairs.map((p) => chartValueText(p.value, block.unit));
  const valueWidth = Math.max(...texts.map((t) => d.widthOfString(t))) + 6;
  const axis = w.left + labelWidth;
  const barRoom = Math.max(w.width - labelWidth - valueWidth, 20);
  const max = Math.max(0, ...pairs.map((p) => (Number.isFinite(p.value) ? p.value : 0)));
  pairs.forEach((p, i) => {
    if (d.y + CHART_ROW > w.bottom) d.addPage();
    const y = d.y;
    const ty = y + (CHART_ROW - lineHeight) / 2;
    const length = max > 0 && Number.isFinite(p.value) && p.value > 0 ? (p.value / max) * barRoom : 0;
    if (length > 0) d.save().rect(axis, y + (CHART_ROW - BAR_HEIGHT) / 2, length, BAR_HEIGHT).fill(BAR_COLOR).restore();
    d.save().lineWidth(0.6).strokeColor(RULE).moveTo(axis, y).lineTo(axis, y + CHART_ROW).stroke().restore();
    w.style(REGULAR, CHART_SIZE, BLACK);
    d.text(fitWidth(w, p.label.trim(), labelWidth - 8), w.left, ty, { width: labelWidth - 6, align: 'right', lineBreak: false });
    d.text(texts[i] ?? '', axis + length + 4, ty, { width: valueWidth, lineBreak: false });
    d.x = w.left;
    d.y = y + CHART_ROW;
  });
}

/** The report as an A4 PDF. */
export function renderReportPdf(report: ReportDocument): Promise<Buffer> {
  const subtitle = report.subtitle?.trim();
  return render(
    {
      title: subtitle ? `${report.title} ${subtitle}` : report.title,
      subject: subtitle ?? report.title,
      keywords: [report.issuer, report.number].filter((s) => s && s.trim()).join(', '),
      createdAt: report.createdAt,
    },
    (w) => {
      letterhead(w, report.issuer, report.title, subtitle ? [subtitle] : [], 22);
      numberAndDate(w, report.number, report.createdAt);
      report.blocks.forEach((block, i) => {
        const first = i === 0;
        switch (block.type) {
          case 'heading':
            pdfHeading(w, block.text, block.level, first);
            break;
          case 'paragraph':
            if (splitParagraphs(block.text).length === 0) break;
            w.paragraphs(block.text);
            w.space(BLOCK_GAP / 2);
            break;
          case 'list':
            if (block.items.length === 0) break;
            pdfList(w, block.items);
            w.space(BLOCK_GAP / 2);
            break;
          case 'table':
            pdfTable(w, block);
            w.space(BLOCK_GAP);
            break;
          case 'chart':
            pdfChart(w, block);
            w.space(BLOCK_GAP);
            break;
        }
      });
      // The running header: the title and the subtitle, shortened to one line.
      w.style(REGULAR, 9, GREY);
      return fitWidth(w, subtitle ? `${oneValue(report.title)}${SP}${subtitle}` : oneValue(report.title), w.width);
    },
  );
}

// ---------------------------------------------------------------------------------------------------
// DOCX

/** Twips (1/20 pt). A4 is 210 × 297 mm; the margins are 2.5 cm as in the PDF. */
const PAGE_WIDTH = 11906;
const PAGE_HEIGHT = 16838;
const PAGE_MARGIN = 1417;
const TEXT_WIDTH = PAGE_WIDTH - 2 * PAGE_MARGIN;

const SONG = { eastAsia: '宋体', ascii: 'SimSun', hAnsi: 'SimSun' } as const;
const HEI = { eastAsia: '黑体', ascii: 'SimHei', hAnsi: 'SimHei' } as const;
const DOCX_RED = 'C00000';
const DOCX_FILL = 'F2F2F2';
/** Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt, 小五 9 pt. */
const SIZE_TITLE = 44;
const SIZE_ISSUER = 40;
const SIZE_H1 = 32;
const SIZE_H2 = 28;
const SIZE_BODY = 24;
const SIZE_TABLE = 21;
const SIZE_FOOTER = 18;
const LIST_REFERENCE = 'report-list';

const CELL_BORDER: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const DOCX_ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

/** Text with its line breaks as paragraphs: one Paragraph per line ('—' stays a single line). */
function cellParagraphs(text: string, align: Align, bold: boolean): Paragraph[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return lines.map((line) => new Paragraph({ alignment: DOCX_ALIGN[align], children: [new TextRun({ text: line, size: SIZE_TABLE, ...(bold ? { bold: true } : {}) })] }));
}

function docxTable(columns: string[], rows: ReportCell[][], weights: number[]): Table {
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((x) => Math.floor((TEXT_WIDTH * x) / total));
  const cell = (text: string, align: Align, i: number, header: boolean) =>
    new TableCell({
      children: cellParagraphs(text, align, header),
      width: { size: widths[i] ?? 0, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      ...(header ? { shading: { type: ShadingType.CLEAR, fill: DOCX_FILL, color: 'auto' } } : {}),
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: CELL_BORDER, bottom: CELL_BORDER, left: CELL_BORDER, right: CELL_BORDER, insideHorizontal: CELL_BORDER, insideVertical: CELL_BORDER },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c, i) => cell(c.trim(), 'center', i, true)) }),
      ...rows.map((row) => new TableRow({ children: fitRow(row, columns.length).map((v, i) => cell(cellText(v), cellAlign(v), i, false)) })),
    ],
  });
}

function caption(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    keepNext: true,
    spacing: { before: 120, after: 80 },
    children: [new TextRun({ text, bold: true, font: HEI, size: SIZE_BODY })],
  });
}

/** An empty paragraph, the space after a table. */
function gap(): Paragraph {
  return new Paragraph({ spacing: { after: 0 }, children: [] });
}

/** The report as an editable Word document (.docx). */
export async function renderReportDocx(report: ReportDocument): Promise<Buffer> {
  const subtitle = report.subtitle?.trim();
  const number = report.number?.trim();
  const date = formatShanghaiDate(report.createdAt);
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 360 },
      border: { bottom: { style: BorderStyle.THICK_THIN_SMALL_GAP, size: 24, color: DOCX_RED, space: 6 } },
      children: [new TextRun({ text: oneValue(report.issuer), bold: true, color: DOCX_RED, font: SONG, size: SIZE_ISSUER })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: subtitle ? 120 : 240 },
      children: [new TextRun({ text: oneValue(report.title), bold: true, font: SONG, size: SIZE_TITLE })],
    }),
  ];
  if (subtitle) {
    children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: subtitle, size: SIZE_H2 })] }));
  }
  // The number on the left and the date on the right, by a right tab stop at the right margin.
  children.push(
    new Paragraph({
      alignment: number ? AlignmentType.LEFT : AlignmentType.RIGHT,
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
      spacing: { after: 240 },
      children: number ? [new TextRun({ text: number }), new TextRun({ children: [new Tab(), date] })] : [new TextRun({ text: date })],
    }),
  );

  let lists = 0;
  for (const block of report.blocks) {
    switch (block.type) {
      case 'heading':
        children.push(new Paragraph({ heading: block.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, children: [new TextRun({ text: oneValue(block.text) })] }));
        break;
      case 'paragraph':
        for (const p of splitParagraphs(block.text)) {
          children.push(new Paragraph({ indent: { firstLineChars: 200, firstLine: 2 * SIZE_BODY * 10 }, spacing: { line: 360 }, children: [new TextRun({ text: p })] }));
        }
        break;
      case 'list': {
        lists += 1;
        for (const item of block.items) {
          children.push(new Paragraph({ numbering: { reference: LIST_REFERENCE, level: 0, instance: lists }, spacing: { line: 360 }, children: [new TextRun({ text: item.trim() || '—' })] }));
        }
        break;
      }
      case 'table': {
        if (block.columns.length === 0) break;
        const captionText = block.caption?.trim();
        if (captionText) children.push(caption(captionText));
        children.push(docxTable(block.columns, block.rows, columnWeights(block.columns, block.rows, block.widths, TEXT_WIDTH / (SIZE_TABLE * 10))), gap());
        break;
      }
      case 'chart': {
        const pairs = chartPairs(block);
        const unit = block.unit?.trim();
        const columns = ['项目', unit ? `数值（${unit}）` : '数值'];
        const rows: ReportCell[][] = pairs.map((p) => [p.label.trim(), Number.isFinite(p.value) ? p.value : null]);
        children.push(caption(oneValue(block.title)), docxTable(columns, rows, [3, 1]), gap());
        break;
      }
    }
  }

  const doc = new Document({
    title: report.title,
    subject: subtitle ?? report.title,
    creator: AUTHOR,
    lastModifiedBy: AUTHOR,
    revision: 1,
    styles: {
      default: {
        document: {
          run: { font: SONG, size: SIZE_BODY, language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
          paragraph: { spacing: { after: 0 } },
        },
        heading1: {
          run: { font: HEI, size: SIZE_H1, bold: false, color: '000000' },
          paragraph: { spacing: { before: 240, after: 120 }, keepNext: true, keepLines: true, outlineLevel: 0 },
        },
        heading2: {
          run: { font: HEI, size: SIZE_H2, bold: false, color: '000000' },
          paragraph: { spacing: { before: 120, after: 60 }, keepNext: true, keepLines: true, outlineLevel: 1 },
        },
      },
    },
    numbering: {
      config: [
        {
          reference: LIST_REFERENCE,
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 960, hanging: 480 } } } }],
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE_WIDTH, height: PAGE_HEIGHT },
            margin: { top: PAGE_MARGIN, bottom: PAGE_MARGIN, left: PAGE_MARGIN, right: PAGE_MARGIN, header: 851, footer: 851 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ size: SIZE_FOOTER, children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  const created = Number.isFinite(report.createdAt.getTime()) ? report.createdAt : new Date(0);
  // docx stamps the core properties with the clock; these are the same properties dated `createdAt`.
  const buf = await Packer.toBuffer(doc, false, [{ path: 'docProps/core.xml', data: coreProperties(report.title, subtitle ?? report.title, created) }]);
  stampZip(buf, created);
  return buf;
}

function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''); // eslint-disable-line no-control-regex
}

/** docProps/core.xml as docx writes it, with `created` for both dates. */
function coreProperties(title: string, subject: string, created: Date): string {
  const at = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlEscape(title)}</dc:title><dc:subject>${xmlEscape(subject)}</dc:subject><dc:creator>${xmlEscape(AUTHOR)}</dc:creator>` +
    `<cp:lastModifiedBy>${xmlEscape(AUTHOR)}</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/**
 * Sets the modification time of every entry of a zip file, in place, to `at` (Asia/Shanghai wall time, as MS-DOS
 * stores it; clamped to 1980–2107). The zip library docx uses stamps the entries with the clock, which would make two
 * renders of one document differ. Walks the central directory from the end record; anything unexpected is an error.
 */
function stampZip(zip: Buffer, at: Date): void {
  const local = new Date(Math.min(Math.max(at.getTime() + 8 * 3_600_000, Date.UTC(1980, 0, 1)), Date.UTC(2107, 11, 31, 23, 59, 58)));
  const time = (local.getUTCHours() << 11) | (local.getUTCMinutes() << 5) | (local.getUTCSeconds() >> 1);
  const date = ((local.getUTCFullYear() - 1980) << 9) | ((local.getUTCMonth() + 1) << 5) | local.getUTCDate();
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('docx: no zip end record');
  const count = zip.readUInt16LE(end + 10);
  let p = zip.readUInt32LE(end + 16);
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('docx: bad zip central directory');
    zip.writeUInt16LE(time, p + 12);
    zip.writeUInt16LE(date, p + 14);
    const header = zip.readUInt32LE(p + 42);
    if (zip.readUInt32LE(header) !== 0x04034b50) throw new Error('docx: bad zip entry');
    zip.writeUInt16LE(time, header + 10);
    zip.writeUInt16LE(date, header + 12);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
}
