"""Form submissions: one answer row per field, read back as a dict, versions frozen once used, attachments."""
from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.forms import Choice, Field, FormSpec, attachment_store
from core.forms import store as form_store
from core.forms.store import FrozenFormChanged
from core.models import Attachment, FormAnswer, FormSubmission, FormVersion
from tests.approvals_support import staffed_app, user
from tests.approvals_support import attachments_in_tmp  # noqa: F401  (autouse)

SPEC = FormSpec(
    key="test.visit", version=1, title_zh="面访问卷",
    fields=(
        Field("overall", "rating", "总体满意度", required=True),
        Field("channels", "multi_choice", "了解渠道", choices=(Choice("web", "网络"), Choice("tv", "电视"))),
        Field("paid", "money", "消费金额(元)"),
        Field("photo", "attachment", "交车照片"),
        Field("prices", "rows", "价格跟踪", columns=(Field("model", "text", "车型", required=True),
                                                   Field("price", "money", "成交价"))),
    ),
)


@pytest.fixture
def app(make_app):
    return staffed_app(make_app)


def _submit(app, data, spec=SPEC, who="li"):
    with app.session() as s:
        sub = form_store.submit(s, spec, data, store=attachment_store(app), user_id=user(s, who).id, store_id=None)
        return sub.id


def test_answers_are_rows_per_field_and_read_back_as_submitted(app, tmp_path: Path):
    photo = tmp_path / "交车.jpg"
    photo.write_bytes(b"\xff\xd8 a delivery photo")
    data = {"overall": 5, "channels": ["tv", "web"], "paid": "1280.5", "photo": str(photo),
            "prices": [{"model": "凯美瑞", "price": "165000"}, {"model": "雷凌"}]}
    sid = _submit(app, data)
    with app.session() as s:
        back = form_store.read(s, sid)
        rows = s.execute(select(FormAnswer.field, FormAnswer.row_no, FormAnswer.column)
                         .where(FormAnswer.submission_id == sid).order_by(FormAnswer.id)).all()
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert back == {"overall": 5, "channels": ["web", "tv"], "paid": Decimal("1280.50"), "photo": sha,
                    "prices": [{"model": "凯美瑞", "price": Decimal("165000.00")}, {"model": "雷凌"}]}
    assert sorted(rows) == sorted([("overall", 0, ""), ("channels", 0, ""), ("channels", 0, ""), ("paid", 0, ""),
                                   ("photo", 0, ""), ("prices", 1, "model"), ("prices", 1, "price"),
                                   ("prices", 2, "model")])
    stored = attachment_store(app).path_of(sha)
    assert stored.read_bytes() == photo.read_bytes()


def test_surveys_aggregate_with_plain_sql(app):
    for overall, channels in ((5, ["web"]), (4, ["web", "tv"]), (3, ["tv"])):
        _submit(app, {"overall": overall, "channels": channels})
    with app.session() as s:
        avg = s.scalar(select(func.avg(FormAnswer.value_number)).where(FormAnswer.field == "overall"))
        counts = dict(s.execute(select(FormAnswer.value_text, func.count()).where(FormAnswer.field == "channels")
                                .group_by(FormAnswer.value_text)).all())
    assert Decimal(avg) == Decimal(4) and counts == {"web": 2, "tv": 2}


def test_a_version_with_submissions_is_frozen(app):
    changed = FormSpec(key=SPEC.key, version=1, title_zh=SPEC.title_zh,
                       fields=SPEC.fields + (Field("note", "long_text", "备注"),))
    with app.session() as s:  # unused: the version may still change
        form_store.ensure_version(s, SPEC)
        form_store.ensure_version(s, changed)
    sid = _submit(app, {"overall": 4}, spec=changed)
    with pytest.raises(FrozenFormChanged, match="version 1 is frozen .* register the changed form as version 2"):
        _submit(app, {"overall": 4}, spec=SPEC)
    v2 = FormSpec(key=SPEC.key, version=2, title_zh=SPEC.title_zh, fields=SPEC.fields)
    _submit(app, {"overall": 3}, spec=v2)
    with app.session() as s:
        assert [v for (v,) in s.execute(select(FormVersion.version).order_by(FormVersion.version))] == [1, 2]
        assert form_store.read(s, sid) == {"overall": 4}
        assert s.scalar(select(func.count()).select_from(FormSubmission)) == 2


def test_the_same_file_is_stored_once(app, tmp_path: Path):
    a, b = tmp_path / "a.jpg", tmp_path / "b.jpg"
    a.write_bytes(b"same")
    b.write_bytes(b"same")
    _submit(app, {"overall": 5, "photo": str(a)})
    _submit(app, {"overall": 5, "photo": str(b)})
    with app.session() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 1


def test_refused_submission_writes_nothing(app, tmp_path: Path):
    with pytest.raises(Exception, match="does not exist"):
        _submit(app, {"overall": 5, "photo": str(tmp_path / "missing.jpg")})
    with pytest.raises(Exception, match="is required"):
        _submit(app, {"prices": [{"model": "雷凌"}]})
    with app.session() as s:
        assert s.scalar(select(func.count()).select_from(FormSubmission)) == 0
        assert s.scalar(select(func.count()).select_from(FormVersion)) == 0


@pytest.fixture
def cli(make_app, run_cli, monkeypatch):
    monkeypatch.setenv("CRDESK_PLUGIN_PACKAGES", "tests.fixture_plugins.approvals")
    staffed_app(make_app)
    return run_cli


def test_forms_cli_list_show_fill_submissions(cli, tmp_path: Path):
    listed = json.loads(cli("forms", "list", "--json").output)
    assert {f["key"] for f in listed} >= {"core.sms_request", "dealer_chains.request"}
    shown = json.loads(cli("forms", "show", "sms_request", "--json").output)
    assert shown["title_zh"] == "短信发送申请表" and shown["fields"][0]["name"] == "subject"
    assert "发送日期" in cli("forms", "show", "sms_request").output
    data = tmp_path / "req.yaml"
    data.write_text("subject: 事由\namount: 12.5\nletter_type: purchase\nletter_count: 3\n", encoding="utf-8")
    filled = json.loads(cli("forms", "fill", "dealer_chains.request", "--data", str(data), "--json", user="sun").output)
    assert filled["answers"] == {"subject": "事由", "amount": "12.50", "letter_type": "purchase", "letter_count": "3"}
    subs = json.loads(cli("forms", "submissions", "request", "--json").output)
    assert [(x["submitted_by"], x["answers"]["subject"]) for x in subs] == [("sun", "事由")]
    listed = {f["key"]: f for f in json.loads(cli("forms", "list", "--json").output)}
    assert listed["dealer_chains.request"]["submissions"] == 1


def test_forms_fill_by_prompts_reasks_a_bad_answer(cli):
    # subject, amount (bad, then good), letter_type, letter_count (shown because a type was chosen), note
    result = cli("forms", "fill", "dealer_chains.request", user="sun",
                 input="宣传单印制\n十元\n99.90\nservice\n40\n\n")
    assert "is not a number" in result.output and "saved submission 1" in result.output
    subs = json.loads(cli("forms", "submissions", "dealer_chains.request", "--json").output)
    assert subs[0]["answers"] == {"subject": "宣传单印制", "amount": "99.90", "letter_type": "service",
                                  "letter_count": "40"}


def test_forms_cli_refuses_bad_input_with_one_line(cli, tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"amount": "x", "letter_type": "fax"}), encoding="utf-8")
    result = cli("forms", "fill", "dealer_chains.request", "--data", str(bad), user="sun", ok=False)
    assert result.exit_code == 2
    assert "事由 (subject) is required" in result.output and "'fax' is not one of the choices" in result.output
    assert "Traceback" not in result.output
    assert cli("forms", "show", "nope", ok=False).exit_code == 2
    assert "does not exist" in cli("forms", "fill", "request", "--data", "missing.yaml", ok=False).output


def test_any_valid_submission_reads_back_exactly(app):
    from hypothesis import HealthCheck, given, settings

    from tests.test_forms_validate import SURVEY, answers

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(answers)
    def round_trip(data):
        with app.session() as s:
            sid = form_store.submit(s, SURVEY, data, store=attachment_store(app), user_id=None, store_id=None).id
            assert form_store.read(s, sid) == form_store.validate(SURVEY, data)

    round_trip()
