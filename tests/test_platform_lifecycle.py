"""Enabling, disabling, upgrading and purging plugins on a real database (SQLite or PostgreSQL)."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from core.errors import DatabaseError, PluginError
from core.models import PluginState
from core.plugin_lifecycle import disable, enable, purge, upgrade_all
from core.setup import initialise
from tests.platform_support import fixture_catalog


@pytest.fixture
def app(make_app):
    app = make_app(catalog=fixture_catalog("platform", "failing"), acting_user="admin")
    initialise(app, [])
    return app


def tables(app) -> set[str]:
    return set(inspect(app.db.engine).get_table_names())


def states(app) -> dict[str, tuple[bool, str]]:
    with app.session() as s:
        return {p.name: (p.enabled, p.installed_version) for p in s.scalars(select(PluginState))}


def test_enable_installs_dependencies_and_tables(app) -> None:
    changes = enable(app, ["gamma"])
    assert [(c.name, c.action) for c in changes] == [("alpha", "installed"), ("beta", "installed"),
                                                     ("gamma", "installed")]
    assert "alpha_note" in tables(app)
    assert states(app) == {"alpha": (True, "1.0.0"), "beta": (True, "0.2"), "gamma": (True, "0.1")}
    assert app.host.loaded == ["alpha", "beta", "gamma"]
    app.check_schema()


def test_enabling_twice_changes_nothing(app) -> None:
    enable(app, ["alpha"])
    assert [c.action for c in enable(app, ["alpha"])] == ["unchanged"]


def test_disable_keeps_data_and_reenable_picks_it_up(app) -> None:
    enable(app, ["alpha"])
    with app.db.engine.begin() as conn:
        conn.execute(text("INSERT INTO alpha_note (text) VALUES ('客户来电')"))
    assert [c.action for c in disable(app, ["alpha"])] == ["disabled"]
    assert app.enabled_plugins() == []
    assert "alpha_note" in tables(app)
    assert [c.action for c in enable(app, ["alpha"])] == ["enabled"]
    with app.db.engine.connect() as conn:
        assert conn.execute(text("SELECT text FROM alpha_note")).scalar_one() == "客户来电"


def test_disabling_a_dependency_is_refused_naming_dependents(app) -> None:
    enable(app, ["gamma"])
    with pytest.raises(PluginError, match="cannot disable 'alpha': beta, gamma depend"):
        disable(app, ["alpha"])
    assert states(app)["alpha"][0] is True
    # Disabling the dependents together with it is allowed.
    disable(app, ["gamma", "beta", "alpha"])
    assert app.enabled_plugins() == []


def test_failed_enable_leaves_plugin_disabled_and_schema_unchanged(app) -> None:
    before = tables(app)
    with pytest.raises(PluginError, match=r"enabling 'faulty' failed in its migrations \(IntegrityError: .*"
                                          r"nothing was changed"):
        enable(app, ["faulty"])
    assert tables(app) == before
    assert "faulty" not in states(app)
    with app.db.engine.connect() as conn:
        versions = {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}
    assert not any(v.startswith("faulty") for v in versions)


def test_unknown_and_missing_plugins_are_refused(app) -> None:
    with pytest.raises(PluginError, match="unknown plugin 'nope'"):
        enable(app, ["nope"])
    with pytest.raises(PluginError, match="unknown plugin 'nope'"):
        disable(app, ["nope"])


def test_purge_writes_backup_then_drops_tables(app, tmp_path: Path) -> None:
    enable(app, ["alpha"])
    with app.db.engine.begin() as conn:
        conn.execute(text("INSERT INTO alpha_note (text) VALUES ('保留备份')"))
    with pytest.raises(PluginError, match="is enabled"):
        purge(app, "alpha", tmp_path)
    disable(app, ["alpha"])
    backup = purge(app, "alpha", tmp_path / "backups")
    assert "alpha_note" not in tables(app)
    assert "alpha" not in states(app)
    with gzip.open(backup, "rt", encoding="utf-8") as fh:
        payload = json.load(fh)
    assert payload["plugin"] == "alpha"
    assert payload["tables"]["alpha_note"] == [{"id": 1, "text": "保留备份"}]
    # Purged plugins can be installed again from scratch.
    assert [c.action for c in enable(app, ["alpha"])] == ["installed"]
    with app.db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alpha_note")).scalar_one() == 0


def test_schema_older_than_code_is_detected_and_upgraded(app) -> None:
    enable(app, ["alpha"])
    with app.db.engine.begin() as conn:  # simulate a database made before alpha's tables existed
        app.migrations.downgrade_to_base(conn, "alpha")
    with pytest.raises(DatabaseError, match=r"older than this crdesk: alpha \(not installed\).*crdesk db upgrade"):
        app.check_schema()
    changes = upgrade_all(app)
    assert ("alpha", "unchanged") in [(c.name, c.action) for c in changes]
    app.check_schema()
    assert "alpha_note" in tables(app)


def test_version_bump_is_recorded_by_upgrade(app) -> None:
    enable(app, ["alpha"])
    with app.session() as s:
        s.get(PluginState, "alpha").installed_version = "0.9.0"
    assert ("alpha", "upgraded") in [(c.name, c.action) for c in upgrade_all(app)]
    assert states(app)["alpha"] == (True, "1.0.0")


def test_state_change_event_reaches_plugins(app) -> None:
    from tests.fixture_plugins.platform.alpha import hooks

    hooks.EVENTS.clear()
    enable(app, ["alpha"])
    disable(app, ["alpha"])
    assert hooks.EVENTS == [("alpha", True), ("alpha", False)]


def test_uninitialised_database_is_reported(make_app) -> None:
    app = make_app(catalog=fixture_catalog("platform"))
    with pytest.raises(DatabaseError, match="not initialised: run `crdesk init`"):
        app.check_schema()


def test_schema_newer_than_code_is_one_clear_error(app) -> None:
    with app.db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'core_9999'"))
    with pytest.raises(DatabaseError, match="at migration 'core_9999', which this crdesk does not know"):
        app.check_schema()
