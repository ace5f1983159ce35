"""The audit log: appends chain together, and any edit or deletion is found."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from core import audit
from core.models import AuditEntry
from core.setup import initialise


@pytest.fixture
def app(make_app):
    app = make_app()
    initialise(app, plugins=[])
    return app


def _three(app) -> None:
    with app.session() as s:
        audit.record(s, actor="admin", action="create", entity="customer", entity_id=1,
                     after={"name": "张三", "born": dt.date(1990, 5, 1), "spent": Decimal("12.50")})
        audit.record(s, actor="admin", action="change", entity="customer", entity_id=1,
                     before={"name": "张三"}, after={"name": "张叁"})
        audit.record(s, actor=None, action="delete", entity="customer", entity_id=1, before={"name": "张叁"})


def test_intact_chain_verifies_and_lists_newest_first(app):
    _three(app)
    with app.session() as s:
        assert audit.verify(s) == []
        rows = audit.entries(s, entity="customer", entity_id=1)
        assert [r.action for r in rows] == ["delete", "change", "create"]
        assert rows[-1].after == {"name": "张三", "born": "1990-05-01", "spent": "12.50"}
        assert rows[-1].prev_hash == audit.GENESIS
        assert audit.summary(s).entries == 3


def test_edited_entry_is_detected(app):
    _three(app)
    with app.session() as s:
        target = s.scalars(select(AuditEntry).where(AuditEntry.action == "change")).one()
        s.execute(update(AuditEntry).where(AuditEntry.id == target.id).values(after={"name": "李四"}))
    with app.session() as s:
        problems = audit.verify(s)
    assert [p.entry_id for p in problems] == [target.id]
    assert "edited" in problems[0].message


def test_deleted_entry_is_detected(app):
    _three(app)
    with app.session() as s:
        target = s.scalars(select(AuditEntry).where(AuditEntry.action == "change")).one()
        s.execute(delete(AuditEntry).where(AuditEntry.id == target.id))
    with app.session() as s:
        problems = audit.verify(s)
    assert len(problems) == 1 and "deleted" in problems[0].message


def test_a_fork_of_the_chain_is_refused_by_the_database(app):
    _three(app)
    with pytest.raises(IntegrityError):
        with app.session() as s:
            first = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
            s.add(AuditEntry(actor="x", action="create", entity="customer", entity_id="9",
                             prev_hash=first.prev_hash, hash="f" * 64))


def test_bulk_append_continues_the_chain(app):
    _three(app)
    with app.session() as s:
        n = audit.record_many(s, [audit.AuditRecord("admin", "create", "vehicle", i, None, {"i": i})
                                  for i in range(50)])
    assert n == 50
    with app.session() as s:
        assert audit.verify(s) == []
        assert audit.summary(s).entries == 53


def test_a_rolled_back_change_leaves_no_entry(app):
    with pytest.raises(RuntimeError):
        with app.session() as s:
            audit.record(s, actor="admin", action="create", entity="customer", entity_id=5)
            raise RuntimeError("boom")
    with app.session() as s:
        assert audit.summary(s).entries == 0


def test_enabling_and_disabling_a_plugin_is_audited(make_app):
    from core.plugin_lifecycle import disable, enable

    from tests.platform_support import fixture_catalog

    app = make_app(acting_user="admin", catalog=fixture_catalog("platform"))
    initialise(app, plugins=[])
    name = "alpha"
    enable(app, [name])
    disable(app, [name])
    with app.session() as s:
        rows = audit.entries(s, entity="plugin", entity_id=name)
        assert [(r.action, r.actor) for r in rows][:2] == [("disable", "admin"), ("enable", "admin")]
        assert audit.verify(s) == []


def test_concurrent_writers_keep_one_chain(app):
    import threading

    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                with app.session() as s:
                    audit.record(s, actor=f"user{n}", action="change", entity="customer", entity_id=i,
                                 after={"writer": n, "i": i})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with app.session() as s:
        assert audit.summary(s).entries == 40
        assert audit.verify(s) == []
