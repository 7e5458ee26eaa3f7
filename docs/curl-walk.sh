#!/usr/bin/env bash
# 一个诉求的完整流程 — one case from registration to archive through the HTTP API.
# The same walk as in README.md. Needs curl, jq and a server started with the demo city (npm start).
set -euo pipefail
BASE=${BASE:-http://localhost:3000}
PW='Huiyin@12345'                # every demo account shares this password
JSON='Content-Type: application/json'
cd "$(mktemp -d)"                # one cookie jar per user goes in a scratch folder

# stop the walk when a step does not end as shown
want() { [ "$(echo "$R" | jq -r .state)" = "$1" ] || { echo "expected state $1, got: $R" >&2; exit 1; }; }
refused() {
  echo "refused: HTTP $HTTP $(jq -r '.error.code + " — " + .error.message' refusal.json)"
  [ "$HTTP" = "$1" ] && [ "$(jq -r .error.code refusal.json)" = "$2" ] || { echo "expected HTTP $1 $2" >&2; exit 1; }
}

# 1. 话务员 the operator logs in (the session cookie lands in op.jar) and registers a phone complaint
curl -s -c op.jar -b op.jar -H "$JSON" -d "{\"username\": \"operator\", \"password\": \"$PW\"}" \
  "$BASE/api/auth/login" | jq -r '"logged in: \(.username) (\(.role), \(.unit.code))"'
R=$(curl -s -c op.jar -b op.jar -H "$JSON" "$BASE/api/cases" -d '{
  "channel": "phone", "kind": "complaint",
  "title": "小区门口烧烤店夜间油烟扰民",
  "content": "滨江路88号小区门口的烧烤店每晚营业到凌晨两点，油烟直冲居民楼，噪音很大，希望有关部门处理。",
  "address": "江北区滨江路88号",
  "citizen": { "name": "张伟", "phone": "13800138000", "idNumber": "11010519491231002X" }
}')
want registered
ID=$(echo "$R" | jq -r .id); NO=$(echo "$R" | jq -r .caseNo); CODE=$(echo "$R" | jq -r .queryCode)
V=$(echo "$R" | jq .version)
echo "$R" | jq -r '"registered \(.caseNo), query code \(.queryCode): \(.state) v\(.version); phone \(.citizen.phone)"'
# answers are masked; the case page shows the centre's staff the full number, and logs that view
curl -s -c op.jar -b op.jar "$BASE/api/cases/$ID" | jq -r '"case page: phone \(.citizen.phone), ID \(.citizen.idNumber)"'

# 2. 派单员 the dispatcher sends it to 城管执法局 (lead, 主办) and 滨江街道 (co-unit, 协办)
curl -s -c disp.jar -b disp.jar -H "$JSON" -d "{\"username\": \"dispatcher\", \"password\": \"$PW\"}" \
  "$BASE/api/auth/login" | jq -r '"logged in: \(.username) (\(.role), \(.unit.code))"'
R=$(curl -s -c disp.jar -b disp.jar -H "$JSON" -d "{\"version\": $V, \"units\": [\"dept-cg\", \"st-jb-1\"]}" \
  "$BASE/api/cases/$ID/dispatch")
want dispatched
V=$(echo "$R" | jq .version)
echo "$R" | jq -r '"dispatch → \(.state) v\(.version); lead \(.leadUnit.code), co \(.coUnits | map(.code) | join(",")); \(.stageLimit), due \(.dueAt)"'

# refusal: a second dispatch sent with the version read before the first one → 409 case.stale_version
HTTP=$(curl -s -o refusal.json -w '%{http_code}' -c disp.jar -b disp.jar -H "$JSON" \
  -d '{"version": 1, "units": ["dept-zj"]}' "$BASE/api/cases/$ID/dispatch")
refused 409 case.stale_version

# 3. 承办人 the handler of 城管执法局 logs in
curl -s -c h.jar -b h.jar -H "$JSON" -d "{\"username\": \"h.dept-cg\", \"password\": \"$PW\"}" \
  "$BASE/api/auth/login" | jq -r '"logged in: \(.username) (\(.role), \(.unit.code))"'

# refusal: replying before accepting is not a step the lifecycle allows → 409 case.illegal_transition
HTTP=$(curl -s -o refusal.json -w '%{http_code}' -c h.jar -b h.jar -H "$JSON" -H 'Accept-Language: en' \
  -d "{\"version\": $V, \"content\": \"经现场核查，已责令整改到位。\"}" "$BASE/api/cases/$ID/reply")
refused 409 case.illegal_transition

# the handler accepts (签收); outside the centre the citizen's phone and ID number stay masked
R=$(curl -s -c h.jar -b h.jar -H "$JSON" -d "{\"version\": $V}" "$BASE/api/cases/$ID/accept")
want handling
V=$(echo "$R" | jq .version)
echo "$R" | jq -r '"accept → \(.state) v\(.version); the unit sees phone \(.citizen.phone), ID \(.citizen.idNumber)"'

# refusal: a perfunctory reply is not a reply (DOMAIN.md §7) → 422 reply.check_failed
HTTP=$(curl -s -o refusal.json -w '%{http_code}' -c h.jar -b h.jar -H "$JSON" \
  -d "{\"version\": $V, \"content\": \"正在联系处理中，请耐心等待，我单位高度重视并将持续跟进。\"}" "$BASE/api/cases/$ID/reply")
refused 422 reply.check_failed

# 4. the handler replies (反馈): concrete content, when the citizen was contacted and what they said
R=$(curl -s -c h.jar -b h.jar -H "$JSON" "$BASE/api/cases/$ID/reply" -d "{
  \"version\": $V,
  \"content\": \"经现场核查，该烧烤店油烟净化设施未正常使用，已责令其立即整改并限定营业至22:00，依据《大气污染防治法》第一百一十八条处以罚款，已复查整改到位。\",
  \"contactedAt\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",
  \"citizenAttitude\": \"群众表示认可\"
}")
want replied
V=$(echo "$R" | jq .version)
echo "$R" | jq -r '"reply → \(.state) v\(.version)"'

# 5. 督办质检 the supervisor approves the reply (审核通过), then records the result callback (结果性回访)
curl -s -c sup.jar -b sup.jar -H "$JSON" -d "{\"username\": \"supervisor\", \"password\": \"$PW\"}" \
  "$BASE/api/auth/login" | jq -r '"logged in: \(.username) (\(.role), \(.unit.code))"'
R=$(curl -s -c sup.jar -b sup.jar -H "$JSON" -d "{\"version\": $V}" "$BASE/api/cases/$ID/approve")
want pending_callback
V=$(echo "$R" | jq .version)
echo "$R" | jq -r '"approve → \(.state) v\(.version)"'

R=$(curl -s -c sup.jar -b sup.jar -H "$JSON" "$BASE/api/cases/$ID/callbacks" -d "{
  \"version\": $V, \"type\": \"result\",
  \"reached\": true, \"contacted\": true, \"satisfaction\": \"satisfied\", \"resolved\": true
}")
want closed
V=$(echo "$R" | jq .version)
echo "$R" | jq -r '"callback → \(.state) v\(.version); satisfaction \(.satisfaction)"'

# 6. the supervisor archives the closed case (归档) and reads its history
R=$(curl -s -c sup.jar -b sup.jar -H "$JSON" -d "{\"version\": $V}" "$BASE/api/cases/$ID/archive")
want archived
echo "$R" | jq -r '"archive → \(.state) v\(.version)"'
curl -s -c sup.jar -b sup.jar "$BASE/api/cases/$ID" | jq -r '"history: \(.events | map(.action) | join(" → "))"'
# every unmasked view of the citizen's phone and ID number is logged (个人信息查看记录)
curl -s -c sup.jar -b sup.jar "$BASE/api/access-log?case=$NO" \
  | jq -r '"unmasked views: " + (group_by(.username) | map("\(.[0].username) ×\(length)") | join(", "))'

# 7. 群众 the citizen follows the case without logging in: case number + query code, no personal data
curl -s "$BASE/api/public/cases/$NO?code=$CODE" \
  | jq -r '"public: \(.caseNo) \(.stateLabel) (\(.state)); lead unit \(.leadUnit); steps \(.timeline | map(.label) | join(" → "))"'
