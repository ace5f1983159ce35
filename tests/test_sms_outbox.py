"""The SMS outbox: opt-outs honoured twice, nothing sent twice, marketing texts signed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from core import hookimpl
from core.errors import ValidationError
from core.models import Customer, CustomerConsent
from core.models.sms import SmsMessage
from core.people import add_store
from core.setup import initialise
from core.sms import FileGateway, GatewayResult, queue, send_pending, settle


class RecordingGateway:
    name = "test"

    def __init__(self, refuse: set[str] | None = None) -> None:
        self.sent: list[tuple[str, str]] = []
        self.refuse = refuse or set()

    def send(self, phone: str, body: str, *, message_id: int) -> GatewayResult:
        if phone in self.refuse:
            return GatewayResult(False, error="空号")
        self.sent.append((phone, body))
        return GatewayResult(True, reference=f"t{message_id}")


@pytest.fixture
def store_app(make_app):
    app = make_app(acting_user="admin")
    initialise(app, [])
    with app.session() as s:
        store = add_store(s, code="gz01", name="广汽丰田天河店", sms_signature="广汽丰田天河店", actor="admin")
        customers = [Customer(store_id=store.id, name=n, phone=p) for n, p in
                     [("张伟", "+8613800138001"), ("李娜", "+8613800138002"), ("王芳", None),
                      ("陈静", "+8613900139003")]]
        s.add_all(customers)
        s.flush()
        s.add(CustomerConsent(customer_id=customers[3].id, channel="sms", granted=False, source="短信回T退订"))
        ids = [c.id for c in customers]
        store_id = store.id
    return app, store_id, ids


def _queue(app, store_id, ids, **kw):
    from core.models import Store

    with app.session() as s:
        return queue(s, store=s.get(Store, store_id), customer_ids=ids, text=kw.pop("text", "本周六车主讲堂，欢迎参加"),
                     marketing=kw.pop("marketing", True), ref_kind="approval", ref_id=kw.pop("ref_id", 17),
                     actor="cr1")


def test_queue_skips_opt_outs_and_missing_numbers(store_app) -> None:
    app, store_id, ids = store_app
    result = _queue(app, store_id, ids)
    assert result.queued == 2
    assert result.skipped == {"no_phone": 1, "opt_out": 1}
    with app.session() as s:
        bodies = set(s.scalars(select(SmsMessage.body).where(SmsMessage.status == "queued")))
    assert bodies == {"【广汽丰田天河店】本周六车主讲堂，欢迎参加 回T退订"}


def test_queueing_the_same_request_twice_adds_nothing(store_app) -> None:
    app, store_id, ids = store_app
    _queue(app, store_id, ids)
    again = _queue(app, store_id, ids)
    assert again.queued == 0 and again.skipped == {}
    with app.session() as s:
        assert len(s.scalars(select(SmsMessage)).all()) == 4


def test_send_delivers_each_once_and_honours_late_opt_out(store_app) -> None:
    app, store_id, ids = store_app
    _queue(app, store_id, ids)
    with app.session() as s:  # 李娜 replies T after the campaign was queued
        s.add(CustomerConsent(customer_id=ids[1], channel="sms", granted=False, source="短信回T退订"))
    gateway = RecordingGateway()
    result = send_pending(app, gateway=gateway)
    assert (result.sent, result.failed, result.skipped) == (1, 0, 1)
    assert [p for p, _ in gateway.sent] == ["+8613800138001"]
    assert send_pending(app, gateway=gateway).sent == 0
    assert len(gateway.sent) == 1


def test_gateway_refusal_is_recorded_as_failed(store_app) -> None:
    app, store_id, ids = store_app
    _queue(app, store_id, ids[:2], marketing=False, text="您的爱车保养已完成")
    result = send_pending(app, gateway=RecordingGateway(refuse={"+8613800138002"}))
    assert (result.sent, result.failed) == (1, 1)
    with app.session() as s:
        failed = s.scalar(select(SmsMessage).where(SmsMessage.status == "failed"))
        assert failed.error == "空号" and failed.body == "您的爱车保养已完成"


def test_crash_after_sending_is_never_resent(store_app) -> None:
    app, store_id, ids = store_app
    _queue(app, store_id, ids[:1])

    class Crashing(RecordingGateway):
        def send(self, phone, body, *, message_id):
            raise ConnectionError("network dropped after the operator accepted the message")

    with pytest.raises(ConnectionError):
        send_pending(app, gateway=Crashing())
    gateway = RecordingGateway()
    assert send_pending(app, gateway=gateway).sent == 0 and gateway.sent == []
    with app.session() as s:
        message = s.scalar(select(SmsMessage).where(SmsMessage.status == "sending"))
        settle(s, message.id, sent=True, actor="cr1", note="operator report shows delivered")
    with app.session() as s:
        assert s.get(SmsMessage, message.id).status == "sent"
        with pytest.raises(ValidationError, match="is sent, not sending"):
            settle(s, message.id, sent=True, actor="cr1")


def test_marketing_needs_a_store_signature(store_app) -> None:
    app, store_id, ids = store_app
    from core.models import Store

    with app.session() as s:
        s.get(Store, store_id).sms_signature = ""
    with pytest.raises(ValidationError, match="has no SMS signature"):
        _queue(app, store_id, ids)


def test_hook_resolve_sms_gateway(store_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, store_id, ids = store_app
    outbox = tmp_path / "outbox.jsonl"
    monkeypatch.setenv("CRDESK_SMS_OUTBOX", str(outbox))
    assert isinstance(app.hooks.sms_gateway(app), FileGateway)
    _queue(app, store_id, ids)
    assert send_pending(app).sent == 2
    lines = [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]
    assert [line["phone"] for line in lines] == ["+8613800138001", "+8613800138002"]

    gateway = RecordingGateway()

    class OperatorPlugin:
        @hookimpl
        def resolve_sms_gateway(self, app):
            return gateway

    app.host.pm.register(OperatorPlugin(), name="operator")
    assert app.hooks.sms_gateway(app) is gateway


def test_two_queue_runs_at_once_take_turns_and_queue_each_customer_once(store_app) -> None:
    import threading
    import time

    from core.models import Store

    app, store_id, ids = store_app
    first_done = threading.Event()
    results = {}

    def first() -> None:
        with app.session() as s:
            results["first"] = queue(s, store=s.get(Store, store_id), customer_ids=ids, text="本周六车主讲堂",
                                     marketing=True, ref_kind="approval", ref_id=17, actor="cr1")
            first_done.set()
            time.sleep(1.0)  # still uncommitted while the second run starts

    worker = threading.Thread(target=first)
    worker.start()
    assert first_done.wait(10)
    results["second"] = _queue(app, store_id, ids, text="本周六车主讲堂")
    worker.join()
    assert results["first"].queued == 2 and results["second"].queued == 0
    with app.session() as s:
        assert len(s.scalars(select(SmsMessage)).all()) == 4
