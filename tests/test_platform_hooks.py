"""Every hook, called through the typed :class:`core.plugin_host.Hooks` as core calls it."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import click
import jinja2
import pytest

from core import hookimpl
from core.errors import PluginError
from core.setup import initialise
from tests.platform_support import fixture_catalog


@dataclass(frozen=True)
class Item:
    key: str
    duties: tuple[str, ...] = ()


@pytest.fixture
def app(make_app) -> Iterator[object]:
    app = make_app(catalog=fixture_catalog("platform"), acting_user="admin")
    initialise(app, ["alpha"])
    yield app


def register(app, name: str, plugin: object) -> None:
    app.host.pm.register(plugin, name=name)


def check_collect(app, hook: str, method: str) -> None:
    """Items are merged across plugins and sorted; foreign prefixes and duplicates are refused."""

    class Good:
        @hookimpl(specname=hook)
        def impl(self, app):
            return [Item("good.z"), Item("good.a", ("SF-D4",))]

    class Other:
        @hookimpl(specname=hook)
        def impl(self):
            return [Item("other.m")]

    register(app, "good", Good())
    register(app, "other", Other())
    keys = [i.key for i in getattr(app.hooks, method)(app)]
    assert keys == sorted(keys)
    assert [k for k in keys if k.split(".")[0] in ("good", "other")] == ["good.a", "good.z", "other.m"]

    class Thief:
        @hookimpl(specname=hook)
        def impl(self):
            return [Item("good.a")]

    register(app, "thief", Thief())
    with pytest.raises(PluginError, match=r"plugin 'thief': .* key 'good.a'; keys must start with 'thief.'"):
        getattr(app.hooks, method)(app)
    app.host.pm.unregister(name="thief")

    class Twin:
        @hookimpl(specname=hook)
        def impl(self):
            return [Item("good.a")]

    register(app, "good2", Twin())
    with pytest.raises(PluginError, match="keys must start with 'good2.'"):
        getattr(app.hooks, method)(app)


def test_hook_register_models(app) -> None:
    models = app.hooks.models()
    assert [m.__tablename__ for m in models["alpha"]] == ["alpha_note"]
    assert "plugin_state" in {m.__tablename__ for m in models["core"]}


def test_hook_register_commands(app) -> None:
    group = click.Group("root")
    app.hooks.commands(group, app)
    assert "alpha" in group.commands
    assert "note" in group.commands["alpha"].commands


def test_hook_register_import_kinds(app) -> None:
    check_collect(app, "register_import_kinds", "import_kinds")


def test_hook_register_task_schedules(app) -> None:
    check_collect(app, "register_task_schedules", "task_schedules")


def test_hook_register_forms(app) -> None:
    check_collect(app, "register_forms", "forms")


def test_hook_register_approval_chains(app) -> None:
    check_collect(app, "register_approval_chains", "approval_chains")


def test_hook_register_reports(app) -> None:
    check_collect(app, "register_reports", "reports")


def test_hook_register_permissions(app) -> None:
    check_collect(app, "register_permissions", "permissions")


def test_hook_register_rules(app) -> None:
    assert "alpha.supplies" in [r.key for r in app.hooks.rules(app)]
    check_collect(app, "register_rules", "rules")


def test_hook_prepare_jinja2_environment(app) -> None:
    class Filters:
        @hookimpl
        def prepare_jinja2_environment(self, env: jinja2.Environment, app) -> None:
            env.filters["shout"] = lambda s: f"{s}！"

    register(app, "filters", Filters())
    env = jinja2.Environment(autoescape=True)
    app.hooks.prepare_jinja2_environment(env, app)
    assert env.from_string("{{ '回访' | shout }}").render() == "回访！"


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    @hookimpl
    def on_records_imported(self, kind, record_ids):
        self.calls.append(("imported", kind, tuple(record_ids)))

    @hookimpl
    def on_task_completed(self, task):
        self.calls.append(("task", task))

    @hookimpl
    def on_approval_decided(self, request, decision):
        self.calls.append(("approval", request, decision))

    @hookimpl
    def on_plugin_state_changed(self, name, enabled):
        self.calls.append(("plugin", name, enabled))


@pytest.fixture
def recorder(app) -> Recorder:
    rec = Recorder()
    register(app, "recorder", rec)
    return rec


def test_hook_on_records_imported(app, recorder) -> None:
    with app.session() as s:
        app.hooks.records_imported(app, s, "deliveries", [1, 2])
    assert recorder.calls == [("imported", "deliveries", (1, 2))]


def test_hook_on_task_completed(app, recorder) -> None:
    with app.session() as s:
        app.hooks.task_completed(app, s, "task-7")
    assert recorder.calls == [("task", "task-7")]


def test_hook_on_approval_decided(app, recorder) -> None:
    with app.session() as s:
        app.hooks.approval_decided(app, s, "request-3", "approved")
    assert recorder.calls == [("approval", "request-3", "approved")]


def test_hook_on_plugin_state_changed(app) -> None:
    from core.plugin_lifecycle import disable, enable
    from tests.fixture_plugins.platform.alpha import hooks

    hooks.EVENTS.clear()
    disable(app, ["alpha"])
    enable(app, ["alpha"])
    assert hooks.EVENTS == [("alpha", False), ("alpha", True)]


def test_hooks_raising_inside_an_event_abort_the_transaction(app) -> None:
    from sqlalchemy import func, select

    from tests.fixture_plugins.platform.alpha.models import AlphaNote

    class Veto:
        @hookimpl
        def on_records_imported(self, kind, record_ids):
            raise RuntimeError("refused")

    register(app, "veto", Veto())
    with pytest.raises(RuntimeError), app.session() as s:
        s.add(AlphaNote(text="half"))
        s.flush()
        app.hooks.records_imported(app, s, "notes", [1])
    with app.session() as s:
        assert s.scalar(select(func.count()).select_from(AlphaNote)) == 0


def test_hook_on_tasks_generated(app) -> None:
    import datetime as dt

    from core.scheduler.generate import generate
    from core.workdays import CST

    seen: list[tuple[dt.date, dt.datetime]] = []

    class Daily:
        @hookimpl
        def on_tasks_generated(self, day, moment):
            seen.append((day, moment))

    register(app, "daily", Daily())
    generate(app, dt.date(2026, 10, 9))
    assert seen == [(dt.date(2026, 10, 9), dt.datetime(2026, 10, 9, tzinfo=CST))]
