# A month of the marketing specialist's work (sourced by scripts/demo.sh; `crdesk` and `say` come from there):
# next month's ad plan signed and sent on, two price snapshots, an activity at stage 9, one finished with its
# summary and evidence, and the marketing reports rendered to demo/out/.
mk=demo/out/marketing
mkdir -p "$mk"
eval "$(.venv/bin/python - <<'PY'
import datetime as dt
from core.workdays import cst_today
today = cst_today()
first = today.replace(day=1)
prev_last = first - dt.timedelta(days=1)
nxt = (first + dt.timedelta(days=32)).replace(day=1)
this_last = nxt - dt.timedelta(days=1)
days = sorted(d for d in (prev_last.replace(day=15), prev_last.replace(day=min(30, prev_last.day)),
                          today.replace(day=15), today.replace(day=min(30, this_last.day))) if d <= today)[-2:]
print(f"MONTH={today:%Y-%m} NEXT={nxt:%Y-%m} NEXT_FIRST={nxt:%Y-%m-%d} NEXT_MID={nxt.replace(day=15):%Y-%m-%d}")
print(f"NEXT_LAST={(nxt + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1):%Y-%m-%d}")
print(f"P1={days[0]:%Y-%m-%d} P2={days[1]:%Y-%m-%d} TODAY={today:%Y-%m-%d}")
print(f"WEEK={(today - dt.timedelta(days=7)).isocalendar()[0]}-W{(today - dt.timedelta(days=7)).isocalendar()[1]:02d}")
print(f"PAST={today - dt.timedelta(days=20):%Y-%m-%d} SOON={today + dt.timedelta(days=12):%Y-%m-%d}")
PY
)"
.venv/bin/python - "$mk" <<'PY'
import sys
from pathlib import Path
from PIL import Image, ImageDraw
out = Path(sys.argv[1])
for name, colour in (("合同原件", "#e8eef6"), ("发票", "#fff4d6"), ("现场图片1", "#d6f5e3"), ("现场图片2", "#f5d6e3"),
                     ("样报", "#eeeeee")):
    img = Image.new("RGB", (640, 420), colour)
    ImageDraw.Draw(img).rectangle((20, 20, 620, 400), outline="#555555", width=4)
    img.save(out / f"{name}.jpg", "JPEG", quality=80)
PY

say "marketing: next month's ad plan ($NEXT) — 市场专员 → 部门经理 → 副总经理 → 总经理 → 财务经理、销售前台"
cat > "$mk/ad-plan.yaml" <<YAML
subject: ${NEXT} 广告计划
month: "${NEXT}"
placements:
  - {medium: 广州日报, ad_format: 半版彩色, starts_on: "${NEXT_MID}", ends_on: "${NEXT_MID}", cost: "26000.00", expected_effect: 周末到店集客200批}
  - {medium: 汽车之家, ad_format: 城市频道焦点图, starts_on: "${NEXT_FIRST}", ends_on: "${NEXT_LAST}", cost: "18000.50", expected_effect: 线索300条}
  - {medium: 广州交通电台FM106.1, ad_format: 15秒口播×60次, starts_on: "${NEXT_FIRST}", ends_on: "${NEXT_MID}", cost: "9600.00", expected_effect: 品牌曝光与车主活动预告}
note: 附年末车主关爱日及新春试驾会初步方案
YAML
cat > "$mk/活动初步方案.yaml" <<'YAML'
年末车主关爱日: 免费检测、抽奖,预计到场120组
新春试驾会: 凯美瑞、汉兰达试驾,预计线索80条
YAML
crdesk --as marketing approvals submit ad_plan --data "$mk/ad-plan.yaml" --json > "$mk/ad-plan.json"
adplan=$(.venv/bin/python -c "import json; print(json.load(open('$mk/ad-plan.json'))['id'])")
crdesk --as manager approvals approve "$adplan" --comment 同意 --attach "activity_plans=$mk/活动初步方案.yaml"
crdesk --as deputy_gm approvals approve "$adplan" --comment 同意
crdesk --as gm approvals approve "$adplan" --comment 批准
crdesk --as finance_manager agenda --week
crdesk --as finance_manager ad-plans sheet "$adplan" --out "demo/out/下月广告计划表-签批单-$NEXT.pdf"

say "marketing: price tracking on $P1 and $P2 (APR-PRICE)"
n=0
for day in "$P1" "$P2"; do
  n=$((n + 1))
  cat > "$mk/price-$n.yaml" <<YAML
subject: ${day} 竞争品牌、同品牌价格跟踪表
surveyed_on: "${day}"
prices:
  - {brand_kind: same, brand: 广汽丰田, model: 凯美瑞, trim: 2.0G 豪华版, msrp: "199800.00", price: "$((181000 - n * 1500)).00", promotion: 置换补贴5000元}
  - {brand_kind: same, brand: 广汽丰田, model: 汉兰达, trim: 2.0T 四驱尊贵版, msrp: "299800.00", price: "$((279000 - n * 1000)).00", promotion: 首年保险}
  - {brand_kind: rival, brand: 广汽本田, model: 雅阁, trim: 260TURBO 精英版, msrp: "195800.00", price: "$((176000 - n * 2000)).00", promotion: 首付两成、0息}
  - {brand_kind: rival, brand: 东风日产, model: 天籁, trim: 2.0L XL 舒适版, msrp: "179900.00", price: "$((158000 - n * 500)).00", promotion: 送全年保养}
promotions: 竞品加大金融贴息与置换补贴,雅阁本期再降。
countermeasures: 周末试驾专场+置换评估免费,凯美瑞保持金融政策。
YAML
  crdesk --as marketing approvals submit price --data "$mk/price-$n.yaml" --json > "$mk/price-$n.json"
  pid=$(.venv/bin/python -c "import json; print(json.load(open('$mk/price-$n.json'))['id'])")
  for who in manager deputy_gm gm; do crdesk --as "$who" approvals approve "$pid" --comment 同意; done
done

say "marketing: market news, the front desk's walk-in / call-in figures, partners"
cat > "$mk/news.yaml" <<YAML
day: "${TODAY}"
source: paper
outlet: 南方都市报
brand: 广汽本田
category: price
headline: 雅阁年末直降两万
summary: 广州地区雅阁260TURBO优惠2万元,置换再补3000元。
YAML
crdesk --as marketing forms fill marketing.market_news --data "$mk/news.yaml"
cat > "$mk/walkins.yaml" <<YAML
day: "${TODAY}"
models:
  - {model: 凯美瑞, walk_ins: 18, calls: 9, test_drives: 6, orders: 3, deliveries: 2}
  - {model: 汉兰达, walk_ins: 7, calls: 4, test_drives: 2, orders: 1, deliveries: 1}
  - {model: 锋兰达, walk_ins: 11, calls: 6, test_drives: 4, orders: 2, deliveries: 2}
YAML
crdesk --as marketing forms fill marketing.walkins --data "$mk/walkins.yaml"
crdesk --as marketing partners add 广州日报 --category media --contact 刘记者 --phone 13800138000
crdesk --as marketing partners add 天河城车主俱乐部 --category club --contact 赵会长
crdesk --as marketing partners log 广州日报 --kind contact --purpose 年末车主关爱日报道沟通

plan_yaml() {  # $1 file, $2 purpose, $3 start, $4 budget
  cat > "$1" <<YAML
purpose: $2
starts_at: "$3 09:30"
ends_at: "$3 16:00"
place: 天河店展厅及停车场
audience: 三年内购车车主
publicity: 短信邀约+公众号软文+广州日报
expected_effect: 到场120组,带动保养40台
budget: "$4"
YAML
}
run_stages() {  # $1 activity, $2 stage to reach
  while [ "$(crdesk --as marketing activities show "$1" --json | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["stage"] or 99)')" -lt "$2" ]; do
    crdesk --as marketing activities advance "$1" --note 完成
  done
}
approve_plan() {  # $1 activity
  req=$(crdesk --as marketing activities show "$1" --json | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["plan_request"])')
  for who in manager deputy_gm gm; do crdesk --as "$who" approvals approve "$req" --comment 同意; done
}
cat > "$mk/execution.yaml" <<'YAML'
details: 签到、免费检测、抽奖、车主座谈
materials: 背景板、易拉宝、礼品
advertising: 公众号软文两篇,广州日报活动预告
staff: 客户部4人、售后2人、销售2人
schedule: 提前两周定稿,前一天布置
crisis: 雨天改室内,急救箱,专人疏导车辆
YAML

say "marketing: activity 1 finished with its summary and evidence (13 stages)"
crdesk --as marketing activities add 秋季车主关爱日 --kind owner
act1=1
crdesk --as marketing activities budget $act1 场地物料 12000.00
crdesk --as marketing activities budget $act1 媒体 8000.00
run_stages $act1 6
plan_yaml "$mk/plan-1.yaml" 回馈老车主,带动保养回厂 "$PAST" 20000.00
crdesk --as marketing activities submit-plan $act1 --data "$mk/plan-1.yaml"
approve_plan $act1
crdesk --as marketing activities advance $act1 --note 方案获批,启动执行
crdesk --as marketing activities execution $act1 --data "$mk/execution.yaml"
run_stages $act1 11
crdesk --as marketing activities evidence add $act1 onsite_photo "$mk/现场图片1.jpg"
crdesk --as marketing activities evidence add $act1 onsite_photo "$mk/现场图片2.jpg"
crdesk --as marketing activities evidence add $act1 contract_photo "$mk/合同原件.jpg"
crdesk --as marketing activities evidence add $act1 invoice "$mk/发票.jpg"
run_stages $act1 12
cat > "$mk/summary.yaml" <<'YAML'
direct_effect: 到场132组,当天保养46台
versus_expected: 到场超出预计10%,保养超出15%
indirect_effect: 转介绍线索18条,公众号新增关注600
lessons: 提前两周短信邀约,分时段签到
shortcomings: 上午签到排队超过20分钟
improvements: 增加签到台,预约分时段到店
coverage: 广州日报车主活动报道、公众号回顾推文
YAML
crdesk --as marketing activities summary $act1 --data "$mk/summary.yaml"
run_stages $act1 14
cat > "$mk/pay.yaml" <<'YAML'
subject: 秋季车主关爱日场地物料款
payee: 广州盛世广告有限公司
contract_no: GZTH-2026-131
amount: "11800.00"
YAML
crdesk --as marketing approvals submit pay --data "$mk/pay.yaml" --attach "invoice_photo=$mk/发票.jpg" --attach "contract_copy=$mk/合同原件.jpg" --json > "$mk/pay.json"
pay=$(.venv/bin/python -c "import json; print(json.load(open('$mk/pay.json'))['id'])")
for who in manager accountant finance_manager deputy_gm gm; do crdesk --as "$who" approvals approve "$pay" --comment 同意; done
crdesk --as marketing activities spend $act1 --request "$pay" --item 场地物料
crdesk --as marketing activities evidence ready $act1
crdesk --as marketing activities evidence export $act1 --out "demo/out/厂家广宣报销资料-秋季车主关爱日.zip"
crdesk --as marketing activities show $act1 --pdf "demo/out/活动报告-秋季车主关爱日.pdf"

say "marketing: activity 2 at stage 9 (活动预告)"
crdesk --as marketing activities add 年末凯美瑞试驾会 --kind promotion
act2=2
crdesk --as marketing activities budget $act2 场地物料 15000.00
crdesk --as marketing activities budget $act2 媒体 10000.00
run_stages $act2 6
plan_yaml "$mk/plan-2.yaml" 年末冲量,凯美瑞试驾转化 "$SOON" 25000.00
crdesk --as marketing activities submit-plan $act2 --data "$mk/plan-2.yaml"
approve_plan $act2
crdesk --as marketing activities advance $act2 --note 方案获批
crdesk --as marketing activities execution $act2 --data "$mk/execution.yaml"
crdesk --as marketing activities advance $act2 --note 执行方案已定稿
crdesk --as marketing activities list
crdesk --as marketing activities show $act2 --pdf "demo/out/活动报告-年末凯美瑞试驾会.pdf"

say "marketing reports in demo/out/"
crdesk --as marketing reports render marketing.ad_plan --period "$NEXT" -o "demo/out/下月广告计划表-$NEXT.pdf"
crdesk --as marketing reports render marketing.price_tracking --period "${P2:0:7}" -o "demo/out/竞争品牌、同品牌价格跟踪表-${P2:0:7}.pdf"
crdesk --as marketing reports render marketing.activities --period "$MONTH" -o "demo/out/市场推广与车主活动一览表-$MONTH.pdf"
crdesk --as marketing reports render marketing.weekly_summary --period "$WEEK" -o "demo/out/上周广宣、市场与车主活动总结-$WEEK.pdf"
crdesk --as marketing reports render marketing.m3_tables --period "$MONTH-01..$TODAY" -o "demo/out/市场信息五表-$MONTH.pdf"
crdesk --as marketing duties --role marketing
