/**
 * The demo city's directories and duty (issue #12 §3–4): service and emergency numbers, a weekly
 * leader-answering session (past ones too, so leader-line cases of the demo fall in them), social
 * liaisons, grassroots activities, and every handling unit's duty roster around today.
 * Runs before the demo's cases, so their tags come from the real registration rules.
 */
import { randomUUID } from 'node:crypto';
import type { DatabaseHandle } from '../db/database';
import { shanghaiDate, shanghaiInstant } from '../../core/calendar';
import { SURNAMES, GIVEN_NAMES } from './demo-data';

const DAY = 86_400_000;

export async function seedDirectory(handle: DatabaseHandle, opts: { now: Date; rand: () => number }): Promise<void> {
  const { db } = handle;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(opts.rand() * xs.length)]!;
  const entries = [
    { kind: 'emergency', name: '供电抢修', phone: '95598' },
    { kind: 'emergency', name: '燃气抢修（临江燃气）', phone: '0799-88196777' },
    { kind: 'emergency', name: '供水抢修（临江水务）', phone: '0799-88196116' },
    { kind: 'service', name: '市场监管投诉举报', phone: '12315', note: '二级平台，已归并 12345' },
    { kind: 'service', name: '人社服务', phone: '12333', note: '二级平台，已归并 12345' },
    { kind: 'media', name: '临江日报热线联动', phone: '0799-88166666', note: '媒体席位' },
  ] as const;
  await db.insertInto('directory_entries').values(entries.map((e, i) => ({ id: randomUUID(), kind: e.kind, name: e.name, phone: e.phone, note: 'note' in e ? e.note : null, sort: i }))).execute();

  // 领导接听: every Wednesday 09:00–11:00 Shanghai, from 13 weeks ago to 3 weeks ahead
  const leaders = [
    ['赵建国', '副市长', '城市管理与市容环境'],
    ['钱志远', '副市长', '教育与医疗保障'],
    ['孙丽华', '市政府秘书长', '营商环境'],
  ] as const;
  const today = shanghaiDate(opts.now);
  const dow = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // 0 = Monday
  const wednesday = Date.parse(`${today}T00:00:00Z`) + (2 - dow) * DAY;
  for (let week = -13; week <= 3; week++) {
    const date = new Date(wednesday + week * 7 * DAY).toISOString().slice(0, 10);
    const [name, title, topic] = leaders[((week % 3) + 3) % 3]!;
    await db
      .insertInto('leader_sessions')
      .values({ id: randomUUID(), leader_name: name, leader_title: title, unit_id: null, starts_at: shanghaiInstant(date, '09:00'), ends_at: shanghaiInstant(date, '11:00'), topic, published: true, created_by: null, created_at: opts.now })
      .execute();
  }

  const streets = await db.selectFrom('units').select(['id', 'code', 'name']).where('type', '=', 'street').orderBy('code').execute();
  for (const [i, s] of streets.slice(0, 3).entries()) {
    await db
      .insertInto('liaisons')
      .values({ id: randomUUID(), name: pick(SURNAMES) + pick(GIVEN_NAMES), phone: `139${String(7_000_0000 + i * 1_234_567).slice(0, 8)}`, area_unit_id: s.id, organisation: `${s.name.replace(/办事处|人民政府/g, '')}社区居委会`, appointed_on: shanghaiDate(new Date(opts.now.getTime() - (200 + i * 30) * DAY)), created_at: opts.now })
      .execute();
  }
  const water = await db.selectFrom('units').select('id').where('code', '=', 'ent-water').executeTakeFirst();
  await db
    .insertInto('grassroots_activities')
    .values([
      { id: randomUUID(), title: '12345热线走进滨江社区', place: '滨江街道滨江社区广场', held_on: shanghaiDate(new Date(opts.now.getTime() - 40 * DAY)), unit_ids: JSON.stringify([streets[0]?.id, water?.id].filter(Boolean)), note: '现场受理群众诉求，解答供水、物业问题', created_by: null, created_at: opts.now },
      { id: randomUUID(), title: '热线进校园', place: '临江市第一中学', held_on: shanghaiDate(new Date(opts.now.getTime() - 12 * DAY)), unit_ids: '[]', note: '宣传12345热线，收集校园周边交通安全建议', created_by: null, created_at: opts.now },
    ])
    .execute();

  // 24-hour duty rosters of every handling unit, a week back and two weeks ahead
  const units = await db.selectFrom('units').select(['id', 'phone']).where('type', 'not in', ['government', 'centre']).execute();
  const rows = [];
  for (const u of units) {
    const people = [pick(SURNAMES) + pick(GIVEN_NAMES), pick(SURNAMES) + pick(GIVEN_NAMES), pick(SURNAMES) + pick(GIVEN_NAMES)];
    for (let d = -7; d <= 14; d++) {
      rows.push({ unit_id: u.id, day: shanghaiDate(new Date(opts.now.getTime() + d * DAY)), person: people[((d % 3) + 3) % 3]!, phone: u.phone ?? '0799-88100000', updated_by: null, updated_at: opts.now });
    }
  }
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('duty_rosters').values(rows.slice(i, i + 500)).execute();
}
