"""Plugin settings a dealer changes without code: declared by plugins, per store or group-wide, audited."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from core import hookimpl, settings
from core.errors import ValidationError
from core.models import AuditEntry
from core.people import add_store
from core.settings import SettingSpec
from core.setup import initialise


@pytest.fixture
def app(make_app):
    app = make_app(acting_user="admin")
    initialise(app, ["followup"])
    with app.session() as s:
        add_store(s, code="gz01", name="天河店", actor="admin")
        add_store(s, code="gz02", name="番禺店", actor="admin")
    return app


def store_id(app, code: str) -> int:
    from core.people import store_by_code

    with app.session() as s:
        return store_by_code(s, code).id


def test_hook_register_settings(app) -> None:
    class Extra:
        @hookimpl
        def register_settings(self, app):
            return [SettingSpec("extra.member_target", "decimal", 0.3, "会员登录率目标")]

    app.host.pm.register(Extra(), name="extra")
    keys = [s.key for s in app.hooks.settings(app)]
    assert "extra.member_target" in keys and "followup.invalid_threshold" in keys
    with app.session() as s:
        assert settings.get(app, s, "extra.member_target") == 0.3


def test_store_value_overrides_group_value_overrides_default(app) -> None:
    gz01, gz02 = store_id(app, "gz01"), store_id(app, "gz02")
    with app.session() as s:
        assert settings.get(app, s, "followup.invalid_threshold", gz01) == 3
        settings.set_value(app, s, "followup.invalid_threshold", "4", store_id=None, actor="admin")
        settings.set_value(app, s, "followup.invalid_threshold", "5", store_id=gz01, actor="admin")
    with app.session() as s:
        assert settings.get(app, s, "followup.invalid_threshold", gz01) == 5
        assert settings.get(app, s, "followup.invalid_threshold", gz02) == 4
        assert settings.unset(app, s, "followup.invalid_threshold", store_id=gz01, actor="admin")
    with app.session() as s:
        assert settings.get(app, s, "followup.invalid_threshold", gz01) == 4
        audited = s.scalars(select(AuditEntry).where(AuditEntry.entity == "setting")).all()
        assert len(audited) == 3


def test_bad_values_are_refused(app) -> None:
    with app.session() as s:
        with pytest.raises(ValidationError, match="takes a int, not 'three'"):
            settings.set_value(app, s, "followup.invalid_threshold", "three", store_id=None, actor="admin")
        with pytest.raises(ValidationError, match="'ringing' is not one of"):
            settings.set_value(app, s, "followup.invalid_outcomes", "powered_off,ringing", store_id=None,
                               actor="admin")
        with pytest.raises(ValidationError, match="unknown setting 'nope.x'"):
            settings.get(app, s, "nope.x")


def test_settings_cli(run_cli) -> None:
    run_cli("init", "--plugins", "followup")
    run_cli("stores", "add", "gz01", "天河店")
    rows = {r["key"]: r for r in json.loads(run_cli("settings", "list", "--json").output)}
    assert rows["followup.invalid_outcomes"]["value"] == ["powered_off", "forwarded", "unreachable"]
    assert "followup.invalid_outcomes = powered_off, forwarded" in run_cli(
        "settings", "set", "followup.invalid_outcomes", "powered_off,forwarded").output
    rows = {r["key"]: r for r in json.loads(run_cli("settings", "list", "--json").output)}
    assert rows["followup.invalid_outcomes"]["value"] == ["powered_off", "forwarded"]
    bad = run_cli("settings", "set", "followup.verify_days", "soon", ok=False)
    assert bad.exit_code == 2 and "takes a int" in bad.output
