"""What a call task follows up: a delivery (交车) or a service visit (入库), both core DMS facts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.models import Delivery, ServiceVisit
from core.models.tasks import Task
from plugins.followup.outcomes import SOURCE_KINDS

_MODELS = {"delivery": Delivery, "service_visit": ServiceVisit}


@dataclass(frozen=True)
class CallSource:
    kind: str
    id: int
    store_id: int
    customer_id: int


def source_of_task(session: Session, task: Task) -> CallSource:
    """The delivery or visit a call task is about; refuses tasks that are not calls."""
    if task.source_kind not in SOURCE_KINDS or task.source_id is None:
        raise ValidationError(
            f"task {task.id} ({task.title}) is not a follow-up call: it has no delivery or service visit behind it"
        )
    model = _MODELS[task.source_kind]
    row = session.execute(select(model.store_id, model.customer_id).where(model.id == task.source_id)).first()
    if row is None:
        raise ValidationError(f"task {task.id}: its {task.source_kind} #{task.source_id} no longer exists")
    return CallSource(task.source_kind, task.source_id, row.store_id, row.customer_id)
