/**
 * The demo city: units, categories, one account per role (plus a handler and a leader for every
 * handling unit), and 300+ cases in every state over the last 90 days. Cases are driven through the
 * same commands the API uses, so every history is one the platform could really have written.
 * Deterministic: the same `now` gives the same city.
 */
import { randomUUID } from 'node:crypto';
import { mulberry32 } from '../../core/random';
import type { DatabaseHandle } from '../db/database';
import { DEMO_REGIONS, randomPointIn } from './demo-regions';
import { trainRoutingModels } from '../routing/routing.service';
import { invalidateRouting } from '../routing/routing.store';
import { createUnit, createUser } from '../org/org.repo';
import { loadAuthUser, type AuthUser } from '../auth/auth.repo';
import { PolicyStore } from '../policy/policy';
import { registerCase } from '../commands/register-case';
import { answerOnSpot } from '../commands/answer-on-spot';
import { dispatchCase } from '../commands/dispatch-case';
import { acceptCase } from '../commands/accept-case';
import { returnCase } from '../commands/return-case';
import { replyCase, coReplyCase } from '../commands/reply-case';
import { signOffReply } from '../commands/sign-off-reply';
import { approveReply, reworkCase } from '../commands/review-reply';
import { requestExtension } from '../commands/request-extension';
import { decideExtension } from '../commands/decide-extension';
import { recordCallback } from '../commands/record-callback';
import { closeCase, archiveCase } from '../commands/close-case';
import { urgeCase, instructCase, superviseCase } from '../commands/supervise-case';
import { seedSupervision } from './seed-supervision';
import { seedDirectory } from './seed-directory';
import { seedKnowledge } from './seed-knowledge';
import type { CommandContext } from '../commands/run-step';
import type { CaseRow } from '../db/schema';
import { idCheckChar } from '../../core/citizen';
import { shanghaiDate } from '../../core/calendar';
import type { Role, Satisfaction, Channel } from '../../core/enums';
import type { CaseState } from '../../core/case-lifecycle';
import { DEMO_CASE_TEMPLATES, DEMO_CATEGORIES, DEMO_UNITS, GIVEN_NAMES, STREET_ADDRESSES, SURNAMES, type DemoCaseTemplate } from './demo-data';

/** Shared by every demo account; the README lists them. */
export const DEMO_PASSWORD = 'Huiyin@12345';

/** The accounts the README names, one per role of DOMAIN.md §1. */
export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role; unit: string; email?: string }[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', unit: 'centre' },
  { username: 'operator', displayName: '话务员 李晓燕', role: 'operator', unit: 'centre' },
  { username: 'dispatcher', displayName: '派单员 王志强', role: 'dispatcher', unit: 'centre' },
  { username: 'supervisor', displayName: '督办质检 陈静', role: 'supervisor', unit: 'centre' },
  // the weekly report is mailed here (to the outbox: the demo's email sender only logs)
  { username: 'leader', displayName: '副市长 赵建国', role: 'leader', unit: 'gov', email: 'zhaojianguo@linjiang.gov.cn' },
  { username: 'reporter', displayName: '临江日报 记者 孙悦', role: 'reporter', unit: 'centre' },
  { username: 'citizen', displayName: '市民 周文', role: 'citizen', unit: 'centre' },
];

const HANDLING_TYPES = new Set(['district', 'street', 'department', 'enterprise', 'secondary_hotline', 'discipline', 'political_legal']);

/** Username of a unit's demo handler / leader: `h.<code>` and `l.<code>`. */
export const handlerOf = (unitCode: string) => `h.${unitCode}`;
export const unitLeaderOf = (unitCode: string) => `l.${unitCode}`;


const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Target states and how many cases end in each (≥ 300 in all, every state present). */
const TARGETS: [CaseState | 'answered', number][] = [
  ['registered', 18],
  ['answered', 30],
  ['dispatched', 26],
  ['returned', 12],
  ['handling', 50],
  ['pending_signoff', 12],
  ['replied', 20],
  ['pending_callback', 24],
  ['dissatisfied', 12],
  ['closed', 70],
  ['archived', 46],
];

export interface DemoSummary {
  units: number;
  users: number;
  cases: number;
}

export async function seedDemo(handle: DatabaseHandle, opts: { now: Date; cases?: number; portalUrl?: string }): Promise<DemoSummary> {
  const { db } = handle;
  const rand = mulberry32(20261121);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  // 1. units, categories, accounts
  let userCount = 0;
  await db.transaction().execute(async (trx) => {
    for (const u of DEMO_UNITS) await createUnit(trx, { code: u.code, name: u.name, type: u.type, parent: u.parent, phone: u.phone });
    const levelOf = (code: string) => code.split('.').length;
    for (const [i, c] of [...DEMO_CATEGORIES].sort((a, b) => levelOf(a.code) - levelOf(b.code)).entries()) {
      await trx.insertInto('categories').values({ code: c.code, name: c.name, parent_code: c.parent, level: levelOf(c.code), sort: i }).execute();
    }
  });
  const accounts = [
    ...DEMO_ACCOUNTS,
    ...DEMO_UNITS.filter((u) => HANDLING_TYPES.has(u.type)).flatMap((u) => [
      { username: handlerOf(u.code), displayName: `${u.name} 承办人`, role: 'unit_handler' as Role, unit: u.code },
      { username: unitLeaderOf(u.code), displayName: `${u.name} 负责人`, role: 'unit_leader' as Role, unit: u.code },
    ]),
  ];
  // argon2 for every account would dominate start-up: hash once, then share the hash
  const users = new Map<string, AuthUser>();
  await db.transaction().execute(async (trx) => {
    let hash: string | undefined;
    for (const a of accounts) {
      const { id } = await createUser(trx, { ...a, password: DEMO_PASSWORD, mobile: null, passwordHash: hash });
      hash ??= (await trx.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow()).password_hash;
      userCount++;
    }
  });
  for (const a of accounts) {
    const row = await db.selectFrom('users').select('id').where('username', '=', a.username).executeTakeFirstOrThrow();
    users.set(a.username, (await loadAuthUser(db, row.id))!);
  }
  const u = (name: string) => users.get(name)!;

  // 2. territory, duties and the dispatch catalogue (issue #5), derived from the demo city
  await seedRouting(handle, opts.now);
  await seedDirectory(handle, { now: opts.now, rand });

  // 3. cases
  const policy = new PolicyStore(db, 60_000);
  const departments = DEMO_UNITS.filter((x) => x.type === 'department').map((x) => x.code);
  const streets = Object.keys(STREET_ADDRESSES);
  const targets = TARGETS.flatMap(([state, n]) => Array.from({ length: Math.round((n * (opts.cases ?? 332)) / 332) }, () => state));
  let created = 0;
  const handlingCodes = new Set(DEMO_UNITS.filter((x) => HANDLING_TYPES.has(x.type)).map((x) => x.code));
  const answerable = DEMO_CASE_TEMPLATES.filter((x) => x.answer);
  const dispatchable = DEMO_CASE_TEMPLATES.filter((x) => handlingCodes.has(x.lead));
  for (const [i, target] of targets.entries()) {
    const pool = target === 'answered' ? answerable : dispatchable;
    const t = pool[(i * 7 + Math.floor(rand() * 5)) % pool.length]!;
    await driveCase({ t, target, i });
    created++;
  }

  async function driveCase({ t, target, i }: { t: DemoCaseTemplate; target: CaseState | 'answered'; i: number }) {
    const emergency = t.urgency === 'general_emergency' || t.urgency === 'major_emergency';
    const scale = emergency ? MIN : 1; // emergencies move in minutes, not days
    const inProgress = !['closed', 'archived', 'answered'].includes(target);
    // work in progress spreads over the last weeks, most of it recent; finished work over 90 days
    // a centre dispatches within hours and units accept within a day or two; handling takes longer
    const span =
      target === 'registered'
        ? rand() * 0.4 * DAY
        : target === 'dispatched' || target === 'returned'
          ? rand() * 2 * DAY
          : inProgress
            ? rand() < 0.5
              ? rand() * 4 * DAY
              : rand() * 20 * DAY
            : 5 * DAY + rand() * 80 * DAY;
    // start in office hours (08:30–20:00 Shanghai) on the chosen day
    const dayStart = new Date(opts.now.getTime() - span);
    const localMidnight = Math.floor((dayStart.getTime() + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
    let at = new Date(Math.min(localMidnight + 8.5 * HOUR + rand() * 11.5 * HOUR, opts.now.getTime() - 3 * HOUR));
    const step = (ms: number) => {
      at = new Date(Math.min(at.getTime() + ms, opts.now.getTime() - 1000));
      return at;
    };
    const ctx = (who: string): CommandContext => ({ db, policy, user: u(who), now: at, portalUrl: opts.portalUrl });
    const anonymous = t.kind === 'tip_off' ? rand() < 0.6 : rand() < 0.06;
    const channel: Channel = pick(t.channels);
    // the leader line is open in the weekly leader-answering session (seed-directory.ts: Wednesdays 09:00–11:00)
    if (channel === 'leader_line') at = inWeeklySession(at, opts.now, rand);
    const surname = pick(SURNAMES);
    const registrar = channel === 'media' ? 'reporter' : 'operator';
    const street = streets.includes(t.lead) ? t.lead : pick(streets);
    const { row: first } = await registerCase(
      db,
      u(registrar),
      {
        channel,
        kind: t.kind,
        urgency: t.urgency ?? 'normal',
        title: t.title,
        content: t.content,
        categoryCode: t.category,
        address: pick(STREET_ADDRESSES[street]!),
        // most callers' positions are known (a map pick, the app's location)
        location: rand() < 0.6 ? randomPointIn(DEMO_REGIONS.find((r) => r.unitCode === street)!.geometry, rand) : null,
        anonymous,
        confidential: t.kind === 'tip_off' && !anonymous,
        citizen: anonymous ? null : { name: surname + pick(GIVEN_NAMES), phone: demoMobile(rand), idNumber: rand() < 0.3 ? demoIdNumber(rand) : null },
        externalId: channel === 'sms' || channel === 'online' ? `demo-${channel}-${i}` : null,
        source: channel === 'online' && rand() < 0.2 ? 'province' : null,
      },
      at,
    );
    let row: CaseRow = first;
    if (target === 'registered') return;
    if (target === 'answered') {
      row = await answerOnSpot(ctx('operator'), row.id, { version: row.version, answer: t.answer ?? t.reply });
      if (rand() < 0.5) row = await archiveCase(ctx('supervisor'), row.id, { version: row.version });
      return;
    }
    const lead = t.lead;
    const handler = handlerOf(lead);
    step((10 + rand() * 80) * MIN * (emergency ? 0.05 : 1));
    if (target === 'returned' || rand() < 0.06) {
      // first sent to the wrong department, which returns it as misrouted
      const wrong = pick(departments.filter((d) => d !== lead));
      row = await dispatchCase(ctx('dispatcher'), row.id, { version: row.version, units: [wrong] });
      step(2 * HOUR * scale);
      row = await returnCase(ctx(handlerOf(wrong)), row.id, { version: row.version, reason: '经核实，该事项不属于本单位职责范围，建议转属地街道或主管部门办理。' });
      if (target === 'returned') return;
      step(HOUR * scale);
    }
    row = await dispatchCase(ctx('dispatcher'), row.id, { version: row.version, units: [lead, ...(t.co ?? [])] });
    if (target === 'dispatched') {
      if (rand() < 0.3 && !emergency) row = await urgeCase(ctx('supervisor'), row.id, { version: row.version, note: '请尽快签收办理。' });
      return;
    }
    step((1 + rand() * 20) * HOUR * (emergency ? 0.01 : 1));
    row = await acceptCase(ctx(handler), row.id, { version: row.version });
    if (t.co?.length && rand() < 0.7) {
      step(6 * HOUR * scale);
      row = await coReplyCase(ctx(handlerOf(t.co[0]!)), row.id, { version: row.version, content: '我单位已配合主办单位开展现场核查，相关情况已提供主办单位汇总答复。' });
    }
    if (target === 'handling') {
      const r = rand();
      if (r < 0.15 && !emergency && row.due_at && row.due_at.getTime() > at.getTime() + HOUR) {
        row = await requestExtension(ctx(handler), row.id, { version: row.version, reason: '需协调多个部门现场会商，现有期限内无法办结。', limit: '2wd' });
      } else if (r < 0.3) {
        row = await urgeCase(ctx('supervisor'), row.id, { version: row.version, note: '群众多次来电反映，请加快办理进度。' });
      } else if (r < 0.36) {
        row = await instructCase(ctx('leader'), row.id, { version: row.version, instruction: '请相关部门高度重视，尽快解决群众反映的问题，并将办理结果报市政府。' });
      } else if (r < 0.42) {
        row = await superviseCase(ctx('supervisor'), row.id, { version: row.version, note: '该件群众反映强烈，列入督办，请单位主要负责人亲自过问。' });
      }
      return;
    }
    if (rand() < 0.12 && !emergency && row.due_at && row.due_at.getTime() > at.getTime() + 2 * HOUR) {
      step(HOUR);
      row = await requestExtension(ctx(handler), row.id, { version: row.version, reason: '涉及历史遗留问题，需调取档案资料。', limit: '2wd' });
      step(2 * HOUR);
      row = await decideExtension(ctx('supervisor'), row.id, { version: row.version, approve: true, note: '同意延期，请按期办结。' });
    }
    const doReply = async (text: string) => {
      step((0.5 + rand() * 3) * DAY * (emergency ? 0.005 : 1));
      // some replies promise follow-up work (承诺事项, S4 §2.6), due in one to three weeks
      const promise = rand() < 0.15 ? [{ what: '整改完成后组织复查，并将复查结果告知诉求人', dueDate: shanghaiDate(new Date(at.getTime() + (7 + Math.floor(rand() * 14)) * DAY)) }] : [];
      row = await replyCase(ctx(handler), row.id, {
        version: row.version,
        content: text,
        contactedAt: anonymous ? null : new Date(Math.max(row.created_at.getTime(), at.getTime() - HOUR)).toISOString(),
        citizenAttitude: anonymous ? null : '群众表示认可',
        promises: promise,
      });
      if (row.state === 'pending_signoff') {
        if (target === 'pending_signoff') return false;
        step(4 * HOUR * scale);
        row = await signOffReply(ctx(unitLeaderOf(lead)), row.id, { version: row.version });
      }
      return true;
    };
    if (target === 'pending_signoff' && !row.requires_signoff) {
      // a supervision order makes the written reply need the principal's sign-off (DOMAIN.md §7)
      step(2 * HOUR * scale);
      row = await superviseCase(ctx('supervisor'), row.id, { version: row.version, note: '该件列入督办，书面答复须经单位主要负责人审签。' });
    }
    if (!(await doReply(t.reply))) return;
    if (target === 'replied') return;
    if (rand() < 0.15) {
      step(5 * HOUR);
      row = await reworkCase(ctx('supervisor'), row.id, { version: row.version, reason: '答复内容过于笼统，未说明具体处理措施和结果，请补充后重新答复。' });
      if (!(await doReply(`${t.reply}（补充）经复查，已按整改要求落实到位，并留存现场照片备查。`))) return;
      // now and then a second rework in a row: the unit lands on the criticism list (S1 §3)
      if (rand() < 0.25) {
        step(5 * HOUR);
        row = await reworkCase(ctx('supervisor'), row.id, { version: row.version, reason: '补充答复仍未附复查照片，与群众反映情况不符，请再次核实。' });
        if (!(await doReply(`${t.reply}（再次补充）经再次现场复查，问题已整改到位，复查照片已上传。`))) return;
      }
    }
    step((2 + rand() * 20) * HOUR);
    row = await approveReply(ctx('supervisor'), row.id, { version: row.version });
    if (row.state === 'closed') {
      if (target === 'archived') await archive();
      return;
    }
    if (target === 'pending_callback') return;
    step((4 + rand() * 40) * HOUR);
    const unhappy = target === 'dissatisfied' || rand() < 0.1;
    const satisfaction: Satisfaction = unhappy ? pick(['dissatisfied', 'very_dissatisfied'] as const) : pick(['very_satisfied', 'satisfied', 'satisfied', 'basically_satisfied'] as const);
    row = await recordCallback(ctx('supervisor'), row.id, {
      version: row.version,
      type: 'result',
      method: channel === 'sms' ? 'sms' : 'phone',
      reached: true,
      contacted: true,
      satisfaction,
      resolved: !unhappy,
      comment: unhappy ? '群众认为问题未实际解决，要求继续处理。' : '群众对办理结果表示认可。',
    });
    if (target === 'dissatisfied') return;
    if (row.state === 'dissatisfied') {
      step(DAY);
      row = await closeCase(ctx('supervisor'), row.id, { version: row.version, explanation: '经研判，承办单位已依法依规处理，群众诉求超出政策范围，已做好解释说明，按办结处理。' });
    }
    if (target === 'archived') await archive();

    async function archive() {
      step(7 * DAY);
      row = await archiveCase(ctx('supervisor'), row.id, { version: row.version });
    }
  }

  // 4. supervision: orders answered and closed, a manual criticism, special reports (issue #7)
  await seedSupervision(handle, { now: opts.now, rand, user: u, handlerOf });
  await seedKnowledge(handle, { now: opts.now, supervisor: u('supervisor') });

  // 5. the routing models learn from the cases just made
  await trainRoutingModels(db, opts.now);
  return { units: DEMO_UNITS.length, users: userCount, cases: created };
}

/**
 * Regions from DEMO_REGIONS; each unit's duties (its keywords, tied to the categories its templates
 * use); a catalogue row per category: the street itself where the demo sends such cases to
 * streets (属地), otherwise the department most of its templates name, with their co-units.
 */
async function seedRouting(handle: DatabaseHandle, now: Date): Promise<void> {
  const { db } = handle;
  const ids = new Map((await db.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  await db.transaction().execute(async (trx) => {
    for (const r of DEMO_REGIONS) {
      await trx
        .insertInto('regions')
        .values({ unit_id: ids.get(r.unitCode)!, name: r.name, aliases: JSON.stringify(r.aliases), geometry: JSON.stringify(r.geometry), updated_at: now })
        .execute();
    }
    const byCategory = new Map<string, DemoCaseTemplate[]>();
    for (const t of DEMO_CASE_TEMPLATES) byCategory.set(t.category, [...(byCategory.get(t.category) ?? []), t]);
    const streetCodes = new Set(DEMO_UNITS.filter((u) => u.type === 'street').map((u) => u.code));
    for (const [category, templates] of byCategory) {
      const handling = templates.filter((t) => t.lead !== 'centre');
      if (handling.length === 0) continue;
      const territorial = handling.filter((t) => streetCodes.has(t.lead)).length > handling.length / 2;
      const leads = handling.filter((t) => !streetCodes.has(t.lead)).map((t) => t.lead);
      const lead = mostCommon(leads);
      const co = [...new Set(handling.flatMap((t) => t.co ?? []).filter((c) => c !== lead && !streetCodes.has(c)))];
      await trx
        .insertInto('dispatch_catalogue')
        .values({
          id: randomUUID(),
          category_code: category,
          region_unit_id: null,
          territorial,
          lead_unit_id: lead ? ids.get(lead)! : null,
          co_unit_ids: JSON.stringify(co.map((c) => ids.get(c)!).filter(Boolean)),
          note: territorial ? '属地管理：由事发地街道（乡镇）主办' : null,
          updated_at: now,
        })
        .execute();
      if (!territorial && !lead) continue;
      for (const code of new Set(handling.map((t) => t.lead))) {
        if (streetCodes.has(code)) continue;
        const unit = DEMO_UNITS.find((u) => u.code === code);
        const keywords = unit?.duties ?? [];
        await trx
          .insertInto('unit_duties')
          .values({ id: randomUUID(), unit_id: ids.get(code)!, item: `${categoryName(category)}相关诉求办理`, category_code: category, keywords: JSON.stringify(keywords), basis: '三定方案', created_at: now })
          .onConflict((oc) => oc.columns(['unit_id', 'item']).doNothing())
          .execute();
      }
    }
  });
  invalidateRouting(db);
}

function mostCommon(xs: string[]): string | null {
  const counts = new Map<string, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

function categoryName(code: string): string {
  return DEMO_CATEGORIES.find((c) => c.code === code)?.name ?? code;
}

function demoMobile(rand: () => number): string {
  const prefix = ['138', '139', '135', '136', '137', '150', '151', '152', '158', '159', '186', '187', '188', '177', '199'];
  let s = prefix[Math.floor(rand() * prefix.length)]!;
  while (s.length < 11) s += Math.floor(rand() * 10);
  return s;
}

/** A valid GB 11643 number of a fictional resident (address code of a real-format but demo region). */
function demoIdNumber(rand: () => number): string {
  const year = 1950 + Math.floor(rand() * 55);
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  const seq = String(Math.floor(rand() * 1000)).padStart(3, '0');
  const first17 = `360102${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${seq}`;
  return first17 + idCheckChar(first17);
}

/** The Wednesday 09:00–11:00 (Shanghai) session of the week `at` falls in, or of the week before when that is still to come. */
function inWeeklySession(at: Date, now: Date, rand: () => number): Date {
  const local = new Date(at.getTime() + 8 * HOUR);
  const dow = (local.getUTCDay() + 6) % 7; // 0 = Monday
  const wednesday = Math.floor(local.getTime() / DAY) * DAY + (2 - dow) * DAY - 8 * HOUR;
  let t = wednesday + 9 * HOUR + Math.floor(rand() * 100) * 60_000;
  if (t > now.getTime() - 3 * HOUR) t -= 7 * DAY;
  return new Date(t);
}
