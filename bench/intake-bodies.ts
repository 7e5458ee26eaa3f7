/**
 * Registration bodies for the intake benchmark: variants of the demo city's 104 case templates, as
 * operators type them — each with its channel, kind and urgency; most with the category the operator
 * picked, some without (the dispatcher classifies them); an address of the street the case belongs
 * to, or map coordinates inside its region, or only the text; a citizen with a name and a mobile
 * number (and sometimes an ID number), or anonymous. Deterministic for a seed.
 */
import { mulberry32 } from '../src/core/random';
import { idCheckChar } from '../src/core/citizen';
import { DEMO_CASE_TEMPLATES, GIVEN_NAMES, STREET_ADDRESSES, SURNAMES } from '../src/server/demo/demo-data';
import { DEMO_REGIONS, randomPointIn } from '../src/server/demo/demo-regions';

const OPENINGS = ['', '', '', '您好，', '你好，我想反映一个问题：', '麻烦登记一下，', '市民来电反映：', '来电人称：'];
const CLOSINGS = ['', '', '', '希望尽快处理。', '请相关部门尽快核实处理，谢谢。', '已经反映过一次，至今没有解决。', '请处理后回复我。', '这个问题影响很多住户。'];
const TIMES = ['', '', '昨天晚上', '这几天', '上周开始', '最近一个月', '今天早上'];

export function intakeBodies(count: number, seed = 12345): Record<string, unknown>[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const regionOf = new Map(DEMO_REGIONS.map((r) => [r.unitCode, r]));
  const bodies: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const t = pick(DEMO_CASE_TEMPLATES);
    const when = pick(TIMES);
    const body: Record<string, unknown> = {
      channel: pick(t.channels),
      kind: t.kind,
      urgency: t.urgency ?? 'normal',
      title: rand() < 0.3 ? `${t.title}（再次反映）`.slice(0, 200) : t.title,
      content: `${pick(OPENINGS)}${when ? `${when}，` : ''}${t.content}${pick(CLOSINGS)}`,
    };
    // operators pick a category for most calls; the rest are left to the dispatcher
    if (rand() < 0.7) body.categoryCode = t.category;
    // a department's case still happens somewhere: an address in any street
    const addresses = STREET_ADDRESSES[t.lead] ?? pick(Object.values(STREET_ADDRESSES));
    const where = rand();
    if (addresses && where < 0.6) body.address = pick(addresses);
    else if (regionOf.has(t.lead) && where < 0.85) body.location = randomPointIn(regionOf.get(t.lead)!.geometry, rand);
    if (rand() < 0.1) {
      body.anonymous = true;
    } else {
      let phone = pick(['138', '139', '135', '150', '158', '186', '187', '177', '199']);
      while (phone.length < 11) phone += Math.floor(rand() * 10);
      const citizen: Record<string, unknown> = { name: pick(SURNAMES) + pick(GIVEN_NAMES), phone };
      if (rand() < 0.2) {
        const first17 = `360102${1950 + Math.floor(rand() * 55)}${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}${String(Math.floor(rand() * 1000)).padStart(3, '0')}`;
        citizen.idNumber = first17 + idCheckChar(first17);
      }
      if (addresses && rand() < 0.5) citizen.address = pick(addresses);
      body.citizen = citizen;
    }
    bodies.push(body);
  }
  return bodies;
}
