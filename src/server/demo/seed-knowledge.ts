/**
 * The demo city's knowledge base and filings (issue #12 §1–2), through the same repositories as
 * real use: published articles of the three GB/T 44191 types (one still in review), and filings
 * on the bulletin board now — one of them late.
 */
import type { DatabaseHandle } from '../db/database';
import type { AuthUser } from '../auth/auth.repo';
import { createArticle, transitionArticle } from '../knowledge/knowledge.repo';
import { createFiling } from '../filings/filings.repo';
import type { FilingType } from '../../core/filings';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const ARTICLES: { type: 'policy' | 'guide' | 'faq'; unit: string; category?: string; title: string; body: string; publish: boolean }[] = [
  {
    type: 'guide',
    unit: 'dept-gjj',
    category: 'ldsb.gjj',
    title: '住房公积金租房提取办理指南',
    body: '在本市无自有住房且租房居住的缴存职工，可申请提取住房公积金支付房租。所需材料：本人身份证、租赁合同备案证明或租房发票。办理渠道：“临江公积金”APP、市民服务中心公积金窗口。每年可提取一次，单次提取额度不超过当年实际房租。',
    publish: true,
  },
  {
    type: 'guide',
    unit: 'dept-yb',
    title: '新生儿城乡居民医保参保登记指南',
    body: '新生儿出生后 90 日内参保的，自出生之日起享受医保待遇。监护人可携带出生医学证明、户口簿到户籍所在地街道社保服务站办理，或在“临江医保”小程序线上办理，个人缴费按当年城乡居民标准。',
    publish: true,
  },
  {
    type: 'faq',
    unit: 'ent-water',
    title: '突然停水怎么办？如何查询停水通知',
    body: '计划停水会提前 3 天在“临江水务”公众号和小区公告栏发布。突然停水可能是管网抢修，可拨打供水抢修电话 0799-88196116 查询恢复时间；二次供水设施由物业管理，请先联系物业。',
    publish: true,
  },
  {
    type: 'policy',
    unit: 'dept-cg',
    title: '夜间施工噪声管理规定（摘要）',
    body: '依据《中华人民共和国噪声污染防治法》，在噪声敏感建筑物集中区域，禁止夜间（22:00 至次日 6:00）进行产生噪声的建筑施工作业，因生产工艺要求或特殊需要必须连续施工的，须取得证明并公告附近居民。群众可拨打 12345 反映，由城管执法部门依法查处。',
    publish: true,
  },
  {
    type: 'faq',
    unit: 'dept-zwfw',
    title: '居住证办理需要哪些材料',
    body: '在本市居住半年以上、有合法稳定就业或住所的，可到居住地派出所申领居住证。材料：身份证、近期照片、居住证明（房产证或租赁合同）。办理时限 15 个工作日。',
    publish: false,
  },
];

const FILINGS: { unit: string; type: FilingType; title: string; content: string; startInHours: number; hours: number; filedHoursBefore: number; areas: string[] }[] = [
  { unit: 'ent-water', type: 'water_outage', title: '滨江街道部分区域计划停水', content: '因供水管网改造，滨江街道滨江路、望江路沿线小区停水，请居民提前储水。', startInHours: 30, hours: 10, filedHoursBefore: 40, areas: ['st-jb-1'] },
  { unit: 'ent-power', type: 'power_outage', title: '南湖街道线路检修停电', content: '因 10 千伏线路检修，南湖街道南湖路一带计划停电。', startInHours: 20, hours: 8, filedHoursBefore: 120, areas: ['st-jn-1'] },
  { unit: 'dept-jt', type: 'road_closure', title: '滨江路半幅封闭施工', content: '滨江路（江北大桥至望江路段）半幅封闭施工，请车辆绕行江北大道。', startInHours: -48, hours: 24 * 10, filedHoursBefore: 24 * 7, areas: ['dist-jb'] },
  { unit: 'ent-gas', type: 'emergency', title: '望湖街道燃气管道抢修', content: '望湖街道湖滨小区附近燃气管道受损正在抢修，周边暂停供气，恢复时间另行通知。', startInHours: -2, hours: 12, filedHoursBefore: 1, areas: ['st-jb-2'] },
];

export async function seedKnowledge(handle: DatabaseHandle, opts: { now: Date; supervisor: AuthUser }): Promise<void> {
  const { db } = handle;
  const sup = opts.supervisor;
  for (const [i, a] of ARTICLES.entries()) {
    const at = new Date(opts.now.getTime() - (30 - i) * DAY);
    const id = await createArticle(db, sup, { type: a.type, title: a.title, body: a.body, unit: a.unit, category: a.category ?? null }, at);
    await transitionArticle(db, sup, id, 'submit', {}, new Date(at.getTime() + HOUR));
    if (a.publish) await transitionArticle(db, sup, id, 'approve', { note: '内容准确，同意发布' }, new Date(at.getTime() + 2 * HOUR));
  }
  const codes = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  for (const f of FILINGS) {
    const startsAt = new Date(opts.now.getTime() + f.startInHours * HOUR);
    await createFiling(
      db,
      {
        unitId: codes.get(f.unit)!,
        type: f.type,
        title: f.title,
        content: f.content,
        startsAt,
        endsAt: new Date(startsAt.getTime() + f.hours * HOUR),
        areaUnitIds: f.areas.map((c) => codes.get(c)!),
        areaPolygon: null,
        filedBy: null,
      },
      new Date(startsAt.getTime() - f.filedHoursBefore * HOUR),
    );
  }
}
