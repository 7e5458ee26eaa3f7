/**
 * Printable Chinese documents — the 督办单 / 重点事项交办单 and the 专报 — as A4 PDFs laid out like an
 * official document: a red issuer line, a bold title, the document number, a label/value grid, boxed
 * requirement and leader instructions, and a '第 N 页 共 M 页' footer.
 *
 * The fonts, the page, the Writer and the footer are in pdf-writer.ts, shared with report-document.ts. Every
 * date printed or stored in the metadata comes from the input, printed in Asia/Shanghai time, so the same input
 * renders the same bytes.
 */
import {
  BLACK,
  BODY_SIZE,
  BOLD,
  chineseNumeral,
  type Field,
  formatShanghaiTime,
  GREY,
  LINE_GAP,
  letterhead,
  oneValue,
  RED,
  REGULAR,
  render,
  SP,
  type Writer,
} from './pdf-writer';

export { chineseNumeral, formatShanghaiTime } from './pdf-writer';

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

function timeOrDash(at: Date | null): string {
  return at ? formatShanghaiTime(at) : '—';
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


const ORDER_TITLE = { supervision: '督办单', key_item: '重点事项交办单' } as const;
const ORDER_STATUS = { open: '待反馈', responded: '已反馈', closed: '已办结' } as const;

/** A 督办单 or 重点事项交办单 with the case it is about and the space (or the text) of the unit's response. */
export function renderSupervisionOrderPdf(order: SupervisionOrderDoc): Promise<Buffer> {
  const title = ORDER_TITLE[order.kind];
  const isKey = order.kind === 'key_item';
  return render(
    { title: `${title} ${order.orderNo}`, subject: `${order.case.caseNo} ${order.case.title}`, keywords: `${order.case.caseNo}, ${order.unitName}`, createdAt: order.issuedAt },
    (w) => {
      letterhead(w, order.issuer, title, [order.orderNo]);
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
      letterhead(w, report.unitName, '专报', [report.reportNo]);
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
