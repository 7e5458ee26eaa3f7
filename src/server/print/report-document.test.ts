import JSZip from 'jszip';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { describe, expect, it, vi } from 'vitest';
import { renderReportDocx, renderReportPdf, type ReportCell, type ReportDocument } from './report-document';

/** Removes all whitespace, so text split or spaced differently by the PDF still compares equal. */
const squash = (s: string) => s.replace(/\s+/g, '');

const DEPARTMENTS = [
  '市发展和改革委员会', '市教育局', '市科学技术局', '市工业和信息化局', '市公安局', '市民政局', '市司法局', '市财政局',
  '市人力资源和社会保障局', '市自然资源和规划局', '市生态环境局', '市住房和城乡建设局', '市城市管理局', '市交通运输局',
  '市水务局', '市农业农村局', '市商务局', '市文化广电旅游局', '市卫生健康委员会', '市退役军人事务局', '市应急管理局',
  '市审计局', '市市场监督管理局', '市体育局', '市统计局', '市医疗保障局', '市信访局', '市数据局', '市机关事务管理局',
  '市住房公积金管理中心', '市公安局交通警察支队', '市消防救援支队', '国家税务总局临江市税务局', '国网临江供电公司',
  '临江水务集团', '临江燃气集团', '临江公交集团', '市邮政管理局', '市烟草专卖局', '市气象局',
  '江北区人民政府', '江南区人民政府', '城东区人民政府', '城西区人民政府', '高新区管委会', '经开区管委会', '临江新区管委会',
  '青山县人民政府', '白石县人民政府', '云溪县人民政府',
  '滨江街道办事处', '人民路街道办事处', '解放路街道办事处', '望江街道办事处', '金沙街道办事处', '东湖街道办事处',
  '西湖街道办事处', '南湖街道办事处', '北山街道办事处', '中山街道办事处',
];

const COLUMNS = ['序号', '承办单位', '受理量', '办结量', '按期办结率', '满意率', '备注'];

const ROWS: ReportCell[][] = DEPARTMENTS.map((unit, i) => {
  const received = 40 + ((i * 37) % 300);
  const closed = received - (i % 6);
  return [
    i + 1,
    unit,
    received,
    closed,
    `${(90 + ((i * 7) % 100) / 10).toFixed(1)}%`,
    i % 9 === 4 ? null : Math.round((85 + ((i * 13) % 150) / 10) * 10) / 10,
    i % 8 === 0 ? '夜间施工噪音、占道经营等问题反复投诉，答复内容与实际办理情况不符，已列入下周重点督办。' : '',
  ];
});

const CHART_LABELS = ['城市管理', '住房建设', '生态环境', '交通出行', '市场监管', '人力社保', '教育服务', '医疗卫生', '民政救助', '其他事项'];
const CHART_VALUES = [3210, 2104, 1496, 1320, 1103, 978, 761, 540, 432, 405];

const LIST = ['城市管理类诉求占比最高，主要集中在占道经营和夜间施工噪音。', '住房保障类诉求明显增加，集中在公租房维修和物业服务。', '交通出行类诉求总体平稳。'];

const REPORT: ReportDocument = {
  title: '临江市12345政务服务便民热线周报',
  subtitle: '2026年第47期（11月16日—11月22日）',
  issuer: '临江市12345政务服务便民热线中心',
  number: '临江热线〔2026〕47号',
  createdAt: new Date('2026-11-23T01:30:00Z'),
  blocks: [
    { type: 'heading', level: 1, text: '一、总体情况' },
    {
      type: 'paragraph',
      text: '本周热线共受理群众诉求12,345件，环比上升3.2%，其中电话渠道受理9,876件，网络渠道受理2,469件。\n全市按期办结率96.5%，群众满意率93.1%，较上周分别提高0.8和0.5个百分点。',
    },
    { type: 'heading', level: 2, text: '（一）各承办单位办理情况' },
    { type: 'table', caption: '表1 各承办单位办理情况', columns: COLUMNS, rows: ROWS },
    { type: 'heading', level: 1, text: '二、热点问题' },
    { type: 'list', items: LIST },
    { type: 'chart', title: '图1 本周诉求类别分布', labels: CHART_LABELS, values: CHART_VALUES, unit: '件' },
    { type: 'heading', level: 1, text: '三、下一步工作' },
    { type: 'paragraph', text: '请各承办单位对照通报问题认真整改，确保群众诉求件件有回音、事事有着落。' },
  ],
};

async function readPdf(buf: Buffer) {
  const pdf = await getDocumentProxy(new Uint8Array(buf));
  const { text } = await extractText(pdf, { mergePages: true });
  const { text: pages } = await extractText(pdf, { mergePages: false });
  return { pdf, text: squash(text), pages: pages.map(squash) };
}

async function documentXml(buf: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buf);
  const file = zip.file('word/document.xml');
  if (!file) throw new Error('no word/document.xml');
  return file.async('string');
}

/** The text of the XML with the tags removed. */
const xmlText = (xml: string) => xml.replace(/<[^>]+>/g, '');

describe('renderReportPdf', () => {
  it('renders the letterhead, headings, a 60-row table across pages with its header repeated, a list and a bar chart', async () => {
    const buf = await renderReportPdf(REPORT);
    expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(buf.length).toBeLessThan(2 * 1024 * 1024);

    const { pdf, text, pages } = await readPdf(buf);
    expect(pages.length).toBeGreaterThan(2);
    for (const s of [REPORT.title, REPORT.subtitle ?? '', REPORT.issuer, REPORT.number ?? '', '2026年11月23日', '一、总体情况', '（一）各承办单位办理情况', '表1各承办单位办理情况']) {
      expect(text).toContain(squash(s));
    }
    expect(text).toContain('本周热线共受理群众诉求12,345件');
    // Row 1 and row 60 (the row's cells in order), a null printed as '—'.
    expect(text).toContain('1市发展和改革委员会');
    expect(text).toContain('60中山街道办事处');
    expect(text).toContain('—');
    // The header row is on every page the table runs onto, and on more than one.
    const header = squash(COLUMNS.join(''));
    const withHeader = pages.filter((p) => p.includes(header));
    expect(withHeader.length).toBeGreaterThan(1);
    const tablePages = pages.filter((p) => DEPARTMENTS.some((d) => p.includes(d)));
    expect(withHeader.length).toBe(tablePages.length);
    // The numbered list and the chart: each label followed by its value.
    LIST.forEach((item, i) => expect(text).toContain(`${i + 1}.${squash(item)}`));
    expect(text).toContain('图1本周诉求类别分布');
    CHART_LABELS.forEach((label, i) => expect(text).toContain(`${label}${CHART_VALUES[i]}件`));
    // Page numbers and the running header.
    expect(pages[0]).toContain(`第1页共${pages.length}页`);
    expect(pages[1]).toContain(squash(REPORT.title));

    const { info } = await getMeta(pdf);
    expect(info.Title).toBe(`${REPORT.title} ${REPORT.subtitle}`);
    expect(info.Creator).toBe('回音 Huiyin');
  });

  it('renders the same bytes for the same input', async () => {
    const [a, b] = await Promise.all([renderReportPdf(REPORT), renderReportPdf(REPORT)]);
    expect(a.equals(b)).toBe(true);
  });

  it('splits a row taller than a page across pages, losing no text, and handles an empty chart', async () => {
    const long = Array.from({ length: 40 }, (_, i) => `（${i + 1}）经核查，该工地夜间施工问题属实，已责令整改并立案调查，后续将持续跟踪督办。`).join('\n');
    const buf = await renderReportPdf({
      title: '关于2026年第三季度12345热线诉求办理情况的通报',
      issuer: '临江市12345政务服务便民热线中心',
      createdAt: new Date('2026-10-08T16:30:00Z'), // 10月9日 in Shanghai
      blocks: [
        { type: 'table', columns: ['单位', '问题', '件数'], widths: [2, 6, 1], rows: [['市城市管理局', long, 12], ['市教育局', '答复敷衍', 3]] },
        { type: 'chart', title: '空图', labels: [], values: [] },
      ],
    });
    const { text, pages } = await readPdf(buf);
    expect(pages.length).toBeGreaterThan(1);
    expect(text).toContain('2026年10月9日');
    for (let i = 1; i <= 40; i++) expect(text).toContain(`（${i}）经核查`);
    expect(text).toContain('市教育局答复敷衍3');
    expect(pages.filter((p) => p.includes('单位问题件数')).length).toBe(pages.length);
    expect(text).toContain('（无数据）');
  });
});

describe('renderReportDocx', () => {
  it('writes a .docx with the letterhead, headings, the tables, the list and the chart as a table', async () => {
    const buf = await renderReportDocx(REPORT);
    expect(buf.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(buf.length).toBeLessThan(2 * 1024 * 1024);
    const xml = await documentXml(buf);
    const text = xmlText(xml);
    for (const s of [REPORT.issuer, REPORT.title, REPORT.subtitle ?? '', REPORT.number ?? '', '2026年11月23日', '一、总体情况', '二、热点问题', '表1 各承办单位办理情况']) {
      expect(text).toContain(s);
    }
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toContain('w:firstLineChars="200"');
    expect(text).toContain('市发展和改革委员会');
    expect(text).toContain('中山街道办事处');
    for (const item of LIST) expect(text).toContain(item);
    expect(text).toContain('图1 本周诉求类别分布');
    for (const label of CHART_LABELS) expect(text).toContain(label);
    expect(text).toContain('3210');

    const tables = xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
    expect(tables).toHaveLength(2);
    const [table, chart] = tables as [string, string];
    expect(table.match(/<w:tr[ >]/g)).toHaveLength(61);
    expect(table).toContain('<w:tblHeader/>');
    expect(table).toContain('w:fill="F2F2F2"');
    expect(chart.match(/<w:tr[ >]/g)).toHaveLength(11);
    expect(chart).toContain('数值（件）');

    const zip = await JSZip.loadAsync(buf);
    const footer = await zip.file('word/footer1.xml')?.async('string');
    expect(footer).toContain('PAGE');
    const core = await zip.file('docProps/core.xml')?.async('string');
    expect(core).toContain('<dc:title>临江市12345政务服务便民热线周报</dc:title>');
    expect(core).toContain('<dc:creator>回音 Huiyin</dc:creator>');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-23T01:30:00Z</dcterms:created>');
  });

  it('renders the same bytes for the same input, whatever the clock says', async () => {
    // docx dates the core properties and its zip stamps the entries with the clock: both must come from createdAt.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
      const a = await renderReportDocx(REPORT);
      vi.setSystemTime(new Date('2031-06-15T12:34:56Z'));
      const b = await renderReportDocx(REPORT);
      expect(a.equals(b)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
