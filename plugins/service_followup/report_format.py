"""How the after-sales reports print numbers: percentages, counts without trailing zeros, the store filter."""
from __future__ import annotations

from core.models import Store

PCT = {"type": "percent"}


def _sid(store: Store | None) -> int | None:
    return store.id if store is not None else None


def _number(value: float | None) -> str:
    """115 or 115.5, never "115.00"; a missing figure is "—"."""
    return "—" if value is None else f"{value:,.1f}".removesuffix(".0")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
