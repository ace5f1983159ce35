# A month of the customer relations manager's work (sourced by scripts/demo.sh; `crdesk` and `say` come from
# there): the Monday department meeting with action items, a budget with one overspending payment request in the
# approvals inbox, and the manager's reports rendered to demo/out/ with their Chinese names.
mg=demo/out/manager
mkdir -p "$mg"
eval "$(.venv/bin/python - <<'PY'
import datetime as dt
from core.workdays import cst_today
today = cst_today()
monday = today - dt.timedelta(days=today.weekday())
prev = today.replace(day=1) - dt.timedelta(days=1)
week = (today - dt.timedelta(days=7)).isocalendar()
print(f"MG_MONTH={today:%Y-%m} MG_PREV={prev:%Y-%m} MG_MONDAY={monday:%Y-%m-%d} MG_TODAY={today:%Y-%m-%d}")
print(f"MG_DUE={today + dt.timedelta(days=3):%Y-%m-%d} MG_WEEK={week[0]}-W{week[1]:02d}")
PY
)"

say "manager: Monday department meeting — action items become tasks on their owners' agendas"
cat > "$mg/部门例会.yaml" <<YAML
kind: department
held_on: "${MG_MONDAY}"
attendees:
  - {username: manager, present: present}
  - {username: cr, present: present}
  - {username: sales_fu, present: present}
  - {username: service_fu, present: leave}
summary: 上周回访完成率92%,看板输入迟报两次
decisions: 本周重点首保回厂邀约;无效号码周五前交销售部核实
actions:
  - {owner: sales_fu, item: 整理无效号码清单交销售部, due_on: "${MG_DUE}"}
  - {owner: cr, item: 看板输入9:30前到齐并更新e-CRB, due_on: "${MG_DUE}"}
YAML
crdesk --as manager meetings record --data "$mg/部门例会.yaml" || true
crdesk --as sales_fu tasks list --status open --limit 5

say "manager: this month's 广告费 budget and an overspending payment request in the approvals inbox"
crdesk --as manager budgets set --period "$MG_MONTH" --category 广告费 --amount 20000
cat > "$mg/付款-广告费.yaml" <<'YAML'
subject: 广告费 报纸半版广告
payee: 广州日报社
contract_no: GZTH-DEMO-001
amount: "26000.00"
YAML
crdesk --as marketing approvals submit pay --data "$mg/付款-广告费.yaml"
crdesk --as manager manager inbox

say "manager: reports rendered to demo/out/"
render() {  # key period name
  crdesk --as manager reports render "manager.$1" --period "$2" -o "demo/out/$3-$2.pdf" || true
}
render budget "$MG_MONTH" 部门费用预算执行表
render competitors "$MG_PREV" 竞争对手情报表
render staff_tracking "$MG_PREV" 人员跟踪表
render buyers "$MG_PREV" 已购车用户分析表
crdesk --as manager reports render manager.buyers --period "$MG_PREV" --format xlsx -o "demo/out/已购车用户分析表-$MG_PREV.xlsx" || true
render walkin_analysis "$MG_PREV" 来店来电客户信息分析
render dept_summary "$MG_PREV" 上月客户部工作总结报表
render callback_summary "$MG_PREV" 上月客户回访报表
render composition "$MG_PREV" 客户及车型构成分析
render data_quality "$MG_MONTH" 客户资料质量检查表
render access_review "$MG_MONTH" 权限与信息安全检查表
render ad_effect "$MG_WEEK" 销售店广宣及效果统计表
