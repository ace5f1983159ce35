"""Every hook crdesk calls, in one place.

Hook families (one naming scheme, as in datasette and pluggy):

* ``register_*`` collect what a plugin contributes; results from all plugins are
  merged, and every item's ``key`` must start with ``"<plugin>."``.
* ``on_*`` tell plugins that something happened; return values are ignored.
* ``prepare_*`` let plugins adjust an object core is about to use.

Core never calls ``pm.hook`` directly: it calls the typed methods of
:class:`core.plugin_host.Hooks`, which validate and flatten the results.
The reference with an example per hook is ``docs/hooks.md``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pluggy

from core import PROJECT

if TYPE_CHECKING:  # pragma: no cover - typing only
    import click
    import jinja2
    from sqlalchemy.orm import Session

    from core.app import CrDesk

hookspec = pluggy.HookspecMarker(PROJECT)


@hookspec
def register_models() -> Iterable[type]:
    """Return the SQLAlchemy model classes whose tables this plugin owns.

    Tables are created by the plugin's Alembic migrations; this list tells core
    which tables to back up and drop on ``crdesk plugins purge`` and lets the
    tests check that migrations and models agree. Import models inside the
    implementation so a disabled plugin adds nothing to the metadata.
    """


@hookspec
def register_commands(cli: click.Group, app: CrDesk) -> None:
    """Add click commands or command groups to the ``crdesk`` CLI."""


@hookspec
def register_import_kinds(app: CrDesk) -> Iterable[Any]:
    """Return :class:`core.importer.ImportKind` objects: file imports ``crdesk import KIND`` runs."""


@hookspec
def register_task_schedules(app: CrDesk) -> Iterable[Any]:
    """Return :class:`core.scheduler.TaskSchedule` objects: when duties become tasks, and for whom."""


@hookspec
def register_assignment_strategies(app: CrDesk) -> Iterable[Any]:
    """Return :class:`core.scheduler.AssignmentStrategy` objects: ways to pick the person within a role.

    A schedule names one by key in its ``assign`` field.
    """


@hookspec
def register_forms(app: CrDesk) -> Iterable[Any]:
    """Return :class:`core.forms.FormSpec` objects: the forms this plugin owns."""


@hookspec
def register_approval_chains(app: CrDesk) -> Iterable[Any]:
    """Return :class:`core.approvals.ChainSpec` objects: who signs after whom, and what follows."""


@hookspec
def register_reports(app: CrDesk) -> Iterable[Any]:
    """Return :class:`core.reports.ReportSpec` objects: reports ``crdesk reports render`` can produce."""


@hookspec
def register_permissions(app: CrDesk) -> Iterable[Any]:
    """Return :class:`core.access.Grant` objects: what each role may read, create, change, approve."""


@hookspec
def register_rules(app: CrDesk) -> Iterable[Any]:
    """Return :class:`core.duties.Rule` objects: checks the system runs by itself, with the duty IDs they carry."""


@hookspec
def register_settings(app: CrDesk) -> Iterable[Any]:
    """Return :class:`core.settings.SettingSpec` objects: values a dealer may change (thresholds, targets)."""


@hookspec
def register_web_routes(app: CrDesk) -> Iterable[Any]:
    """Return ``plugins.web.routing.WebRoute`` objects: pages the web front serves (datasette's ``register_routes``).

    Every route runs behind the web front's guard (session, CSRF token, 403 with an audit entry),
    so a plugin page only checks the permissions of what it shows. Only a plugin that depends on
    ``web`` can build them; the web plugin registers its own pages through this hook too.
    """


@hookspec
def register_menu_items(app: CrDesk) -> Iterable[Any]:
    """Return ``plugins.web.routing.MenuItem`` objects: entries of the web front's menu, each behind a permission."""


@hookspec
def prepare_jinja2_environment(env: jinja2.Environment, app: CrDesk) -> None:
    """Add filters, globals or tests to the Jinja2 environment reports render with."""


@hookspec
def on_records_imported(app: CrDesk, session: Session, kind: str, record_ids: list[int]) -> None:
    """Called inside the import's transaction after rows of ``kind`` were created or changed.

    Raising aborts the whole import, so the file lands with its consequences or not at all.
    """


@hookspec
def on_task_completed(app: CrDesk, session: Session, task: Any) -> None:
    """Called inside the transaction that marks ``task`` done."""


@hookspec
def on_tasks_generated(app: CrDesk, session: Session, day: dt.date, moment: dt.datetime) -> None:
    """Called by ``crdesk tasks generate`` for ``day`` after its tasks were created and overdue ones escalated.

    The daily run of a plugin's own rules (a complaint past its deadline, a list not returned in time),
    inside the same transaction; ``moment`` is the instant the run stands for (the day's end or now).
    """


@hookspec
def on_user_deactivated(app: CrDesk, session: Session, user: Any, successor: Any) -> None:
    """Called inside the transaction of ``crdesk users deactivate`` after core moved the leaver's tasks.

    A plugin hands over what it keeps per person (a complaint's handler …) to ``successor``
    (a :class:`core.models.User` of the same store), or to nobody when ``successor`` is ``None``.
    """


@hookspec
def on_approval_decided(app: CrDesk, session: Session, request: Any, decision: Any) -> None:
    """Called inside the transaction that records ``decision`` on approval ``request``."""


@hookspec
def on_plugin_state_changed(app: CrDesk, session: Session, name: str, enabled: bool) -> None:
    """Called after plugin ``name`` was enabled or disabled, inside the same transaction."""


@hookspec
def on_report_rendered(app: CrDesk, session: Session, spec: Any, entry: Any) -> None:
    """Called inside the transaction that archives a render of report ``spec`` as ``entry``.

    ``entry`` is the :class:`core.models.ReportArchive` row (key, period, store, format, who).
    The task engine uses it to complete the task named by ``spec.completes_task``.
    """


@hookspec(firstresult=True)
def resolve_sms_gateway(app: CrDesk) -> Any:
    """Return the :class:`core.sms.SmsGateway` that sends this database's SMS; the first answer wins.

    Core's own implementation runs last and writes messages to a local outbox file,
    so a plugin for a real operator only has to return its gateway.
    """
