# shellcheck shell=bash
# Sourced by scripts/demo.sh: a week of the CR specialist's work (cr_system), done through the CLI, and its
# reports and one thank-you letter batch rendered into demo/out/.
if crdesk plugins list --json | grep -q '"cr_system"'; then
  crpy() { .venv/bin/python -c "$1"; }
  today=$(crpy "from core.workdays import cst_today; print(cst_today())")
  yesterday=$(crpy "import datetime as d; from core.workdays import cst_today; print(cst_today()-d.timedelta(days=1))")
  month=${today:0:7}

  say "CR专员: the 9:30 kanban — 销售信息员 reports in time, 售后前台 is chased"
  for back in 7 6 5 4 3 2; do
    day=$(crpy "import datetime as d; from core.workdays import cst_today; print(cst_today()-d.timedelta(days=$back))")
    crdesk --as sales_clerk cr kanban sales --date "$day" --orders $((5 + back)) --deliveries $((3 + back % 4))
    crdesk --as service_desk cr kanban service --date "$day" --5k $((2 + back % 3)) --10k $((1 + back % 2))
  done
  crdesk --as sales_clerk cr kanban sales --date "$yesterday" --orders 9 --deliveries 6
  crdesk --as system tasks generate
  crdesk --as cr cr kanban status
  crdesk --as service_desk cr kanban service --date "$yesterday" --5k 4 --10k 2   # late: after the chase
  crdesk --as cr reports render cr_system.kanban --period "$yesterday" -o "demo/out/客户部日常业务管理看板-$yesterday.pdf"
  crdesk --as cr reports render cr_system.kanban --period "$yesterday" --format xlsx -o "demo/out/客户部日常业务管理看板-$yesterday.xlsx"

  say "CR专员: thank-you letters — print, GM signs, CR专员 checks and seals, 综合部 signs the 信函登记簿"
  batch=""
  for back in 1 2 3 4 5 6 7; do
    day=$(crpy "import datetime as d; from core.workdays import cst_today; print(cst_today()-d.timedelta(days=$back))")
    out=$(crdesk --as cr cr letters prepare --day "$day" --kind purchase --json)
    batch=$(printf '%s' "$out" | crpy "import json,sys; b=json.load(sys.stdin)['batches'][0]; print(b['batch'] if b['batch'] and b['letters'] else '')")
    [ -n "$batch" ] && break
  done
  if [ -n "$batch" ]; then
    crdesk --as cr cr letters render "$batch" -o "demo/out/购车感谢信-$day.pdf" --labels "demo/out/购车感谢信地址标签-$day.pdf"
    crdesk --as cr cr letters submit "$batch"
    req=$(crdesk --as cr cr letters list --json | crpy "import json,sys; print(next(b['approval'] for b in json.load(sys.stdin) if b['batch']==$batch))")
    crdesk --as gm approvals approve "$req"
    crdesk --as cr approvals approve "$req"
    crdesk --as cr approvals approve "$req"
    crdesk --as cr cr letters hand-over "$batch" --to admin_clerk
    crdesk --as admin_clerk cr letters sign-for "$batch"
    crdesk --as cr cr letters list
    crdesk --as cr reports render cr_system.mail_register --period "$day" -o "demo/out/信函登记簿-$day.pdf"
  fi

  say "CR专员: e-CRB tracking tables — two snapshots and their diff"
  cat > demo/out/ecrb-1.csv <<'CSV'
顾问,客户姓名,跟踪事项,跟踪状态,下次跟踪日期
王强,黄志明,新车首保提醒,跟踪中,
王强,李秀英,置换意向,跟踪中,
陈明,张建华,保险续保,跟踪中,
CSV
  cat > demo/out/ecrb-2.csv <<'CSV'
顾问,客户姓名,跟踪事项,跟踪状态,下次跟踪日期
王强,黄志明,新车首保提醒,已完成,
陈明,张建华,保险续保,跟踪中,
陈明,刘美玲,延保推荐,跟踪中,
CSV
  crdesk --as cr cr ecrb import demo/out/ecrb-1.csv --kind sales --date "$yesterday"
  crdesk --as cr cr ecrb import demo/out/ecrb-2.csv --kind sales --date "$today"
  crdesk --as cr cr ecrb diff --kind sales
  crdesk --as cr reports render cr_system.ecrb --period "$today" -o "demo/out/销售、维修顾问e-CRB跟踪表-$today.pdf"

  say "CR专员: not-returned lists handed to 售后部 and signed for"
  crdesk --as cr cr lists hand-over n3_5 --month "$month"
  crdesk --as cr cr lists hand-over n6_8 --month "$month"
  crdesk --as service_manager cr lists sign-for n3_5 --month "$month"
  crdesk --as service_manager cr lists sign-for n6_8 --month "$month"
  crdesk --as cr cr lists status
  crdesk --as cr reports render cr_system.not_returned_n3_5 --period "$month" -o "demo/out/N-3至N-5月交车客户未入库名单-$month.pdf"
  crdesk --as cr reports render cr_system.not_returned_n6_8 --period "$month" -o "demo/out/N-6至N-8月交车客户未入库名单-$month.pdf"

  say "CR专员: daily report, intake statistics, expired items"
  crdesk --as cr reports render cr_system.daily --period "$yesterday" -o "demo/out/客户部日报-$yesterday.pdf"
  crdesk --as cr reports render cr_system.intake_n3_n2 --period "$yesterday" -o "demo/out/N-3、N-2月交车客户入库统计-$yesterday.pdf"
  crdesk --as cr reports render cr_system.intake_n6_n5 --period "$yesterday" -o "demo/out/N-6、N-5月交车客户入库统计-$yesterday.pdf"
  crdesk --as cr reports render cr_system.expired --period "$month" -o "demo/out/当月过期汇总-$month.pdf"
  if crdesk plugins list --json | grep -q '"sales_followup"'; then
    crdesk --as cr reports render cr_system.membership --period "$month" -o "demo/out/车主网站会员注册统计-$month.pdf"
  fi
  crdesk --as cr agenda
fi
