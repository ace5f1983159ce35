"""The duty scheduler: plugins declare schedules as data, ``crdesk tasks generate`` turns them into tasks.

Public API for plugins::

    from core.scheduler import CalendarSchedule, EventSchedule, CohortSchedule, Proof
    from core.scheduler.cadences import Daily, Weekly, MonthlyByDay, DaysOfMonth, ...
    from core.scheduler.adhoc import open_task, close_tasks_for
    from core.scheduler.generate import generate, cancel_for_source
"""
from core.scheduler.assignment import AssignmentContext, AssignmentStrategy
from core.scheduler.cadences import (
    Cadence,
    Daily,
    DaysOfMonth,
    FirstWorkdayOfMonth,
    LastDayOfMonth,
    MidMonthAndMonthEnd,
    MonthlyByDay,
    Occurrence,
    QuarterlyFirstMonth,
    Weekly,
)
from core.scheduler.specs import CalendarSchedule, CohortSchedule, EventSchedule, Proof, TaskSchedule

__all__ = [
    "AssignmentContext", "AssignmentStrategy", "Cadence", "CalendarSchedule", "CohortSchedule", "Daily",
    "DaysOfMonth", "EventSchedule", "FirstWorkdayOfMonth", "LastDayOfMonth", "MidMonthAndMonthEnd",
    "MonthlyByDay", "Occurrence", "Proof", "QuarterlyFirstMonth", "TaskSchedule", "Weekly",
]
