"""Generating tasks from the duty_demo schedules on a real database (SQLite or PostgreSQL)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.errors import PermissionDenied, ValidationError
from core.models import Task, User
from core.scheduler.actions import complete
from core.scheduler.generate import cancel_for_source, generate
from core.workdays import CST
from tests.fixture_plugins.scheduler.duty_demo.models import DemoReport
from tests.scheduler_support import Dealer, dealer  # noqa: F401 - fixture

D = dt.date


def by_key(tasks: list[Task], key: str) -> list[Task]:
    return [t for t in tasks if t.key == f"duty_demo.{key}"]


def test_delivery_callbacks_open_on_n_plus_3_and_are_due_on_n_plus_5(dealer: Dealer) -> None:
    dealer.add_deliveries((D(2026, 11, 2), "张三", None))
    generate(dealer.app, D(2026, 11, 4))
    assert by_key(dealer.tasks(), "callback") == []
    summary = generate(dealer.app, D(2026, 11, 5))
    [task] = by_key(dealer.tasks(), "callback")
    assert task.title == "交车满意度回访 · 张三"
    assert task.opens_at.astimezone(CST).date() == D(2026, 11, 5)
    assert task.due_at.astimezone(CST) == dt.datetime(2026, 11, 7, 17, 30, tzinfo=CST)
    assert task.duties == ["SF-D4"] and task.source_kind == "duty_demo.delivery" and not task.late
    assert summary.by_schedule["duty_demo.callback"] == 1


def test_running_again_creates_nothing_twice(dealer: Dealer) -> None:
    dealer.add_deliveries(*[(D(2026, 11, 20), f"客户{i}", None) for i in range(30)])
    first = generate(dealer.app, D(2026, 11, 23))
    again = generate(dealer.app, D(2026, 11, 23))
    later = generate(dealer.app, D(2026, 11, 24))
    assert first.created > 30 and again.created == 0
    assert "duty_demo.callback" not in later.by_schedule
    keys = [t.dedupe_key for t in dealer.tasks()]
    assert len(keys) == len(set(keys))
    assert len(by_key(dealer.tasks(), "callback")) == 30


def test_missed_days_are_caught_up_and_marked_late(dealer: Dealer) -> None:
    generate(dealer.app, D(2026, 11, 23))  # Monday
    summary = generate(dealer.app, D(2026, 11, 26))  # Tue and Wed were missed
    mornings = {t.period: t.late for t in by_key(dealer.tasks(), "morning")}
    assert mornings == {"2026-11-23": False, "2026-11-24": True, "2026-11-25": True, "2026-11-26": False}
    assert summary.covered["GZ1"] == (D(2026, 11, 24), D(2026, 11, 26))
    assert summary.late >= 2


def test_working_day_windows_jump_over_spring_festival(dealer: Dealer) -> None:
    dealer.add_deliveries((D(2026, 2, 12), "王五", None))
    generate(dealer.app, D(2026, 2, 13))
    for day in (D(2026, 2, 14), D(2026, 2, 20)):
        generate(dealer.app, day)
        assert by_key(dealer.tasks(), "callback_wd") == []
    generate(dealer.app, D(2026, 2, 24))
    [task] = by_key(dealer.tasks(), "callback_wd")
    assert task.opens_at.astimezone(CST).date() == D(2026, 2, 24)
    assert task.due_at.astimezone(CST).date() == D(2026, 2, 26)
    # the calendar-day callback counted N+3..N+5 straight through the holiday
    [calendar_days] = by_key(dealer.tasks(), "callback")
    assert calendar_days.opens_at.astimezone(CST).date() == D(2026, 2, 15)
    assert calendar_days.late


def test_monthly_schedules_around_the_month_end(dealer: Dealer) -> None:
    generate(dealer.app, D(2026, 2, 27))
    generate(dealer.app, D(2026, 3, 2))
    tasks = dealer.tasks()
    assert {t.period for t in by_key(tasks, "price_tracking")} == {"2026-02-28", "2026-03-15"}
    assert {t.period for t in by_key(tasks, "ad_summary")} == {"2026-02"}
    assert {t.period: t.due_at.astimezone(CST) for t in by_key(tasks, "oem_reports")} == {
        "2026-03": dt.datetime(2026, 3, 2, 17, 0, tzinfo=CST)}
    assert {t.period for t in by_key(tasks, "month_summary")} == {"2026-03"}
    assert {t.period for t in by_key(tasks, "walkin")} == {"2026-02-28", "2026-03-15"}


def test_cohort_counts_deliveries_of_months_n3_to_n5(dealer: Dealer) -> None:
    dealer.add_deliveries((D(2026, 5, 31), "too old", None), (D(2026, 6, 1), "a", None), (D(2026, 7, 15), "b", None),
                          (D(2026, 8, 31), "c", None), (D(2026, 9, 1), "too new", None))
    generate(dealer.app, D(2026, 11, 3))
    [task] = by_key(dealer.tasks(), "not_returned")
    assert task.period == "2026-11" and task.title == "未入库清单（2026-06～2026-08）"
    assert task.detail == {"from_month": "2026-06", "to_month": "2026-08", "records": 3,
                           "source_kind": "duty_demo.delivery"}
    assert task.assignee_id == dealer.users["cr1"]


def test_assignment_by_partner_field_skips_absent_staff(dealer: Dealer) -> None:
    with dealer.app.session() as s:
        s.get(User, dealer.users["sf1"]).away_until = D(2026, 11, 30)  # type: ignore[union-attr]
    dealer.add_deliveries((D(2026, 11, 20), "给sf1的", dealer.users["sf1"]),
                          (D(2026, 11, 20), "给sf2的", dealer.users["sf2"]))
    generate(dealer.app, D(2026, 11, 23))
    assert {t.assignee_id for t in by_key(dealer.tasks(), "callback")} == {dealer.users["sf2"]}


def test_round_robin_alternates_and_continues_next_run(dealer: Dealer) -> None:
    dealer.add_deliveries(*[(D(2026, 11, 16), f"c{i}", None) for i in range(3)])
    dealer.add_deliveries(*[(D(2026, 11, 17), f"d{i}", None) for i in range(3)])
    generate(dealer.app, D(2026, 11, 19))  # Mon 16 + 3 working days
    generate(dealer.app, D(2026, 11, 20))
    assignees = [t.assignee_id for t in by_key(dealer.tasks(), "callback_wd")]
    sv1, sv2 = dealer.users["sv1"], dealer.users["sv2"]
    assert assignees == [sv1, sv2, sv1, sv2, sv1, sv2]


def test_plugin_assignment_strategy_and_everyone_away(dealer: Dealer) -> None:
    with dealer.app.session() as s:
        s.get(User, dealer.users["sv1"]).away_until = D(2026, 11, 30)  # type: ignore[union-attr]
        s.get(User, dealer.users["sv2"]).away_until = D(2026, 11, 30)  # type: ignore[union-attr]
    generate(dealer.app, D(2026, 11, 24))
    [price] = by_key(dealer.tasks(), "price_tracking")
    assert price.assignee_id == dealer.users["mk1"]
    [morning] = by_key(dealer.tasks(), "morning")
    assert morning.assignee_id is None and morning.role_code == "service_fu"


def test_hook_register_assignment_strategies(dealer: Dealer) -> None:
    from core.scheduler.assignment import strategies

    found = strategies(dealer.app)
    assert "duty_demo.newest" in found and {"role", "least_open", "round_robin"} <= set(found)


def test_overdue_tasks_escalate_to_the_department_head_after_the_grace(dealer: Dealer) -> None:
    generate(dealer.app, D(2026, 11, 23))
    assert all(t.escalated_to_id is None for t in dealer.tasks())
    summary = generate(dealer.app, D(2026, 11, 25))  # the 23rd's 09:00 meeting + 1 day grace has passed
    [monday] = [t for t in by_key(dealer.tasks(), "morning") if t.period == "2026-11-23"]
    assert monday.escalated_to_id == dealer.users["mgr"] and summary.escalated >= 1
    [tuesday] = [t for t in by_key(dealer.tasks(), "morning") if t.period == "2026-11-24"]
    assert tuesday.escalated_to_id is None  # due 24th 09:00, grace until the 25th 09:00


def test_cancelling_the_source_cancels_its_open_tasks(dealer: Dealer) -> None:
    [keep, gone] = dealer.add_deliveries((D(2026, 11, 20), "留", None), (D(2026, 11, 20), "删", None))
    generate(dealer.app, D(2026, 11, 23))
    with dealer.app.session() as s:
        assert cancel_for_source(s, source_kind="duty_demo.delivery", source_ids=[gone], actor="admin") == 1
    status = {t.source_id: t.status for t in by_key(dealer.tasks(), "callback")}
    assert status == {keep: "open", gone: "cancelled"}


def test_done_is_refused_until_the_proof_exists_and_fires_the_hook(dealer: Dealer) -> None:
    generate(dealer.app, D(2026, 11, 23))
    [task] = by_key(dealer.tasks(), "ad_stats")
    with dealer.app.session() as s:
        mgr = s.get(User, dealer.users["mgr"])
        with pytest.raises(ValidationError, match="render 《销售店广宣及效果统计表》"):
            complete(dealer.app, s, task.id, mgr)  # type: ignore[arg-type]
    with dealer.app.session() as s:
        sf1 = s.get(User, dealer.users["sf1"])
        with pytest.raises(PermissionDenied):
            complete(dealer.app, s, task.id, sf1)  # type: ignore[arg-type]
    with dealer.app.session() as s:
        s.add(DemoReport(period=task.period))
    with dealer.app.session() as s:
        complete(dealer.app, s, task.id, s.get(User, dealer.users["mgr"]))  # type: ignore[arg-type]
    with dealer.app.session() as s:
        assert s.scalar(select(Task.status).where(Task.id == task.id)) == "done"


def test_hook_on_task_completed(dealer: Dealer) -> None:
    seen: list[int] = []

    class Listener:
        from core import hookimpl

        @hookimpl
        def on_task_completed(self, app: object, session: object, task: Task) -> None:
            seen.append(task.id)

    dealer.app.host.pm.register(Listener(), name="listener")
    generate(dealer.app, D(2026, 11, 24))
    [task] = by_key(dealer.tasks(), "morning")
    with dealer.app.session() as s:
        complete(dealer.app, s, task.id, s.get(User, dealer.users["sv1"]))  # type: ignore[arg-type]
    assert seen == [task.id]


def test_a_store_holiday_override_moves_the_first_working_day(dealer: Dealer) -> None:
    from core.models import CalendarOverride

    with dealer.app.session() as s:
        s.add(CalendarOverride(store_id=dealer.store_id, day=D(2026, 11, 2), kind="holiday", note="店庆"))
    generate(dealer.app, D(2026, 11, 2))
    assert by_key(dealer.tasks(), "oem_reports") == []
    assert by_key(dealer.tasks(), "morning") == []  # no working-day meeting on a store holiday
    generate(dealer.app, D(2026, 11, 3))
    [task] = by_key(dealer.tasks(), "oem_reports")
    assert task.due_at.astimezone(CST) == dt.datetime(2026, 11, 3, 17, 0, tzinfo=CST)


def test_the_year_end_and_a_generator_that_was_off_for_months(dealer: Dealer) -> None:
    generate(dealer.app, D(2026, 9, 1))
    summary = generate(dealer.app, D(2026, 12, 31))
    assert summary.covered["GZ1"] == (D(2026, 11, 30), D(2026, 12, 31))
    assert any("catching up only the last 31 days" in w for w in summary.warnings)
    assert {t.period for t in by_key(dealer.tasks(), "walkin")} == {"2026-09-15", "2026-11-30", "2026-12-15",
                                                                   "2026-12-31"}
    assert {t.period: t.late for t in by_key(dealer.tasks(), "ad_summary")} == {"2026-11": True, "2026-12": False}
