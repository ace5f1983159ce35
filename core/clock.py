"""The one clock of crdesk: every "now" and "today" in core and plugins is read here.

Why one clock: tasks open "today", deadlines count working days from "now"
and the catch-up marker remembers the last generated day. If these read the
machine's wall clock in different places (UTC here, local there), a run at
23:30 in Guangzhou (still the previous day in UTC) files work on the wrong
day. So there is one :class:`Clock`, in the store's time zone (China
Standard Time unless configured), and tests pin it (``time-machine`` in
``tests/conftest.py``, or :func:`pinned` for an explicit moment).

``core.workdays.cst_now/cst_today`` and ``core.db.base.utcnow`` are thin
wrappers over :func:`now`, kept because most code already calls them.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

ENV_TIMEZONE = "CRDESK_TIMEZONE"
DEFAULT_TIMEZONE = "Asia/Shanghai"
UTC = dt.timezone.utc


def _zone_from_env() -> ZoneInfo:
    return ZoneInfo(os.environ.get(ENV_TIMEZONE) or DEFAULT_TIMEZONE)


STORE_TZ: ZoneInfo = _zone_from_env()


class Clock:
    """Reads the machine's wall clock in the store's time zone.

    A subclass or :func:`pinned` may fix the moment; everything else in crdesk
    only calls :meth:`now`, :meth:`today` and :meth:`utcnow`.
    """

    def __init__(self, tz: dt.tzinfo = STORE_TZ) -> None:
        self.tz = tz

    def _moment(self) -> dt.datetime:
        return dt.datetime.now(UTC)

    def now(self) -> dt.datetime:
        """An aware datetime in the store's time zone."""
        return self._moment().astimezone(self.tz)

    def utcnow(self) -> dt.datetime:
        """The same moment in UTC, as the database stores it."""
        return self._moment().astimezone(UTC)

    def today(self) -> dt.date:
        """The calendar day in the store (not the UTC day)."""
        return self.now().date()


class FixedClock(Clock):
    """A clock that always reads ``moment`` (aware): for tests and replaying a given day."""

    def __init__(self, moment: dt.datetime, tz: dt.tzinfo = STORE_TZ) -> None:
        if moment.tzinfo is None:
            raise ValueError("a pinned moment needs a time zone")
        super().__init__(tz)
        self.moment = moment

    def _moment(self) -> dt.datetime:
        return self.moment


_current: Clock = Clock()


def clock() -> Clock:
    """The clock in force (the system clock unless one is pinned)."""
    return _current


def set_clock(new: Clock) -> Clock:
    """Install ``new`` as the clock and return the previous one."""
    global _current
    previous, _current = _current, new
    return previous


@contextmanager
def pinned(moment: dt.datetime) -> Iterator[Clock]:
    """Within the block, every read of the clock returns ``moment``."""
    previous = set_clock(FixedClock(moment, _current.tz))
    try:
        yield _current
    finally:
        set_clock(previous)


def now() -> dt.datetime:
    """Now, in the store's time zone."""
    return _current.now()


def utcnow() -> dt.datetime:
    """Now, in UTC (what timestamps in the database hold)."""
    return _current.utcnow()


def today() -> dt.date:
    """Today's date in the store."""
    return _current.today()


def local(moment: dt.datetime) -> dt.datetime:
    """An aware datetime shown in the store's time zone (naive values are taken as UTC, as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(_current.tz)
