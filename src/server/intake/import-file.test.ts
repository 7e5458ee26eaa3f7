import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS, parseImportFile, type ImportRowError } from './import-file';

const NOW = new Date('2024-06-01T04:00:00Z'); // 2024-06-01 12:00 in Shanghai

async function xlsx(rows: unknown[][], build?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('诉求');
  for (const r of rows) ws.addRow(r);
  build?.(ws);
  wb.addWorksheet('说明').addRow(['这张表不会被读取']);
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

function csv(text: string, bom = false): Buffer {
  return Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8');
}

const EN_HEADER = 'channel,externalId,kind,urgency,title,content,name,phone,idNumber,anonymous,receivedAt';

/** A good English-header CSV row, with one field replaced. */
function good(over: Partial<Record<string, string>> = {}): string {
  const v = {
    channel: 'online',
    externalId: 'E1',
    kind: 'complaint',
    urgency: '',
    title: '噪音扰民',
    content: '夜间施工噪音很大',
    name: '张三',
    phone: '13800138000',
    idNumber: '',
    anonymous: '',
    receivedAt: '',
    ...over,
  };
  return [v.channel, v.externalId, v.kind, v.urgency, v.title, v.content, v.name, v.phone, v.idNumber, v.anonymous, v.receivedAt].join(',');
}

function brief(errors: ImportRowError[]): string[] {
  return errors.map((e) => `${e.row}:${e.field}`);
}

describe('IMPORT_COLUMNS', () => {
  it('lists the required columns', () => {
    expect(IMPORT_COLUMNS.filter((c) => c.required).map((c) => c.key)).toEqual(['channel', 'externalId', 'kind', 'title', 'content']);
  });
});

describe('parseImportFile: .xlsx', () => {
  it('reads a clean workbook of 3 rows with Chinese headers, a date cell and number cells', async () => {
    const file = await xlsx(
      [
        ['渠道', '外部编号', '来源', '诉求类型', '紧急程度', '标题', '诉求内容', '分类编码', '地址', '经度', '纬度', '诉求人', '联系电话', '身份证号', '匿名', '保密', '受理时间', '备注'],
        ['网上留言', 1001, '', '投诉', '急办', '小区噪音扰民', '楼下商铺每天晚上放音乐到凌晨', 'env.noise', '西湖区文三路 100 号', 120.1551, 30.2741, '张三', 13800138000, '110101199003074514', '否', '否', new Date(Date.UTC(2024, 4, 20, 9, 30)), '随便写点'],
        ['走基层', 'ZJC-2', '', '求助', '', '老旧小区加装电梯', '希望协调加装电梯，老人上下楼困难', '', '', '', '', '', '', '', '是', '是', '2024-05-21 14:05:30', ''],
        ['省长热线', 'P-3', '', 'suggestion', 'major_emergency', '燃气泄漏', '闻到很浓的燃气味道，请尽快处理', '', '拱墅区', '', '', '李四', '0571-87654321', '', 'N', 'Y', '2024-05-22T01:00:00Z', ''],
      ],
      (ws) => {
        ws.getCell('Q2').numFmt = 'yyyy-mm-dd hh:mm';
      },
    );
    const progress: [number, number][] = [];
    const result = await parseImportFile(file, '导入.xlsx', { now: NOW, onProgress: (d, t) => progress.push([d, t]) });
    expect(result.errors).toEqual([]);
    expect(result.total).toBe(3);
    expect(progress).toEqual([
      [0, 3],
      [3, 3],
    ]);
    expect(result.rows).toEqual([
      {
        row: 2,
        input: {
          channel: 'online',
          source: null,
          externalId: '1001',
          kind: 'complaint',
          urgency: 'urgent',
          title: '小区噪音扰民',
          content: '楼下商铺每天晚上放音乐到凌晨',
          categoryCode: 'env.noise',
          address: '西湖区文三路 100 号',
          location: { lng: 120.1551, lat: 30.2741 },
          anonymous: false,
          confidential: false,
          citizen: { name: '张三', phone: '13800138000', idNumber: '110101199003074514' },
        },
        receivedAt: new Date('2024-05-20T01:30:00.000Z'),
      },
      {
        row: 3,
        input: {
          channel: 'grassroots',
          source: null,
          externalId: 'ZJC-2',
          kind: 'help',
          urgency: 'normal',
          title: '老旧小区加装电梯',
          content: '希望协调加装电梯，老人上下楼困难',
          categoryCode: null,
          address: null,
          location: null,
          anonymous: true,
          confidential: true,
          citizen: null,
        },
        receivedAt: new Date('2024-05-21T06:05:30.000Z'),
      },
      {
        row: 4,
        input: {
          channel: 'online',
          source: 'province',
          externalId: 'P-3',
          kind: 'suggestion',
          urgency: 'major_emergency',
          title: '燃气泄漏',
          content: '闻到很浓的燃气味道，请尽快处理',
          categoryCode: null,
          address: '拱墅区',
          location: null,
          anonymous: false,
          confidential: true,
          citizen: { name: '李四', phone: '057187654321', idNumber: null },
        },
        receivedAt: new Date('2024-05-22T01:00:00.000Z'),
      },
    ]);
  });

  it('reads rich text, hyperlinks, formula results and an Excel serial number; reports error values', async () => {
    const file = await xlsx([
      ['渠道', '外部编号', '类型', '标题', '内容', '姓名', '受理时间'],
      ['媒体', 'M-1', '批评', { richText: [{ text: '路灯' }, { text: '不亮', font: { bold: true } }] }, { text: '见报道链接内容', hyperlink: 'https://example.cn/a' }, { formula: '"王"&"五"', result: '王五' }, 45432.5],
      ['媒体', 'M-2', '批评', '路灯不亮', '整条街的路灯都不亮', { formula: 'VLOOKUP(1,A1:A2,2)', result: { error: '#N/A' } }, ''],
    ]);
    const result = await parseImportFile(file, 'media.xlsx', { now: NOW });
    expect(result.rows.map((r) => [r.row, r.input.channel, r.input.title, r.input.content, r.input.citizen?.name, r.receivedAt?.toISOString()])).toEqual([
      [2, 'media', '路灯不亮', '见报道链接内容', '王五', '2024-05-20T04:00:00.000Z'], // serial 45432.5 = 2024-05-20 12:00 Shanghai
    ]);
    expect(result.errors).toEqual([{ row: 3, field: 'name', message: '姓名单元格是错误值 #N/A', messageEn: 'name holds the error value #N/A' }]);
  });

  it('asks for an ID number typed as a number to be re-typed as text', async () => {
    const file = await xlsx([
      ['渠道', '外部编号', '类型', '标题', '内容', '姓名', '身份证号'],
      ['微信', 'W-1', '咨询', '社保查询', '怎么查询社保缴费记录', '赵六', Number('110101199003074514')],
    ]);
    const result = await parseImportFile(file, 'w.xlsx', { now: NOW });
    expect(result.rows).toEqual([]);
    expect(result.errors).toEqual([
      {
        row: 2,
        field: 'idNumber',
        message: '身份证号须以文本格式填写（数字格式会丢失末几位，请把该列设为文本后重新录入）',
        messageEn: 'the ID number is stored as a number, which loses its last digits; format the column as text and type it again',
      },
    ]);
  });

  it('refuses a file that is not a workbook', async () => {
    await expect(parseImportFile(Buffer.from('PK\u0003\u0004 not really a zip'), 'cases.xlsx')).rejects.toThrow(/^文件不是有效的 Excel 或 CSV 文件/);
    await expect(parseImportFile(Buffer.from('hello'), 'cases.xlsx')).rejects.toThrow(/^文件不是有效的 Excel 或 CSV 文件/);
    await expect(parseImportFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'cases.xls')).rejects.toThrow('文件不是有效的 Excel 或 CSV 文件（旧版 .xls 格式不受支持，请另存为 .xlsx）');
    await expect(parseImportFile(Buffer.from('abc'), 'cases.pdf')).rejects.toThrow('文件不是有效的 Excel 或 CSV 文件（不支持的文件类型“.pdf”，请上传 .xlsx 或 .csv）');
  });

  it('throws listing the missing required columns in Chinese and English', async () => {
    const file = await xlsx([
      ['渠道', '标题', '姓名'],
      ['网上留言', '标题', '张三'],
    ]);
    const err = await parseImportFile(file, 'x.xlsx', { now: NOW }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('缺少必填列：外部编号（externalId）、诉求类型（kind）、内容（content）');
    expect((err as { messageEn: string }).messageEn).toBe('missing required columns: externalId (外部编号), kind (诉求类型), content (内容)');
    expect((err as { details: unknown }).details).toEqual({ missing: ['externalId', 'kind', 'content'] });
  });

  it('reads 2,000 rows and reports progress at least every 500 rows, ending with (2000, 2000)', async () => {
    const rows: unknown[][] = [['渠道', '外部编号', '类型', '标题', '内容', '电话']];
    for (let i = 1; i <= 2000; i++) rows.push(['网上留言', `B-${i}`, '咨询', `第${i}条`, '请问公积金怎么提取', 13800000000 + i]);
    const progress: [number, number][] = [];
    const result = await parseImportFile(await xlsx(rows), 'big.xlsx', { now: NOW, onProgress: (d, t) => progress.push([d, t]) });
    expect(result.total).toBe(2000);
    expect(result.errors).toEqual([]);
    expect(result.rows.length).toBe(2000);
    expect(result.rows[1999]?.row).toBe(2001);
    expect(result.rows[1999]?.input.citizen?.phone).toBe('13800002000');
    expect(progress).toEqual([
      [0, 2000],
      [500, 2000],
      [1000, 2000],
      [1500, 2000],
      [2000, 2000],
    ]);
  });
});

describe('parseImportFile: CSV', () => {
  it('reads a clean CSV with BOM, English headers, CRLF and quoted commas, quotes and newlines', async () => {
    const text = [
      ' Channel , EXTERNAL_ID ,Kind,Title,Content,Name,Phone,Lng,Lat,Confidential,ReceivedAt,Unknown Column',
      'wechat,W-001,咨询,"公积金, 提取","第一行\n第二行，有逗号, 还有 ""引号""",王五,+86 138 0013 8000,120.5,30.5,TRUE,2024-05-01 08:00,x',
      'leader_line,L-002,praise,表扬,感谢社区工作人员的帮助,,0571-87654321,,,0,2024-05-02T08:00:00+08:00,',
      '媒体热线,M-003,tip_off,举报,"有人在河道里偷排污水\r\n请查处",匿名者,,,,,,',
    ].join('\r\n');
    const result = await parseImportFile(csv(text + '\r\n', true), 'cases.csv', { now: NOW });
    expect(result.errors).toEqual([]);
    expect(result.total).toBe(3);
    expect(result.rows).toEqual([
      {
        row: 2,
        input: {
          channel: 'online',
          source: 'wechat',
          externalId: 'W-001',
          kind: 'consultation',
          urgency: 'normal',
          title: '公积金, 提取',
          content: '第一行\n第二行，有逗号, 还有 "引号"',
          categoryCode: null,
          address: null,
          location: { lng: 120.5, lat: 30.5 },
          anonymous: false,
          confidential: true,
          citizen: { name: '王五', phone: '13800138000', idNumber: null },
        },
        receivedAt: new Date('2024-05-01T00:00:00.000Z'),
      },
      {
        row: 3,
        input: {
          channel: 'leader_line',
          source: null,
          externalId: 'L-002',
          kind: 'praise',
          urgency: 'normal',
          title: '表扬',
          content: '感谢社区工作人员的帮助',
          categoryCode: null,
          address: null,
          location: null,
          anonymous: false,
          confidential: false,
          citizen: { name: null, phone: '057187654321', idNumber: null },
        },
        receivedAt: new Date('2024-05-02T00:00:00.000Z'),
      },
      {
        row: 4,
        input: {
          channel: 'media',
          source: null,
          externalId: 'M-003',
          kind: 'tip_off',
          urgency: 'normal',
          title: '举报',
          content: '有人在河道里偷排污水\r\n请查处',
          categoryCode: null,
          address: null,
          location: null,
          anonymous: false,
          confidential: false,
          citizen: { name: '匿名者', phone: null, idNumber: null },
        },
        receivedAt: null,
      },
    ]);
  });

  it('skips empty rows and keeps the spreadsheet row numbers', async () => {
    const text = [EN_HEADER, '', good({ externalId: 'A' }), ',,,,,,,,,,', '  ,  ', good({ externalId: 'B', kind: '' })].join('\n');
    const result = await parseImportFile(csv(text), 'a.csv', { now: NOW });
    expect(result.total).toBe(2);
    expect(result.rows.map((r) => [r.row, r.input.externalId])).toEqual([[3, 'A']]);
    expect(brief(result.errors)).toEqual(['6:kind']);
  });

  it('reports each kind of bad field with its row and field, in Chinese and English', async () => {
    const rows = [
      good({ externalId: 'R2', channel: '' }),
      good({ externalId: 'R3', channel: '飞鸽传书' }),
      good({ externalId: 'R4', channel: '12345热线电话' }),
      good({ externalId: 'R5', channel: 'sms' }),
      good({ externalId: 'R6', channel: '市长信箱' }),
      good({ externalId: '' }),
      good({ externalId: 'R8', kind: '' }),
      good({ externalId: 'R9', kind: '吐槽' }),
      good({ externalId: 'R10', urgency: '十万火急' }),
      good({ externalId: 'R11', title: '' }),
      good({ externalId: 'R12', title: '长'.repeat(201) }),
      good({ externalId: 'R13', content: '太吵了' }),
      good({ externalId: 'R14', content: '字'.repeat(10_001) }),
      good({ externalId: 'R15', phone: '1380013800' }),
      good({ externalId: 'R16', idNumber: '110101199003074515' }),
      good({ externalId: 'R17', anonymous: '也许' }),
      good({ externalId: 'R18', name: '', phone: '' }),
      good({ externalId: 'R19', receivedAt: '2024-13-01 10:00' }),
      good({ externalId: 'R20', receivedAt: '2024-06-01 12:00:01' }),
      good({ externalId: 'R21', receivedAt: '2024-05-01' }),
      good({ externalId: 'R22', channel: 'grassroots', kind: 'x', title: '', content: '' }),
    ];
    const result = await parseImportFile(csv([EN_HEADER, ...rows].join('\n')), 'bad.csv', { now: NOW });
    expect(result.rows).toEqual([]);
    expect(result.total).toBe(21);
    expect(brief(result.errors)).toEqual([
      '2:channel',
      '3:channel',
      '4:channel',
      '5:channel',
      '6:channel',
      '7:externalId',
      '8:kind',
      '9:kind',
      '10:urgency',
      '11:title',
      '12:title',
      '13:content',
      '14:content',
      '15:phone',
      '16:idNumber',
      '17:anonymous',
      '18:name',
      '19:receivedAt',
      '20:receivedAt',
      '21:receivedAt',
      '22:kind',
      '22:title',
      '22:content',
    ]);
    for (const e of result.errors) {
      expect(e.message).toMatch(/[\u4e00-\u9fff]/);
      expect(e.messageEn).toMatch(/^["a-z]/i);
    }
    const at = (row: number) => result.errors.find((e) => e.row === row);
    expect(at(4)).toEqual({
      row: 4,
      field: 'channel',
      message: '“12345热线电话”（12345热线电话）渠道的诉求由其专门的受理入口登记，不能批量导入',
      messageEn: '"12345热线电话" is the phone channel, which has its own intake and cannot be imported from a file',
    });
    expect(at(5)?.message).toBe('“sms”（市长短信）渠道的诉求由其专门的受理入口登记，不能批量导入');
    expect(at(6)?.message).toBe('“市长信箱”（市长信箱）渠道的诉求由其专门的受理入口登记，不能批量导入');
    expect(at(9)?.message).toBe('诉求类型无法识别：“吐槽”（可填：咨询、求助、投诉、举报、意见建议、批评、表扬）');
    expect(at(12)?.message).toBe('标题不能超过 200 个字（现有 201 个）');
    expect(at(13)).toEqual({ row: 13, field: 'content', message: '内容至少 5 个字', messageEn: 'content needs at least 5 characters' });
    expect(at(16)?.messageEn).toBe('"110101199003074515" is not a valid GB 11643 identity number');
    expect(at(18)?.message).toBe('非匿名诉求须填写诉求人姓名或联系电话');
    expect(at(20)?.message).toBe('受理时间不能晚于当前时间：“2024-06-01 12:00:01”');
  });

  it('checks coordinates: numeric, in range, both or neither', async () => {
    const text = [
      'channel,externalId,kind,title,content,name,经度,纬度',
      'online,C1,咨询,标题,这是诉求内容,张三,东经120,30',
      'online,C2,咨询,标题,这是诉求内容,张三,181,30',
      'online,C3,咨询,标题,这是诉求内容,张三,120,-90.5',
      'online,C4,咨询,标题,这是诉求内容,张三,120,',
      'online,C5,咨询,标题,这是诉求内容,张三,,30',
      'online,C6,咨询,标题,这是诉求内容,张三,-179.9,89.9',
    ].join('\n');
    const result = await parseImportFile(csv(text), 'geo.csv', { now: NOW });
    expect(brief(result.errors)).toEqual(['2:lng', '3:lng', '4:lat', '5:lat', '6:lng']);
    expect(result.errors[0]?.message).toBe('经度须是 -180 到 180 之间的数字，不能是“东经120”');
    expect(result.rows.map((r) => [r.row, r.input.location])).toEqual([[7, { lng: -179.9, lat: 89.9 }]]);
  });

  it('reports a duplicate externalId naming the first row; the first row stays good', async () => {
    const text = [EN_HEADER, good({ externalId: 'D1' }), good({ externalId: 'D2' }), good({ externalId: 'D1' }), good({ externalId: 'D1', kind: '' })].join('\n');
    const result = await parseImportFile(csv(text), 'dup.csv', { now: NOW });
    expect(result.rows.map((r) => r.row)).toEqual([2, 3]);
    expect(result.errors).toEqual([
      { row: 4, field: 'externalId', message: '外部编号“D1”与第 2 行重复', messageEn: 'externalId "D1" repeats row 2' },
      { row: 5, field: 'kind', message: '诉求类型不能为空', messageEn: 'kind is required' },
      { row: 5, field: 'externalId', message: '外部编号“D1”与第 2 行重复', messageEn: 'externalId "D1" repeats row 2' },
    ]);
  });

  it('accepts the channel synonyms', async () => {
    const words = [
      '网上留言',
      '网络',
      '微信',
      '省长热线',
      '省平台转办',
      '媒体',
      '走基层',
      '联络员',
      '社会联络员',
      '领导接听',
      'Online',
      'LIAISON',
      '应急电话',
    ];
    const text = [EN_HEADER, ...words.map((w, i) => good({ externalId: `S${i}`, channel: w }))].join('\n');
    const result = await parseImportFile(csv(text), 'syn.csv', { now: NOW });
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.input.channel, r.input.source])).toEqual([
      ['online', null],
      ['online', null],
      ['online', 'wechat'],
      ['online', 'province'],
      ['online', 'province'],
      ['media', null],
      ['grassroots', null],
      ['liaison', null],
      ['liaison', null],
      ['leader_line', null],
      ['online', null],
      ['liaison', null],
      ['emergency', null],
    ]);
  });

  it('maps the 来源 column to the known sub-sources and refuses a contradiction', async () => {
    const text = [
      '渠道,来源,外部编号,类型,标题,内容,姓名',
      '网上留言,省平台转办,S1,咨询,标题,这是诉求内容,张三',
      '网上留言,人民网,S2,咨询,标题,这是诉求内容,张三',
      '网上留言,市政府网站,S3,咨询,标题,这是诉求内容,张三',
      '省长热线,微信,S4,咨询,标题,这是诉求内容,张三',
    ].join('\n');
    const result = await parseImportFile(csv(text), 'src.csv', { now: NOW });
    expect(result.rows.map((r) => r.input.source)).toEqual(['province', 'people_cn', '市政府网站']);
    expect(result.errors).toEqual([
      { row: 5, field: 'source', message: '来源“微信”与渠道“省长热线”不一致', messageEn: 'source "微信" contradicts channel "省长热线" (which means source province)' },
    ]);
  });

  it('accepts 是/否/1/0/true/false/Y/N and drops personal data of an anonymous row', async () => {
    const values = ['是', '否', '1', '0', 'true', 'FALSE', 'y', 'N'];
    const text = [EN_HEADER, ...values.map((v, i) => good({ externalId: `B${i}`, anonymous: v, name: '', phone: v === '是' ? 'not a phone' : '13800138000' }))].join('\n');
    const result = await parseImportFile(csv(text), 'b.csv', { now: NOW });
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.input.anonymous, r.input.citizen])).toEqual([
      [true, null],
      [false, { name: null, phone: '13800138000', idNumber: null }],
      [true, null],
      [false, { name: null, phone: '13800138000', idNumber: null }],
      [true, null],
      [false, { name: null, phone: '13800138000', idNumber: null }],
      [true, null],
      [false, { name: null, phone: '13800138000', idNumber: null }],
    ]);
  });

  it('reads receivedAt in Shanghai time and as ISO instants', async () => {
    const values = ['2024-05-01 08:00', '2024/5/1 8:00:30', '2024-05-01T08:00', '2024-05-01T00:00:00Z', '2024-05-01T00:00:00.250Z', '2024-04-30T20:00:00-04:00', '2024-02-30 10:00', 'yesterday'];
    const text = [EN_HEADER, ...values.map((v, i) => good({ externalId: `T${i}`, receivedAt: v }))].join('\n');
    const result = await parseImportFile(csv(text), 't.csv', { now: NOW });
    expect(result.rows.map((r) => r.receivedAt?.toISOString())).toEqual([
      '2024-05-01T00:00:00.000Z',
      '2024-05-01T00:00:30.000Z',
      '2024-05-01T00:00:00.000Z',
      '2024-05-01T00:00:00.000Z',
      '2024-05-01T00:00:00.250Z',
      '2024-05-01T00:00:00.000Z',
    ]);
    expect(brief(result.errors)).toEqual(['8:receivedAt', '9:receivedAt']);
  });

  it('throws on missing columns, repeated columns, too many rows, an open quote and a GBK file', async () => {
    await expect(parseImportFile(csv('channel,title\nonline,x'), 'm.csv')).rejects.toThrow('缺少必填列：外部编号（externalId）、诉求类型（kind）、内容（content）');
    await expect(parseImportFile(csv(''), 'empty.csv')).rejects.toThrow('缺少必填列：渠道（channel）、外部编号（externalId）、诉求类型（kind）、标题（title）、内容（content）');
    await expect(parseImportFile(csv(`${EN_HEADER},标题\n${good()},x`), 'r.csv')).rejects.toThrow('表头有重复的列：标题');
    const three = [EN_HEADER, good({ externalId: '1' }), good({ externalId: '2' }), good({ externalId: '3' })].join('\n');
    await expect(parseImportFile(csv(three), 'max.csv', { maxRows: 2 })).rejects.toThrow('文件数据行超过上限 2 行，请拆分后分批导入');
    await expect(parseImportFile(csv(three), 'max.csv', { maxRows: 3, now: NOW })).resolves.toMatchObject({ total: 3 });
    await expect(parseImportFile(csv(`${EN_HEADER}\n${good()}\nonline,"E2,complaint`), 'q.csv')).rejects.toThrow('CSV 第 3 行的引号没有闭合');
    const gbk = Buffer.concat([Buffer.from('channel,'), Buffer.from([0xc7, 0xfe, 0xb5, 0xc0])]); // 渠道 in GBK
    await expect(parseImportFile(gbk, 'gbk.csv')).rejects.toThrow(/^文件不是 UTF-8 编码的 CSV/);
  });

  it('enforces maxRows on .xlsx files too', async () => {
    const file = await xlsx([
      ['渠道', '外部编号', '类型', '标题', '内容', '姓名'],
      ['网上留言', 'X1', '咨询', '标题', '这是诉求内容', '张三'],
      ['网上留言', 'X2', '咨询', '标题', '这是诉求内容', '张三'],
    ]);
    await expect(parseImportFile(file, 'x.xlsx', { maxRows: 1 })).rejects.toThrow('文件数据行超过上限 1 行，请拆分后分批导入');
  });
});
