/**
 * One day of synthetic cases as set-based SQL (bench/generate.ts). Every random choice is made
 * server-side: the case's template, place, hour, channel and the delays between its steps. The
 * steps form one path — register → answer on the spot, or dispatch (→ return → re-dispatch) →
 * accept (→ extension, urge) → reply (→ sign-off) (→ rework → reply) → approve → result callback →
 * closed (or dissatisfied → closed with an explanation) → archived — and a case's state, version
 * and columns are those of the steps that happened before `now`. The history rows, units,
 * replies, callbacks, extensions and overdue records follow from the same times.
 */

/** Seconds of an exponential delay with this mean. */
const H = 3600;
const D = 86400;

/**
 * Statement creating the temp table `g`: one row per case of the day with every choice and step time.
 * Parameters: $1 day start (timestamptz), $2 count, $3 first sequence number, $4 template pick (int[1000]),
 * $5 street pick (int[4000]), $6 hour pick (int[1000]), $7 channel pick (text[1000]), $8 now, $9 YYYYMMDD.
 */
export const GEN_SQL = `
CREATE TEMP TABLE g ON COMMIT DROP AS
SELECT b.i, b.ti, b.si, b.channel, b.r_sat, b.r_name, b.v, b.id, b.case_no, b.t_reg, b.wrong_idx,
  t.kind, s.district_idx, x.lead_idx, x.co_idx, x.urgency, x.on_spot, x.anonymous, x.from_province,
  1 + (b.si * 7 + floor(b.r_place * 12)::int) % 300 AS compound_idx,
  1 + (b.si * 5 + floor(b.r_place * 97)::int % 6) % 210 AS road_idx,
  1 + floor(b.r_slot * 10)::int AS time_idx, 1 + floor(b.r_shop * 16)::int AS shop_idx,
  2 + floor(b.r_n * 7)::int AS n_val, 1 + floor(b.r_house * 300)::int AS house_no,
  y.returned_once, y.extended_once, y.reworked_once, x.t_spot, y.t_disp, y.t_ret, y.t_redisp, y.t_acc, y.t_ext_req, y.t_ext_dec,
  CASE WHEN y.urged_once AND y.t_urge0 < y.t_reply1 THEN y.t_urge0 END AS t_urge,
  y.t_reply1, y.t_sign1, y.t_rework, y.t_reply2, y.t_sign2, z.t_appr, z.t_cb, z.sat,
  CASE WHEN z.t_cb IS NOT NULL AND z.sat IN ('dissatisfied', 'very_dissatisfied') THEN z.t_cb + (${D} + 2 * ${D} * b.e18) * interval '1 second' END AS t_close,
  $8::timestamptz AS now_
FROM (
  SELECT i,
    ($4::int[])[1 + floor(random() * 1000)::int] AS ti,
    ($5::int[])[1 + floor(random() * 4000)::int] AS si,
    ($7::text[])[1 + floor(random() * 1000)::int] AS channel,
    ($10::int[])[1 + floor(random() * array_length($10::int[], 1))::int] AS wrong_idx,
    1 + (random() < 0.5)::int AS v,
    gen_random_uuid() AS id,
    $9::text || lpad(($3::int + i)::text, 6, '0') AS case_no,
    $1::timestamptz + ($6::int[])[1 + floor(random() * 1000)::int] * interval '1 hour' + floor(random() * 3600) * interval '1 second' AS t_reg,
    random() AS r_spot, random() AS r_ret, random() AS r_ext, random() AS r_urge, random() AS r_rw, random() AS r_sign, random() AS r_anon,
    random() AS r_sat, random() AS r_stuck, random() AS r_co, random() AS r_urg, random() AS r_place, random() AS r_slot, random() AS r_name,
    random() AS r_shop, random() AS r_n, random() AS r_house, random() AS r_spot_t,
    -ln(greatest(random(), 1e-9)) AS e1, -ln(greatest(random(), 1e-9)) AS e2, -ln(greatest(random(), 1e-9)) AS e3, -ln(greatest(random(), 1e-9)) AS e4,
    -ln(greatest(random(), 1e-9)) AS e5, -ln(greatest(random(), 1e-9)) AS e6, -ln(greatest(random(), 1e-9)) AS e7, -ln(greatest(random(), 1e-9)) AS e8,
    -ln(greatest(random(), 1e-9)) AS e9, -ln(greatest(random(), 1e-9)) AS e10, -ln(greatest(random(), 1e-9)) AS e11, -ln(greatest(random(), 1e-9)) AS e12,
    -ln(greatest(random(), 1e-9)) AS e13, -ln(greatest(random(), 1e-9)) AS e14, -ln(greatest(random(), 1e-9)) AS e15, -ln(greatest(random(), 1e-9)) AS e16,
    -ln(greatest(random(), 1e-9)) AS e17, -ln(greatest(random(), 1e-9)) AS e18
  FROM generate_series(1, $2::int) i
) b
JOIN bench_tpl t ON t.ti_ = b.ti
JOIN bench_street s ON s.street_idx = b.si
CROSS JOIN LATERAL (SELECT
    CASE t.route_kind WHEN 'street' THEN b.si WHEN 'district' THEN s.district_idx WHEN 'unit' THEN t.route_idx
      ELSE CASE t.bureau WHEN 'cg' THEN s.cg_idx WHEN 'zj' THEN s.zj_idx WHEN 'scjg' THEN s.scjg_idx ELSE s.sthj_idx END END AS lead_idx,
    CASE WHEN t.route_kind NOT IN ('street', 'district') AND b.r_co < t.co_street THEN b.si END AS co_idx,
    CASE WHEN b.r_urg < t.urgent THEN 'general_emergency' ELSE 'normal' END AS urgency,
    (t.kind = 'consultation' AND b.r_spot < 0.72) OR (t.kind IN ('help', 'suggestion', 'praise') AND b.r_spot < 0.08) AS on_spot,
    b.r_anon < 0.05 AS anonymous,
    b.channel = 'online' AND b.r_sign < 0.12 AS from_province,
    b.t_reg + (60 + floor(b.r_spot_t * 540)) * interval '1 second' AS t_spot
) x
CROSS JOIN LATERAL (SELECT
    NOT x.on_spot AND b.r_ret < 0.04 AS returned_once, NOT x.on_spot AND b.r_ext < 0.03 AS extended_once,
    NOT x.on_spot AND b.r_rw < 0.05 AS reworked_once, NOT x.on_spot AND b.r_urge < 0.04 AS urged_once,
    CASE WHEN NOT x.on_spot THEN b.t_reg + (CASE WHEN x.urgency = 'normal' THEN 300 + ${3 * H} * b.e1 ELSE 60 + 600 * b.e1 END) * interval '1 second' END AS t_disp
) y0
CROSS JOIN LATERAL (SELECT CASE WHEN y0.returned_once THEN y0.t_disp + (${H} + ${8 * H} * b.e2) * interval '1 second' END AS t_ret) y1
CROSS JOIN LATERAL (SELECT CASE WHEN y0.returned_once THEN y1.t_ret + (${H} + ${3 * H} * b.e3) * interval '1 second' END AS t_redisp) y2
CROSS JOIN LATERAL (SELECT COALESCE(y2.t_redisp, y0.t_disp) + (1800 + ${6 * H} * b.e4) * interval '1 second' AS t_acc) y3
CROSS JOIN LATERAL (SELECT CASE WHEN y0.extended_once THEN y3.t_acc + (${D} + ${D} * b.e5) * interval '1 second' END AS t_ext_req) y4
CROSS JOIN LATERAL (SELECT CASE WHEN y0.extended_once THEN y4.t_ext_req + (${2 * H} + ${8 * H} * b.e6) * interval '1 second' END AS t_ext_dec) y5
CROSS JOIN LATERAL (SELECT COALESCE(y5.t_ext_dec + interval '2 days', y3.t_acc)
      + (${0.3 * D} + ${2.2 * D} * b.e7 + CASE WHEN b.r_stuck < 0.004 THEN ${90 * D} * b.e8 ELSE 0 END) * interval '1 second' AS t_reply1,
    y3.t_acc + (${12 * H} + ${D} * b.e9) * interval '1 second' AS t_urge0) y6
CROSS JOIN LATERAL (SELECT CASE WHEN x.from_province THEN y6.t_reply1 + (${H} + ${8 * H} * b.e10) * interval '1 second' END AS t_sign1) y7
CROSS JOIN LATERAL (SELECT CASE WHEN y0.reworked_once THEN COALESCE(y7.t_sign1, y6.t_reply1) + (${2 * H} + ${10 * H} * b.e11) * interval '1 second' END AS t_rework) y8
CROSS JOIN LATERAL (SELECT CASE WHEN y0.reworked_once THEN y8.t_rework + (${0.5 * D} + ${1.5 * D} * b.e12) * interval '1 second' END AS t_reply2) y9
CROSS JOIN LATERAL (SELECT CASE WHEN y0.reworked_once AND x.from_province THEN y9.t_reply2 + (${H} + ${8 * H} * b.e13) * interval '1 second' END AS t_sign2) y10
CROSS JOIN LATERAL (SELECT y0.*, y1.*, y2.*, y3.*, y4.*, y5.*, y6.*, y7.*, y8.*, y9.*, y10.*) y
CROSS JOIN LATERAL (SELECT
    CASE WHEN NOT x.on_spot THEN COALESCE(y.t_sign2, y.t_reply2, y.t_sign1, y.t_reply1) + (${H} + ${12 * H} * b.e14) * interval '1 second' END AS t_appr,
    CASE WHEN b.r_sat < 0.46 THEN 'very_satisfied' WHEN b.r_sat < 0.75 THEN 'satisfied' WHEN b.r_sat < 0.915 THEN 'basically_satisfied'
         WHEN b.r_sat < 0.985 THEN 'dissatisfied' ELSE 'very_dissatisfied' END AS sat
) z0
CROSS JOIN LATERAL (SELECT z0.*, CASE WHEN NOT x.on_spot AND NOT x.anonymous THEN z0.t_appr + (${4 * H} + ${30 * H} * b.e15) * interval '1 second' END AS t_cb) z`;

/** The steps of a case as rows (ord, action, at, to_state, actor: o operator, d dispatcher, h handler, w wrong unit's handler, l leader, s supervisor). */
export const EVENTS_SQL = `
CREATE TEMP TABLE ev ON COMMIT DROP AS
SELECT g.id AS case_id, x.ord, x.action, x.at, x.to_state, x.actor
FROM g CROSS JOIN LATERAL (VALUES
  (1, 'register', t_reg, 'registered', 'o'),
  (2, 'answer_on_spot', CASE WHEN on_spot THEN t_spot END, 'closed', 'o'),
  (3, 'dispatch', t_disp, 'dispatched', 'd'),
  (4, 'return', t_ret, 'returned', 'w'),
  (5, 'dispatch', t_redisp, 'dispatched', 'd'),
  (6, 'accept', t_acc, 'handling', 'h'),
  (7, 'request_extension', t_ext_req, 'handling', 'h'),
  (8, 'decide_extension', t_ext_dec, 'handling', 's'),
  (9, 'urge', t_urge, 'handling', 's'),
  (10, 'reply', t_reply1, CASE WHEN from_province THEN 'pending_signoff' ELSE 'replied' END, 'h'),
  (11, 'sign_off', t_sign1, 'replied', 'l'),
  (12, 'rework', t_rework, 'handling', 's'),
  (13, 'reply', t_reply2, CASE WHEN from_province THEN 'pending_signoff' ELSE 'replied' END, 'h'),
  (14, 'sign_off', t_sign2, 'replied', 'l'),
  (15, 'approve_reply', t_appr, CASE WHEN anonymous THEN 'closed' ELSE 'pending_callback' END, 's'),
  (16, 'callback', t_cb, CASE WHEN sat IN ('dissatisfied', 'very_dissatisfied') THEN 'dissatisfied' ELSE 'closed' END, 's'),
  (17, 'close', t_close, 'closed', 's'),
  (18, 'archive', COALESCE(t_close, CASE WHEN t_cb IS NOT NULL AND t_close IS NULL THEN t_cb END, CASE WHEN anonymous THEN t_appr END, CASE WHEN on_spot THEN t_spot END)
        + (3 * ${D} + floor(random() * 27 * ${D})) * interval '1 second', 'archived', 's')
) AS x(ord, action, at, to_state, actor)
WHERE x.at IS NOT NULL AND x.at <= g.now_`;

/** The case's state after its last step before now. */
export const STATE_SQL = `
CREATE TEMP TABLE st ON COMMIT DROP AS
SELECT case_id, count(*)::int AS version, max(at) AS updated_at, (array_agg(to_state ORDER BY at DESC, ord DESC))[1] AS state,
       max(ord) FILTER (WHERE ord IN (3, 5, 8, 12)) AS stage_ord, max(at) FILTER (WHERE ord IN (3, 5, 8, 12)) AS stage_at
FROM ev GROUP BY case_id`;

const limitDays = (a: string) => `(CASE WHEN ${a}.urgency <> 'normal' THEN 0.0833 WHEN ${a}.channel IN ('phone', 'sms') THEN 5 WHEN ${a}.channel = 'mailbox' THEN 9 ELSE 7 END)`;

/** The time limit and its due time; an extension adds 5 working days (≈ 7 calendar days). */
export const CASES_SQL = `
CREATE TEMP TABLE gc ON COMMIT DROP AS
SELECT g.*, st.version, st.updated_at, st.state,
  CASE WHEN t_disp <= now_ THEN (CASE st.stage_ord WHEN 5 THEN 'redispatch' WHEN 12 THEN 'rework' WHEN 8 THEN 'extension' ELSE 'first_dispatch' END) END AS stage,
  st.stage_at,
  CASE WHEN t_disp <= now_ THEN st.stage_at + (CASE WHEN st.stage_ord = 12 THEN 2.8 ELSE ${limitDays('g')} END + CASE WHEN st.stage_ord = 8 THEN 7 ELSE 0 END) * interval '1 day' END AS due_at,
  CASE WHEN t_reply2 <= now_ THEN t_reply2 WHEN t_reply1 <= now_ THEN t_reply1 END AS replied_at,
  CASE WHEN returned_once AND t_ret <= now_ AND (t_redisp IS NULL OR t_redisp > now_) THEN wrong_idx WHEN t_disp <= now_ THEN lead_idx END AS cur_lead_idx
FROM g JOIN st ON st.case_id = g.id`;

export const INSERT_CASES_SQL = `
INSERT INTO cases (id, case_no, query_code, channel, source, kind, urgency, title, content, category_code, address,
  anonymous, citizen_name, citizen_phone, state, version, lead_unit_id, stage, stage_limit, stage_started_at, due_at,
  warn_at, warned_at, overdue_at, requires_signoff, extension_pending, rework_count, consecutive_reworks, urge_count, satisfaction,
  final_reply, closing_note, registered_by, registered_unit_id, created_at, updated_at, dispatched_at, accepted_at, replied_at,
  closed_at, archived_at, received_at, acknowledged_at, search_tokens, region_unit_id, district_id, responded_on_time,
  reply_on_time, resolved, return_count, extension_count, overdue_count, region_id)
SELECT gc.id, case_no,
  translate(substr(md5(gc.id::text), 1, 6), '0123456789abcdef', '23456789ABCDEFGH'),
  channel, CASE WHEN from_province THEN 'province' END, gc.kind, urgency, x.title, x.content, tp.category, x.address,
  anonymous,
  CASE WHEN NOT anonymous THEN (ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周','徐','孙','马','朱','胡','郭'])[1 + floor(r_name * 16)::int] || (ARRAY['先生','女士','阿姨','师傅','同学'])[1 + floor(random() * 5)::int] END,
  CASE WHEN NOT anonymous THEN '1' || (ARRAY['3','5','8','9'])[1 + floor(random() * 4)::int] || lpad(floor(random() * 1e9)::bigint::text, 9, '0') END,
  state, version, lu.id, stage, CASE WHEN stage IS NOT NULL THEN CASE WHEN urgency <> 'normal' THEN '2h' WHEN stage = 'rework' THEN '2wd' WHEN channel IN ('phone','sms') THEN '3wd' WHEN channel = 'mailbox' THEN '7wd' ELSE '5wd' END END,
  stage_at, due_at,
  due_at - (due_at - stage_at) / 4,
  CASE WHEN due_at - (due_at - stage_at) / 4 <= LEAST(now_, COALESCE(replied_at, now_)) THEN due_at - (due_at - stage_at) / 4 END,
  CASE WHEN due_at <= LEAST(now_, COALESCE(replied_at, now_)) AND state NOT IN ('returned') THEN due_at END,
  from_province, COALESCE(t_ext_req <= now_ AND (t_ext_dec IS NULL OR t_ext_dec > now_), false),
  COALESCE(t_rework <= now_, false)::int, CASE WHEN t_rework <= now_ AND NOT COALESCE(t_appr <= now_, false) THEN 1 ELSE 0 END, COALESCE(t_urge <= now_, false)::int,
  CASE WHEN t_cb <= now_ THEN sat END,
  CASE WHEN t_appr <= now_ THEN tp.reply WHEN on_spot THEN '已当即答复：' || tp.reply END,
  CASE WHEN t_close <= now_ THEN '已向诉求人解释处理结果及政策依据，诉求人诉求超出政策范围，说明后办结。' END,
  ($2::uuid[])[1 + floor(random() * array_length($2::uuid[], 1))::int],
  $1::uuid, t_reg, gc.updated_at,
  CASE WHEN t_disp <= now_ THEN t_disp END,
  CASE WHEN t_acc <= now_ THEN t_acc END, replied_at,
  CASE WHEN state IN ('closed', 'archived') THEN COALESCE(CASE WHEN t_close <= now_ THEN t_close END, CASE WHEN t_cb <= now_ THEN t_cb END, CASE WHEN t_appr <= now_ THEN t_appr END, t_spot) END,
  CASE WHEN state = 'archived' THEN updated_at END,
  CASE WHEN channel = 'mailbox' THEN t_reg - floor(random() * 43200) * interval '1 second' ELSE t_reg - floor(random() * 30) * interval '1 second' END,
  t_reg,
  to_tsvector('simple', x.tokens),
  su.id, du.id,
  CASE WHEN t_acc <= now_ THEN t_acc - COALESCE(t_redisp, t_disp) <= interval '24 hours' WHEN t_ret <= now_ THEN NULL END,
  CASE WHEN replied_at IS NOT NULL THEN NOT (due_at < replied_at) END,
  CASE WHEN t_cb <= now_ THEN sat IN ('very_satisfied', 'satisfied') OR (sat = 'basically_satisfied' AND r_sat < 0.88) END,
  COALESCE(t_ret <= now_, false)::int, COALESCE(t_ext_dec <= now_, false)::int,
  CASE WHEN due_at <= LEAST(now_, COALESCE(replied_at, now_)) AND state NOT IN ('returned') THEN 1 ELSE 0 END,
  du.id
FROM gc
JOIN bench_tpl tp ON tp.ti_ = gc.ti
JOIN bench_compound cp ON cp.i = compound_idx
JOIN bench_road rd ON rd.i = road_idx
JOIN bench_slot tm ON tm.sk = 't' AND tm.i = time_idx
JOIN bench_slot sh ON sh.sk = 's' AND sh.i = shop_idx
JOIN bench_unit su ON su.idx = si
JOIN bench_street dn ON dn.street_idx = si
JOIN bench_unit du ON du.idx = gc.district_idx
LEFT JOIN bench_unit lu ON lu.idx = cur_lead_idx
CROSS JOIN LATERAL (
  SELECT replace(replace(replace(replace(replace(tp.titles[v], '{c}', cp.name), '{r}', rd.name), '{t}', tm.name), '{s}', sh.name), '{n}', n_val::text) AS title,
         replace(replace(replace(replace(replace(tp.contents[v], '{c}', cp.name), '{r}', rd.name), '{t}', tm.name), '{s}', sh.name), '{n}', n_val::text) AS content,
         dn.district_name || rd.name || house_no || '号' || cp.name AS address,
         concat_ws(' ', tp.toks[v], CASE WHEN tp.slots[v] LIKE '%t%' THEN tm.tok END, CASE WHEN tp.slots[v] LIKE '%s%' THEN sh.tok END,
                   dn.district_tok, rd.tok, CASE WHEN house_no >= 10 THEN house_no::text END, cp.tok) AS tokens
) x`;

/** The history rows; seq is the case's version after each step. */
export const INSERT_EVENTS_SQL = `
INSERT INTO case_events (region_id, case_id, seq, action, from_state, to_state, actor_id, actor_role, actor_unit_id, at, payload)
SELECT rg.id, ev.case_id, row_number() OVER w, ev.action, lag(ev.to_state) OVER w, ev.to_state,
  CASE ev.actor WHEN 'h' THEN lu.handler WHEN 'w' THEN wu.handler WHEN 'l' THEN lu.leader
    WHEN 'o' THEN ($2::uuid[])[1 + floor(random() * array_length($2::uuid[], 1))::int]
    WHEN 'd' THEN ($3::uuid[])[1 + floor(random() * array_length($3::uuid[], 1))::int]
    ELSE ($4::uuid[])[1 + floor(random() * array_length($4::uuid[], 1))::int] END,
  CASE ev.actor WHEN 'o' THEN 'operator' WHEN 'd' THEN 'dispatcher' WHEN 's' THEN 'supervisor' WHEN 'l' THEN 'unit_leader' ELSE 'unit_handler' END,
  CASE ev.actor WHEN 'h' THEN lu.id WHEN 'w' THEN wu.id WHEN 'l' THEN lu.id ELSE $1::uuid END,
  ev.at,
  CASE ev.action
    WHEN 'register' THEN jsonb_build_object('channel', gc.channel, 'kind', gc.kind, 'urgency', gc.urgency)
    WHEN 'dispatch' THEN jsonb_build_object('lead', jsonb_build_object('id', du2.id, 'code', du2.code, 'name', du2.name), 'co', '[]'::jsonb,
                                            'stage', CASE WHEN ev.ord = 5 THEN 'redispatch' ELSE 'first_dispatch' END)
    WHEN 'return' THEN jsonb_build_object('reason', '该事项不属于本单位职责范围，建议改派。', 'unitId', wu.id)
    WHEN 'callback' THEN jsonb_build_object('type', 'result', 'method', 'phone', 'reached', true, 'contacted', true, 'satisfaction', gc.sat)
    WHEN 'answer_on_spot' THEN jsonb_build_object('answer', tp.reply)
    ELSE '{}'::jsonb END
FROM ev JOIN gc ON gc.id = ev.case_id
JOIN bench_tpl tp ON tp.ti_ = gc.ti
JOIN bench_unit rg ON rg.idx = gc.district_idx
LEFT JOIN bench_unit lu ON lu.idx = gc.lead_idx
LEFT JOIN bench_unit wu ON wu.idx = gc.wrong_idx
LEFT JOIN bench_unit du2 ON du2.idx = CASE WHEN ev.ord = 3 AND gc.returned_once THEN gc.wrong_idx ELSE gc.lead_idx END
WINDOW w AS (PARTITION BY ev.case_id ORDER BY ev.at, ev.ord)`;

export const INSERT_UNITS_SQL = `
INSERT INTO case_units (region_id, case_id, unit_id, role, active, dispatched_at, accepted_at)
SELECT rg.id, gc.id, lu.id, 'lead', true, COALESCE(CASE WHEN t_redisp <= now_ THEN t_redisp END, t_disp), CASE WHEN t_acc <= now_ THEN t_acc END
FROM gc JOIN bench_unit lu ON lu.idx = gc.lead_idx JOIN bench_unit rg ON rg.idx = gc.district_idx
WHERE t_disp <= now_ AND NOT (returned_once AND t_ret <= now_ AND (t_redisp IS NULL OR t_redisp > now_))
UNION ALL
SELECT rg.id, gc.id, wu.id, 'lead', NOT COALESCE(t_redisp <= now_, false), t_disp, NULL
FROM gc JOIN bench_unit wu ON wu.idx = gc.wrong_idx JOIN bench_unit rg ON rg.idx = gc.district_idx
WHERE returned_once AND t_ret <= now_ AND wu.idx <> gc.lead_idx
UNION ALL
SELECT rg.id, gc.id, cu.id, 'co', true, COALESCE(CASE WHEN t_redisp <= now_ THEN t_redisp END, t_disp), NULL
FROM gc JOIN bench_unit cu ON cu.idx = gc.co_idx JOIN bench_unit rg ON rg.idx = gc.district_idx
WHERE t_disp <= now_ AND co_idx <> lead_idx AND NOT (returned_once AND t_ret <= now_ AND (t_redisp IS NULL OR t_redisp > now_))`;

export const INSERT_REPLIES_SQL = `
INSERT INTO case_replies (id, case_id, unit_id, kind, content, contacted_at, author_id, created_at, status, signed_off_by, signed_off_at)
SELECT gen_random_uuid(), gc.id, lu.id, 'reply', x.content, x.at - interval '3 hours', lu.handler, x.at, x.status,
  CASE WHEN x.signed <= gc.now_ THEN lu.leader END, CASE WHEN x.signed <= gc.now_ THEN x.signed END
FROM gc JOIN bench_unit lu ON lu.idx = gc.lead_idx JOIN bench_tpl tp ON tp.ti_ = gc.ti
CROSS JOIN LATERAL (VALUES
  (t_reply1, t_sign1, CASE WHEN t_rework <= now_ THEN 'reworked' WHEN t_appr <= now_ AND t_reply2 IS NULL THEN 'approved' WHEN t_sign1 <= now_ THEN 'signed_off' ELSE 'submitted' END,
   CASE WHEN reworked_once THEN '已安排人员现场查看，正在协调相关方处理。' ELSE tp.reply END),
  (t_reply2, t_sign2, CASE WHEN t_appr <= now_ THEN 'approved' WHEN t_sign2 <= now_ THEN 'signed_off' ELSE 'submitted' END, tp.reply)
) AS x(at, signed, status, content)
WHERE x.at <= gc.now_`;

export const INSERT_CALLBACKS_SQL = `
INSERT INTO callbacks (id, case_id, type, method, reached, contacted, satisfaction, resolved, comment, actor_id, at)
SELECT gen_random_uuid(), gc.id, 'result', 'phone', true, true, sat,
  sat IN ('very_satisfied', 'satisfied') OR (sat = 'basically_satisfied' AND r_sat < 0.88), NULL,
  ($1::uuid[])[1 + floor(random() * array_length($1::uuid[], 1))::int], t_cb
FROM gc WHERE t_cb <= now_`;

export const INSERT_EXTENSIONS_SQL = `
INSERT INTO extension_requests (id, case_id, unit_id, requested_by, requested_at, reason, requested_limit, status, decided_by, decided_at, old_due_at, new_due_at)
SELECT gen_random_uuid(), gc.id, lu.id, lu.handler, t_ext_req, '需协调多个部门联合处置，申请延期。', '5wd',
  CASE WHEN t_ext_dec <= now_ THEN 'approved' ELSE 'pending' END,
  CASE WHEN t_ext_dec <= now_ THEN ($1::uuid[])[1 + floor(random() * array_length($1::uuid[], 1))::int] END,
  CASE WHEN t_ext_dec <= now_ THEN t_ext_dec END,
  t_acc + ${limitDays('gc')} * interval '1 day', CASE WHEN t_ext_dec <= now_ THEN t_ext_dec + (${limitDays('gc')} + 7) * interval '1 day' END
FROM gc JOIN bench_unit lu ON lu.idx = gc.lead_idx WHERE t_ext_req <= now_`;

export const INSERT_OVERDUE_SQL = `
INSERT INTO overdue_records (case_id, unit_id, stage, due_at, overdue_at)
SELECT c.id, c.lead_unit_id, c.stage, c.due_at, c.overdue_at FROM cases c JOIN gc ON gc.id = c.id WHERE c.overdue_at IS NOT NULL`;
