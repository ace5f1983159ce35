"""Forms and approvals: saving survey submissions and running SMS requests through their chain.

usage: python bench/bench_forms_approvals.py [--db URL] [--submissions 5000] [--requests 300]

1. ``--submissions`` survey submissions (15 answer rows each, three of them a
   table) through ``core.forms.store.submit_many`` in one transaction, against
   the bare limit: Core inserts of the same submission and answer rows without
   validation. The limit is crdesk ≤ 3 × bare. One-by-one ``submit`` (the
   path of ``crdesk forms fill``) is reported per submission.
2. Reading all of them back with ``read_many`` (one query per 500 submissions).
3. ``--requests`` SMS requests submitted and approved by dept head, deputy GM
   and GM (four transactions each, with agenda tasks and audit entries);
   reported per request. The pending-list query of one approver is timed with
   every request still waiting.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete, insert, select

from core import people
from core.app import CrDesk
from core.approvals.engine import Approvals
from core.db.base import utcnow
from core.forms import Choice, Field, FormSpec, attachment_store
from core.forms import store as form_store
from core.forms.validate import validate
from core.models import FormAnswer, FormSubmission
from core.setup import initialise

LIMIT = 3.0
SURVEY = FormSpec(
    key="bench.survey", version=1, title_zh="销售满意度回访问卷",
    fields=(Field("name", "text", "客户姓名", required=True), Field("phone", "phone", "电话"),
            Field("overall", "rating", "总体满意度", required=True), Field("nps", "rating", "推荐意愿", min=0, max=10),
            Field("channels", "multi_choice", "了解渠道", choices=(Choice("web", "网络"), Choice("tv", "电视"))),
            Field("visited", "date", "交车日期"), Field("paid", "money", "金额"), Field("note", "long_text", "意见"),
            Field("prices", "rows", "价格", columns=(Field("model", "text", "车型"), Field("price", "money", "价格")))),
)
ANSWER = {"name": "张三", "phone": "13812345678", "overall": 5, "nps": 9, "channels": ["web", "tv"],
          "visited": "2026-11-20", "paid": "1280.00", "note": "服务很好",
          "prices": [{"model": "凯美瑞", "price": "165000"}, {"model": "雷凌", "price": "109800"},
                     {"model": "汉兰达", "price": "239800"}]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=None)
    parser.add_argument("--submissions", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    app = CrDesk(url, acting_user="admin")
    initialise(app, [])
    with app.session() as s:
        store = people.add_store(s, code="b1", name="基准店")
        for name, role, dept in (("li", "sales_fu", "cr"), ("wang", "manager", "cr"), ("zhao", "deputy_gm", "gm_office"),
                                 ("qian", "gm", "gm_office"), ("sun", "cr", "cr")):
            people.add_user(s, username=name, roles=[role], dept=dept, store=store)
        people.set_head(s, store=store, dept="cr", username="wang")
        li_id = people.user_by_name(s, "li").id

    files = attachment_store(app)
    t0 = time.perf_counter()
    with app.session() as s:
        for _ in range(200):
            form_store.submit(s, SURVEY, ANSWER, store=files, user_id=li_id, store_id=None)
    one_s = (time.perf_counter() - t0) / 200
    t0 = time.perf_counter()
    with app.session() as s:
        ids = form_store.submit_many(s, SURVEY, [ANSWER] * args.submissions, user_id=li_id, store_id=None)
    crdesk_s = time.perf_counter() - t0
    with app.session() as s:
        rows = [{k: v for k, v in r.items() if k != "id"} for r in
                s.execute(select(FormAnswer.__table__).where(FormAnswer.submission_id == ids[0])).mappings()]
        version_id = s.get(FormSubmission, ids[0]).form_version_id
    t0 = time.perf_counter()
    with app.db.engine.begin() as conn:
        validate(SURVEY, ANSWER)
        sub_ids = list(conn.scalars(
            insert(FormSubmission.__table__).returning(FormSubmission.id, sort_by_parameter_order=True),
            [{"form_version_id": version_id, "submitted_at": utcnow()} for _ in range(args.submissions)]))
        conn.execute(insert(FormAnswer.__table__), [{**r, "submission_id": sid} for sid in sub_ids for r in rows])
    bare_s = time.perf_counter() - t0
    print(f"{args.submissions} submissions × {len(rows)} answer rows on {app.db.dialect}")
    print(f"  submit (one)    {one_s * 1000:7.2f} ms/submission")
    print(f"  submit_many     {crdesk_s:7.2f} s  ({args.submissions / crdesk_s:,.0f}/s)")
    print(f"  bare executemany{bare_s:7.2f} s  ({args.submissions / bare_s:,.0f}/s)")
    print(f"  ratio {crdesk_s / bare_s:.2f} (limit {LIMIT}) {'OK' if crdesk_s / bare_s <= LIMIT else 'OVER'}")
    t0 = time.perf_counter()
    with app.session() as s:
        back = form_store.read_many(s, ids)
    read_s = time.perf_counter() - t0
    assert len(back) == len(ids) and back[ids[-1]]["overall"] == 5
    print(f"  read_many       {read_s:7.2f} s  ({len(ids) / read_s:,.0f} submissions/s)")
    with app.db.engine.begin() as conn:
        conn.execute(delete(FormAnswer.__table__).where(FormAnswer.submission_id.in_(sub_ids)))

    engine = Approvals(app)
    sms = {"subject": "邀约", "requesting_department": "sales", "purpose": "活动", "audience": "buyers",
           "message": "您好", "send_date": "2026-12-01", "count": 100}
    t0 = time.perf_counter()
    req_ids = []
    for _ in range(args.requests):
        with app.session() as s:
            req_ids.append(engine.submit(s, people.user_by_name(s, "li"), "sms_request", sms).id)
    submit_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    with app.session() as s:
        waiting = engine.pending_for(s, people.user_by_name(s, "wang"))
    pending_s = time.perf_counter() - t0
    assert len(waiting) == args.requests
    t0 = time.perf_counter()
    for rid in req_ids:
        for who in ("wang", "zhao", "qian"):
            with app.session() as s:
                engine.approve(s, people.user_by_name(s, who), rid, comment="同意")
    approve_s = time.perf_counter() - t0
    print(f"{args.requests} SMS requests")
    print(f"  submit          {submit_s / args.requests * 1000:7.1f} ms/request")
    print(f"  approve         {approve_s / args.requests / 3 * 1000:7.1f} ms/decision")
    print(f"  pending list    {pending_s * 1000:7.1f} ms with {args.requests} waiting")


if __name__ == "__main__":
    main()
