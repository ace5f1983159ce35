"""SQLite writers wait for each other (BEGIN IMMEDIATE honours busy_timeout); errors never print parameters."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from core.models import Store
from core.setup import initialise
from tests.conftest import backend


def test_a_command_that_reads_then_writes_waits_for_a_running_import(make_app) -> None:
    app = make_app()
    initialise(app, [])
    wrote, done = threading.Event(), threading.Event()

    def importer() -> None:  # another process holding the write lock for a while, as an import does
        with make_app().session() as s:
            s.add(Store(code="IMP", name="导入中"))
            s.flush()
            wrote.set()
            time.sleep(1.0)
        done.set()

    worker = threading.Thread(target=importer)
    worker.start()
    assert wrote.wait(10)
    with app.session() as s:
        seen = s.scalar(select(func.count()).select_from(Store))  # read first …
        time.sleep(1.5)  # … meanwhile the import commits …
        s.add(Store(code="GZ9", name="广州九店"))  # … then write
    worker.join()
    assert done.is_set()
    with app.session(readonly=True) as s:
        assert set(s.scalars(select(Store.code))) >= {"IMP", "GZ9"}
    if backend() == "sqlite":
        assert seen == 1  # it waited for the import and read after its commit


def test_database_errors_do_not_print_the_values(make_app) -> None:
    app = make_app()
    initialise(app, [])
    with app.session() as s:
        s.add(Store(code="DUP", name="一店"))
    with pytest.raises(IntegrityError) as caught, app.session() as s:
        s.execute(text("INSERT INTO store (code, name, city, address, phone, sms_signature, created_at, updated_at) "
                       "VALUES (:code, :name, '', '', :phone, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                  {"code": "DUP", "name": "二店", "phone": "13800138000"})
    assert "13800138000" not in str(caught.value) and "hidden due to hide_parameters" in str(caught.value)
