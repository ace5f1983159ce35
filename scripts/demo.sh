#!/usr/bin/env bash
# The main job on a demo database: a Guangzhou store with a year of deliveries and service visits,
# today's tasks and agendas, a morning of follow-up calls, and this month's reports in demo/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p demo/out
rm -rf demo/crdesk.db demo/crdesk.db-wal demo/crdesk.db-shm demo/crdesk-data demo/attachments demo/out/*
export CRDESK_DATABASE_URL="sqlite:///demo/crdesk.db"
export CRDESK_SMS_OUTBOX="demo/out/sms-outbox.jsonl"
export CRDESK_ATTACHMENTS="demo/attachments"
crdesk() { .venv/bin/crdesk "$@"; }
say() { printf '\n== %s\n' "$*"; }
first_task() {  # first open call task of schedule $2 on user $1's agenda
  crdesk --as "$1" tasks list --user "$1" --status open,overdue --json |
    .venv/bin/python -c "import json,sys; print(next(t['id'] for t in json.load(sys.stdin) if t['key']=='$2'))"
}

say "crdesk init --demo — a believable 广汽丰田 store in Guangzhou"
crdesk init --demo
say "crdesk plugins list"
crdesk plugins list
say "crdesk --as system tasks generate — every morning, from cron (the system user)"
crdesk --as system tasks generate
say "the sales follow-up specialist's agenda: crdesk --as sales_fu agenda"
crdesk --as sales_fu agenda

say "a morning of calls: crdesk --as sales_fu calls log TASK --outcome …"
cat > demo/out/survey.yaml <<'YAML'
data_verified: "yes"
overall: 5
salesperson: 5
delivery_explanation: 4
timeliness: 5
facility: 4
nps: 9
suggestions: 希望增加周末保养预约时段
complaint: "no"
YAML
cat > demo/out/survey-complaint.yaml <<'YAML'
data_verified: "yes"
overall: 2
salesperson: 2
delivery_explanation: 3
timeliness: 2
facility: 4
nps: 4
complaint: "yes"
complaint_detail: 交车比约定时间晚了两个小时，销售顾问没有提前通知
YAML
crdesk --as sales_fu calls log "$(first_task sales_fu sales_followup.callback)" --outcome reached --survey demo/out/survey.yaml
crdesk --as sales_fu calls log "$(first_task sales_fu sales_followup.callback)" --outcome reached --survey demo/out/survey-complaint.yaml
crdesk --as sales_fu calls log "$(first_task sales_fu sales_followup.callback)" --outcome powered_off --note 晚上再打
crdesk --as sales_fu complaints list

say "the after-sales follow-up specialist's agenda: crdesk --as service_fu agenda"
crdesk --as service_fu agenda

month=$(.venv/bin/python -c "from core.workdays import cst_today; print(cst_today().strftime('%Y-%m'))")
say "this month's reports ($month) in demo/out/"
crdesk --as manager reports render sales_followup.satisfaction --period "$month" -o "demo/out/销售满意度回访报表-$month.pdf"
crdesk --as manager reports render sales_followup.satisfaction --period "$month" --format xlsx -o "demo/out/销售满意度回访报表-$month.xlsx"
crdesk --as manager reports render sales_followup.complaints --period "$month" -o "demo/out/销售投诉处理结果汇总-$month.pdf"
crdesk --as manager reports render sales_followup.buyer_composition --period "$month" -o "demo/out/已购车客户构成统计-$month.pdf"
for key in service_followup.satisfaction_report service_followup.first_maintenance; do
  if crdesk --as manager reports list --json | grep -q "\"$key\""; then
    crdesk --as manager reports render "$key" --period "$month" -o "demo/out/$key-$month.pdf"
  fi
done

for f in scripts/demo.d/*.sh; do [ -e "$f" ] && source "$f"; done

say "duty coverage"
crdesk duties --json | .venv/bin/python -c "
import json, sys, collections
rows = json.load(sys.stdin)
by = collections.defaultdict(lambda: [0, 0])
for r in rows:
    by[r['role']][0] += r['covered']; by[r['role']][1] += 1
for role, (done, total) in sorted(by.items()):
    print(f'  {role:<12} {done:>3} of {total:<3} duties carried by an enabled plugin')"

say "done"
echo "demo database: demo/crdesk.db    reports: demo/out/"
echo "try: .venv/bin/crdesk --db sqlite:///demo/crdesk.db --as sales_fu agenda"
