import { describe, expect, it } from 'vitest';
import { catalogueMatch, isAboutOfficials, isLitigation, routeCase, type CatalogueEntry } from './route-case';

const units = { disciplineUnitId: 'jw', politicalLegalUnitId: 'zfw' };
const catalogue: CatalogueEntry[] = [
  { categoryCode: 'hjbh', regionUnitId: null, territorial: false, leadUnitId: 'dept-sthj', coUnitIds: [] },
  { categoryCode: 'hjbh.zs', regionUnitId: null, territorial: true, leadUnitId: 'dept-cg', coUnitIds: [] },
  { categoryCode: 'hjbh.zs', regionUnitId: 'dist-jn', territorial: false, leadUnitId: 'dept-cg', coUnitIds: ['st-jn-1'] },
  { categoryCode: 'cjjs.wy', regionUnitId: null, territorial: true, leadUnitId: null, coUnitIds: ['dept-zj'] },
  { categoryCode: 'sdqr.water', regionUnitId: null, territorial: false, leadUnitId: 'ent-water', coUnitIds: ['ent-water', 'dept-zj'] },
];

describe('the routing rules, as a table', () => {
  const cases: [string, Parameters<typeof routeCase>[0], { lead: string | null; co: string[]; reason: string }][] = [
    ['tip-off about an official → discipline', { kind: 'tip_off', text: '举报某局干部上班时间在茶楼打牌', categoryCode: 'djzw', regionPath: ['st-jb-1', 'dist-jb'] }, { lead: 'jw', co: [], reason: 'discipline' }],
    ['tip-off about a shop → not discipline', { kind: 'tip_off', text: '举报某超市销售过期食品', categoryCode: null, regionPath: [] }, { lead: null, co: [], reason: 'none' }],
    ['complaint naming bribery → discipline', { kind: 'complaint', text: '办证窗口工作人员索贿', categoryCode: null, regionPath: [] }, { lead: 'jw', co: [], reason: 'discipline' }],
    ['complaint about rude staff → not discipline', { kind: 'complaint', text: '物业工作人员态度恶劣', categoryCode: 'cjjs.wy.service', regionPath: ['st-jb-1', 'dist-jb'] }, { lead: 'st-jb-1', co: ['dept-zj'], reason: 'catalogue_territorial' }],
    ['enforcement of a judgment → political-legal', { kind: 'help', text: '法院判决三年了执行难，钱一直要不回来', categoryCode: 'gasf', regionPath: [] }, { lead: 'zfw', co: [], reason: 'political_legal' }],
    ['noise in a street → the street leads (territory first)', { kind: 'complaint', text: '夜间施工噪音扰民', categoryCode: 'hjbh.zs.construction', regionPath: ['st-jb-2', 'dist-jb'] }, { lead: 'st-jb-2', co: ['dept-cg'], reason: 'catalogue_territorial' }],
    ['noise in 江南区 → the district row beats anywhere', { kind: 'complaint', text: '广场舞噪音', categoryCode: 'hjbh.zs.life', regionPath: ['st-jn-2', 'dist-jn'] }, { lead: 'dept-cg', co: ['st-jn-1'], reason: 'catalogue' }],
    ['air pollution → the parent category row', { kind: 'complaint', text: '工厂排放黑烟', categoryCode: 'hjbh.dq', regionPath: ['st-lh-1', 'dist-lh'] }, { lead: 'dept-sthj', co: [], reason: 'catalogue' }],
    ['water → the company, itself not repeated as co-unit', { kind: 'help', text: '停水两天了', categoryCode: 'sdqr.water.outage', regionPath: [] }, { lead: 'ent-water', co: ['dept-zj'], reason: 'catalogue' }],
    ['territorial row but no region known → no proposal', { kind: 'complaint', text: '物业乱收费', categoryCode: 'cjjs.wy.fee', regionPath: [] }, { lead: null, co: [], reason: 'none' }],
    ['no category → no proposal', { kind: 'consultation', text: '公积金怎么提取', categoryCode: null, regionPath: ['st-jb-1', 'dist-jb'] }, { lead: null, co: [], reason: 'none' }],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    const p = routeCase(input, catalogue, units);
    expect({ lead: p.leadUnitId, co: p.coUnitIds, reason: p.reason }).toEqual(expected);
  });
});

describe('special routes', () => {
  it('leaves labour arbitration and a company’s managers alone', () => {
    expect(isLitigation('咨询劳动仲裁怎么申请')).toEqual([]);
    expect(isAboutOfficials('tip_off', '举报物业公司领导私自挪用维修基金')).toEqual([]);
  });
  it('names the words that decided', () => {
    expect(isAboutOfficials('tip_off', '举报村干部优亲厚友分配低保')).toEqual(['村干部', '优亲厚友']);
    expect(isLitigation('不服二审判决，要求再审')).toEqual(['判决', '再审']);
  });
  it('does without a discipline unit', () => {
    expect(routeCase({ kind: 'tip_off', text: '举报干部打牌', categoryCode: null, regionPath: [] }, [], { disciplineUnitId: null, politicalLegalUnitId: null }).reason).toBe('none');
  });
});

describe('catalogue matching', () => {
  it('prefers the deepest category, then the deepest region', () => {
    expect(catalogueMatch(catalogue, 'hjbh.zs.life', ['st-jn-1', 'dist-jn'])?.regionUnitId).toBe('dist-jn');
    expect(catalogueMatch(catalogue, 'hjbh.zs.life', ['st-jb-1', 'dist-jb'])?.territorial).toBe(true);
    expect(catalogueMatch(catalogue, 'hjbh.sw', [])?.leadUnitId).toBe('dept-sthj');
    expect(catalogueMatch(catalogue, 'jtys.gj', [])).toBeNull();
  });
});
