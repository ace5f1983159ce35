"""The duty catalogue and which enabled plugin carries each duty, by which mechanism.

The catalogue (``core/data/duties.csv``) is the manual turned into stable IDs;
it is data, so core still knows no role's duties. A plugin claims IDs in its
manifest's ``covers`` and carries each through schedules, forms, approval
chains, reports or rules whose ``duties`` name it.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import ValidationError

if TYPE_CHECKING:
    import click

    from core.app import CrDesk

CATALOGUE = Path(__file__).resolve().parent / "data" / "duties.csv"
ROLES = ("manager", "marketing", "cr", "sales_fu", "service_fu", "approval")


@dataclass(frozen=True)
class Duty:
    duty_id: str
    role: str
    description: str


@dataclass(frozen=True)
class Rule:
    """A check or action the system performs by itself (e.g. the three-failure invalid-number rule)."""

    key: str
    title: str
    duties: tuple[str, ...] = ()
    description: str = ""
    #: Approval chains (core's or a dependency's) through which the rule carries its duties, listed as
    #: mechanisms too, e.g. the marketing specialist's payments go through ``core.pay``.
    chains: tuple[str, ...] = ()
    #: The CLI commands through which a user reaches the rule (``"calls log"``); each must exist.
    commands: tuple[str, ...] = ()


@dataclass
class Coverage:
    duty: Duty
    plugin: str | None = None
    mechanisms: list[str] = field(default_factory=list)
    #: Mechanisms that name the duty but cannot be reached, each with the reason.
    unreachable: list[str] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return self.plugin is not None and bool(self.mechanisms)

    def as_dict(self) -> dict[str, Any]:
        state = "not covered" if self.plugin is None else ("claimed, no reachable mechanism"
                                                           if not self.mechanisms else "")
        return {"duty_id": self.duty.duty_id, "role": self.duty.role, "description": self.duty.description,
                "plugin": self.plugin or "", "covered": self.covered,
                "mechanisms": self.mechanisms or [state], "unreachable": self.unreachable}


@lru_cache(maxsize=1)
def catalogue() -> tuple[Duty, ...]:
    with CATALOGUE.open(encoding="utf-8", newline="") as fh:
        return tuple(Duty(r["duty_id"], r["role"], r["description"]) for r in csv.DictReader(fh))


def coverage(app: CrDesk, role: str | None = None) -> list[Coverage]:
    if role is not None and role not in ROLES:
        raise ValidationError(f"unknown role {role!r} for --role; use one of {', '.join(ROLES)}")
    by_id = {d.duty_id: Coverage(d) for d in catalogue() if role is None or d.role == role}
    for name in app.host.loaded:
        for duty_id in app.catalog.manifests[name].covers:
            if duty_id in by_id:
                by_id[duty_id].plugin = name
    hooks = app.hooks
    forms, reports = hooks.forms(app), hooks.reports(app)
    reach = _Reach(app, {f.key for f in forms}, {r.key: r for r in reports})
    groups = [("schedule", hooks.task_schedules(app)), ("form", forms),
              ("approval chain", hooks.approval_chains(app)), ("report", reports),
              ("rule", hooks.rules(app))]
    for mechanism, items in groups:
        for item in items:
            problem: str | None = None
            for duty_id in getattr(item, "duties", ()):
                entry = by_id.get(duty_id)
                if entry is None:
                    continue
                problem = problem or reach.problem(mechanism, item)
                if problem:
                    entry.unreachable.append(f"{mechanism} {item.key}: {problem}")
                    continue
                entry.mechanisms.append(f"{mechanism} {item.key}")
                if entry.plugin is None:
                    entry.plugin = item.key.split(".", 1)[0]
    chain_keys = {c.key for c in groups[2][1]}
    for rule in groups[4][1]:
        for duty_id in getattr(rule, "duties", ()):
            entry = by_id.get(duty_id)
            if entry is not None:
                entry.mechanisms += [f"approval chain {k}" for k in getattr(rule, "chains", ()) if k in chain_keys]
    return list(by_id.values())


class _Reach:
    """Whether a user can reach a mechanism: what it names (form, report, CLI command) exists and is enabled."""

    def __init__(self, app: CrDesk, forms: set[str], reports: dict[str, Any]) -> None:
        self.app, self.forms, self.reports = app, forms, reports
        self._cli: click.Group | None = None

    def problem(self, mechanism: str, item: Any) -> str | None:
        """``None`` when reachable, else the reason in a few words."""
        commands: tuple[str, ...] = tuple(getattr(item, "commands", ()))
        if mechanism == "report" and not getattr(item, "roles", ()):
            return "no role may render it"
        if mechanism == "schedule":
            target = item.completes_with
            if target is not None:
                kind, key = target
                if (kind == "form" and key not in self.forms) or (kind == "report" and key not in self.reports):
                    return f"completes with {kind} {key}, which no enabled plugin provides"
            proof = item.proof
            if proof is not None:
                if proof.report_key and proof.report_key not in self.reports:
                    return f"its proof needs report {proof.report_key}, which no enabled plugin provides"
                commands += tuple(proof.commands)
        missing = [c for c in commands if not self._command_exists(c)]
        return f"command `crdesk {missing[0]}` does not exist" if missing else None

    def _command_exists(self, path: str) -> bool:
        import importlib

        import click

        from core.cli import CORE_COMMANDS

        if self._cli is None:
            self._cli = click.Group("crdesk")
            self.app.hooks.commands(self._cli, self.app)
        head, *rest = path.split()
        command: click.Command | None = self._cli.commands.get(head)
        if command is None and head in CORE_COMMANDS:
            module, attr = CORE_COMMANDS[head].split(":")
            command = getattr(importlib.import_module(module), attr)
        for word in rest:
            if not isinstance(command, click.Group):
                return False
            command = command.commands.get(word)
        return command is not None
