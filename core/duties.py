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


@dataclass
class Coverage:
    duty: Duty
    plugin: str | None = None
    mechanisms: list[str] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return self.plugin is not None and bool(self.mechanisms)

    def as_dict(self) -> dict[str, Any]:
        state = "not covered" if self.plugin is None else ("claimed, no mechanism" if not self.mechanisms else "")
        return {"duty_id": self.duty.duty_id, "role": self.duty.role, "description": self.duty.description,
                "plugin": self.plugin or "", "covered": self.covered,
                "mechanisms": self.mechanisms or [state]}


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
    groups = [("schedule", hooks.task_schedules(app)), ("form", hooks.forms(app)),
              ("approval chain", hooks.approval_chains(app)), ("report", hooks.reports(app)),
              ("rule", hooks.rules(app))]
    for mechanism, items in groups:
        for item in items:
            for duty_id in getattr(item, "duties", ()):
                entry = by_id.get(duty_id)
                if entry is None:
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
