# Sourced by scripts/demo.sh: the follow-up specialists' day as they would do it through crdesk, then every
# follow-up report rendered into demo/out/ with its Chinese title and period as the file name.
# Uses crdesk, say and first_task from demo.sh.

py() { .venv/bin/python -c "$@"; }
open_tasks() {  # ids of open tasks of schedule $2 visible to user $1, one per line
  crdesk --as "$1" tasks list --user "$1" --status open,overdue --json |
    py "import json,sys; [print(t['id']) for t in json.load(sys.stdin) if t['key']=='$2']"
}
source_of() {  # the delivery / visit id behind task $2 (seen by user $1)
  crdesk --as "$1" tasks list --status open,overdue,done --json |
    py "import json,sys; print(next((t['source'] or {}).get('id', '') for t in json.load(sys.stdin) if t['id']==$2))"
}

say "follow-up: yesterday's delivery customers and what they lack (SF-D3)"
crdesk --as sales_fu sales-fu deliveries || true
for id in $(crdesk --as sales_fu sales-fu deliveries --pending --json | py "import json,sys; [print(r['customer_id']) for r in json.load(sys.stdin)[:2]]"); do
  crdesk --as sales_fu calls correct "$id" --address "广州市天河区体育西路${id}号" --note 回访核实
done

say "follow-up: the call screen with the number to dial (audited): crdesk --as sales_fu calls show TASK"
task=$(open_tasks sales_fu sales_followup.callback | head -1)
[ -n "$task" ] && crdesk --as sales_fu calls show "$task"

say "follow-up: after-sales calls, a repair callback that was not fixed, face-to-face surveys and gifts"
cat > demo/out/service-survey.yaml <<'YAML'
data_checked: "yes"
reception: 5
explanation: 4
quality: 5
on_time: 4
cleanliness: 5
price_transparency: 4
overall: 5
nps: 9
suggestions: 休息区希望增加充电插座
complaint: "no"
YAML
cat > demo/out/repair-survey.yaml <<'YAML'
data_checked: "no"
corrected_address: 广州市海珠区新港中路88号
issue_resolved: "no"
claim_smooth: "no"
reception: 4
explanation: 3
quality: 2
on_time: 3
cleanliness: 4
price_transparency: 3
overall: 2
nps: 5
suggestions: 右前门异响仍在，理赔材料退回两次
complaint: "no"
YAML
for t in $(open_tasks service_fu service_followup.callback | head -3); do
  crdesk --as service_fu calls log "$t" --outcome reached --survey demo/out/service-survey.yaml
done
t=$(open_tasks service_fu service_followup.repair_callback | head -1)
[ -n "$t" ] && crdesk --as service_fu calls log "$t" --outcome reached --survey demo/out/repair-survey.yaml
cat > demo/out/f2f.yaml <<'YAML'
overall: 5
salesperson: 5
ceremony: 5
delivery_explanation: 4
nps: 10
suggestions: 交车仪式很用心，照片很漂亮
complaint: "no"
YAML
for src in $(crdesk --as sales_fu sales-fu deliveries --json | py "import json,sys; [print(r['source_id']) for r in json.load(sys.stdin)[:3]]"); do
  crdesk --as sales_fu ceremony gift delivery "$src" --gift 车载香薰 --photo \
    --form sales_followup.ceremony_survey --survey demo/out/f2f.yaml
done

say "follow-up: the day's competitor ads, an improvement proposal"
crdesk --as sales_fu ads log --paper 广州日报 --brand 本田 --model 雅阁 --format 半版 --offer "置换补贴8000元"
crdesk --as service_fu ads log --paper 南方都市报 --brand 日产 --model 天籁 --format 通栏 --offer "首保免费"
cat > demo/out/proposal.json <<'JSON'
{"source": "sales_survey", "problem": "交车说明评分偏低，客户反映保养周期没讲清楚",
 "evidence": "本月交车说明平均3.6分", "proposal": "交车时使用保养说明卡逐项讲解并请客户签字",
 "department": "sales", "expected": "交车说明评分提升到4.5分"}
JSON
crdesk --as sales_fu forms fill followup.improvement_proposal --data demo/out/proposal.json

say "follow-up: members, the front desk's customer-information sheet, the quarter's ad reimbursement items"
today=$(py "from core.workdays import cst_today; print(cst_today())")
crdesk --as sales_fu members join --no M2026001 --name 陈国 --phone 15255889985 --level 金卡会员
crdesk --as sales_fu members join --no M2026002 --name 冯博鹏 --phone 19500000465
crdesk --as sales_fu members join --no M2026003 --name 袁艳洋 --phone 15700001769
cat > demo/out/customer-info.json <<JSON
{"entries": [{"day": "$today", "kind": "visit", "channel": "internet", "model": "凯美瑞", "count": 6},
             {"day": "$today", "kind": "visit", "channel": "referral", "model": "汉兰达", "count": 2},
             {"day": "$today", "kind": "call", "channel": "newspaper", "model": "雷凌", "count": 4}]}
JSON
crdesk --as sales_fu forms fill sales_followup.customer_info --data demo/out/customer-info.json
cat > demo/out/ad-items.json <<JSON
{"quarter": "$(py "from core.workdays import cst_today; d = cst_today(); print(f'{d.year}-Q{(d.month - 1) // 3 + 1}')")",
 "items": [{"published_on": "$today", "media": "广州日报", "content": "凯美瑞冬季购车节", "amount": "12000.50",
            "invoice_no": "44010026"},
           {"published_on": "$today", "media": "新快报", "content": "周末团购会", "amount": "8000"}]}
JSON
crdesk --as sales_fu forms fill sales_followup.ad_reimbursement --data demo/out/ad-items.json

say "follow-up: complaints in each state (待响应, 处理中, 已结案 with the customer's satisfaction)"
customers=$(crdesk --as manager customers search 138 --json 2>/dev/null | py "import json,sys; [print(c['id']) for c in json.load(sys.stdin)[:3]]" || true)
set -- $customers
if [ $# -ge 3 ]; then
  crdesk --as sales_fu complaints open --customer "$1" --origin sales --category 服务态度 --text "来店看车无人接待" || true
  c2=$(crdesk --as service_fu complaints open --customer "$2" --origin service --category 维修质量 --text "保养后仍有异响" --json | py "import json,sys; print(json.load(sys.stdin)['id'])")
  crdesk --as manager complaints respond "$c2" --note "已致电客户，安排周六复检"
  c3=$(crdesk --as sales_fu complaints open --customer "$3" --origin sales --category 交车延误 --text "交车晚了两天" --json | py "import json,sys; print(json.load(sys.stdin)['id'])")
  crdesk --as manager complaints respond "$c3" --note "已向客户致歉"
  crdesk --as manager complaints close "$c3" --result "赠送一次免费保养，客户接受"
  crdesk --as sales_fu complaints satisfaction "$c3" satisfied
fi

month=$(py "from core.workdays import cst_today; print(cst_today().strftime('%Y-%m'))")
week=$(py "from core.workdays import cst_today; y, w, _ = cst_today().isocalendar(); print(f'{y}-W{w:02d}')")
quarter=$(py "from core.workdays import cst_today; d = cst_today(); print(f'{d.year}-Q{(d.month - 1) // 3 + 1}')")
say "every follow-up report for this period, as 《title》_period.pdf in demo/out/"
crdesk --as manager reports list --json | py "
import json, sys
for r in json.load(sys.stdin):
    if r['plugin'] in ('followup', 'sales_followup', 'service_followup'):
        print(r['key'] + '\t' + r['period'] + '\t' + r['title'])
" > demo/out/.followup-reports
while IFS=$'\t' read -r key kind title; do
  case "$kind" in week) p=$week ;; quarter) p=$quarter ;; *) p=$month ;; esac
  user=manager
  case "$key" in sales_followup.*) user=sales_fu ;; service_followup.*) user=service_fu ;; esac
  crdesk --as "$user" reports render "$key" --period "$p" -o "demo/out/《${title}》_${p}.pdf"
done < demo/out/.followup-reports
rm -f demo/out/.followup-reports
crdesk --as manager reports render service_followup.first_maintenance --period "$month" --reveal \
  -o "demo/out/《首保回厂率统计（按交车月份）》_${month}_完整电话.pdf"
