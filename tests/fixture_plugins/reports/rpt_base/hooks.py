"""Reports for the engine's tests; the data is generated, so no tables are needed."""
from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from typing import Any

from core import hookimpl
from core.reports import ReportSpec

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平"]
RESULTS = ["非常满意", "满意", "一般", "不满意"]
MODELS = ["凯美瑞", "汉兰达", "雷凌", "致炫", "威兰达"]
#: Every on_report_rendered call, for test_hook_on_report_rendered.
RENDERED: list[dict[str, Any]] = []


def callback_rows(n: int, period: Any) -> list[dict[str, Any]]:
    rows = []
    for i in range(n):
        name = "张伟" if i == 0 else SURNAMES[i % 20] + GIVEN[(i * 7) % 20]
        rows.append({"no": i + 1, "name": name, "phone": f"138{i:08d}", "plate": f"粤A·{10000 + i}",
                     "called_on": period.start + dt.timedelta(days=i % period.days),
                     "result": RESULTS[i % 4] if i % 13 else RESULTS[0], "score": Decimal(60 + i % 41),
                     "rate": (i % 10) / 10, "note": "客户建议增加周末保养预约名额" if i % 9 == 0 else ""})
    return rows


def callback_data(app: Any, session: Any, period: Any, store: Any) -> dict[str, Any]:
    rows = callback_rows(int(os.environ.get("RPT_ROWS", "12")), period)
    counts = [sum(1 for r in rows if r["result"] == res) for res in RESULTS]
    return {
        "figures": [{"label": "回访总数", "value": len(rows), "type": "int", "formula": "本期完成的回访通数"},
                    {"label": "满意率", "value": (counts[0] + counts[1]) / max(len(rows), 1), "type": "percent",
                     "formula": "（非常满意 + 满意）÷ 回访总数"}],
        "charts": [{"kind": "bar", "title": "满意度分布", "labels": RESULTS,
                    "series": [{"name": period.code, "values": counts}], "unit": "人"},
                   {"kind": "pie", "title": "回访结果占比", "labels": RESULTS,
                    "series": [{"name": "占比", "values": counts}]}],
        "tables": [
            {"title": "回访明细", "columns": [
                {"key": "no", "label": "序号", "type": "int"}, {"key": "name", "label": "客户姓名"},
                {"key": "phone", "label": "电话", "type": "phone"}, {"key": "plate", "label": "车牌"},
                {"key": "called_on", "label": "回访日期", "type": "date"},
                {"key": "result", "label": "满意度"}, {"key": "score", "label": "得分", "type": "decimal"},
                {"key": "rate", "label": "推荐意愿", "type": "percent"}, {"key": "note", "label": "备注"}],
             "rows": rows},
            {"title": "满意度汇总", "columns": [{"key": "result", "label": "满意度"},
                                          {"key": "count", "label": "人数", "type": "int"}],
             "rows": [{"result": r, "count": c} for r, c in zip(RESULTS, counts)]},
        ],
        "signatures": ["制表：销售回访专员", "审核：客户经理"],
    }


def ads_data(app: Any, session: Any, period: Any, store: Any) -> dict[str, Any]:
    return {"tables": [{"title": "竞品广告投放", "columns": [
        {"key": "paper", "label": "报纸"}, {"key": "brand", "label": "品牌"}, {"key": "size", "label": "版面"}],
        "rows": [{"paper": "广州日报", "brand": "东风日产", "size": "半版"},
                 {"paper": "南方都市报", "brand": "广汽本田", "size": "整版"}]}]}


def letters_data(app: Any, session: Any, period: Any, store: Any) -> dict[str, Any]:
    n = int(os.environ.get("RPT_LETTERS", "3"))
    letters = [{"name": "张伟" if i == 0 else SURNAMES[i % 20] + GIVEN[(i * 3) % 20],
                "salutation": "先生" if i % 2 == 0 else "女士", "postcode": f"5106{i % 100:02d}",
                "address": f"广州市天河区体育西路{i + 1}号", "model": MODELS[i % 5],
                "delivered_on": (period.start + dt.timedelta(days=i % period.days)).isoformat()}
               for i in range(n)]
    return {"letters": letters, "signer": {"title": "总经理", "name": "陈志远"}}


@hookimpl
def register_reports(app: Any) -> list[ReportSpec]:
    return [
        ReportSpec(key="rpt_base.satisfaction", title_zh="销售满意度回访报表", period="month",
                   roles=("sales_fu", "manager"), data=callback_data, template="callbacks.html",
                   duties=("SF-RPT",), completes_task="rpt_base.monthly_report",
                   chunk_rows=int(os.environ.get("RPT_CHUNK", "300"))),
        ReportSpec(key="rpt_base.weekly_ads", title_zh="相关汽车品牌广州市场广告投放统计周报", period="week",
                   roles=("sales_fu",), data=ads_data, orientation="landscape"),
        ReportSpec(key="rpt_base.purchase_letters", title_zh="购车感谢信", period="range", roles=("cr",),
                   data=letters_data, template="purchase_letter.html", kind="letters", formats=("pdf", "html"),
                   duties=("CR-D2",)),
    ]


@hookimpl
def prepare_jinja2_environment(env: Any, app: Any) -> None:
    env.filters["plate"] = lambda text: str(text).upper()


@hookimpl
def on_report_rendered(app: Any, session: Any, spec: Any, entry: Any) -> None:
    RENDERED.append({"key": spec.key, "task": spec.completes_task, "entry_id": entry.id, "format": entry.fmt,
                     "by": entry.rendered_by})
