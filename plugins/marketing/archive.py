"""Once the GM signs the ad plan (or the price table), its 签批单 is printed to PDF, archived by sha256 with the
request, and the follow-up tasks of the finance manager and the sales front desk point at it (MKT-M1)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.models import ApprovalAttachment, ApprovalRequest, Attachment, Task, User

if TYPE_CHECKING:
    from core.app import CrDesk

ARCHIVED_CHAINS = {"marketing.ad_plan": "下月广告计划表", "marketing.price": "价格跟踪表"}
SIGNED = "签批单存档"


def archive_signed_sheet(app: CrDesk, session: Session, req: ApprovalRequest) -> Attachment:
    from core.approvals.engine import ACTION_TASK, LINK, Approvals
    from core.approvals.sheet import sheet, signoff_pdf
    from core.forms import attachment_store

    engine = Approvals(app)
    pdf = signoff_pdf(app, session, sheet(app, session, engine, req), req)
    name = f"{ARCHIVED_CHAINS[req.chain_key]}-签批单-{req.id}.pdf"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(pdf)
        row = attachment_store(app).put(session, path, user_id=req.author_id)
    req.attachments.append(ApprovalAttachment(attachment_id=row.id, name=SIGNED, round=req.round,
                                              added_by_id=req.author_id))
    for task in session.scalars(select(Task).where(Task.link_kind == LINK, Task.link_id == req.id,
                                                   Task.key == ACTION_TASK)):
        task.link_ref = f"sha256:{row.sha256}"
        task.title = f"{task.title} 附:{name}(crdesk ad-plans sheet {req.id})"[:200]
        task.detail = {**(task.detail or {}), "pdf": name, "sha256": row.sha256,
                       "get": f"crdesk ad-plans sheet {req.id} --out {name}"}
    session.flush()
    return row


def signed_sheet(app: CrDesk, session: Session, user: User, request_id: int) -> tuple[str, bytes]:
    """The archived signed PDF of a request (its name and bytes), for the roles it is sent to."""
    from core import access
    from core.errors import PermissionDenied
    from core.forms import attachment_store

    access.require(app, session, user, "marketing.signed_sheet", "read")
    req = session.get(ApprovalRequest, request_id)
    if req is not None and user.store_id is not None and req.store_id != user.store_id:
        raise PermissionDenied(f"审批单 {request_id} 属于其他门店")
    row = session.scalar(select(Attachment).join(ApprovalAttachment, ApprovalAttachment.attachment_id == Attachment.id)
                         .where(ApprovalAttachment.request_id == request_id, ApprovalAttachment.name == SIGNED))
    if row is None:
        raise ValidationError(f"审批单 {request_id} 没有已归档的签批单:广告计划表、价格跟踪表经总经理批准后自动归档")
    return row.filename, attachment_store(app).path_of(row.sha256).read_bytes()
