"""The evidence archive for OEM ad reimbursement (MKT-ARCH, manual 4.2.7 (2)).

Files are typed (contract photo, invoice, proof of publication, on-site photo,
soft-article screenshot), checked for size and type, and stored once by
sha256 in core's attachment store. A claim is "ready for reimbursement" only
when its checklist is complete, and exports as one ZIP with an index PDF.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import access, audit
from core.db.base import utcnow
from core.errors import ValidationError
from core.forms.attachments import check_readable
from core.models import Attachment, User
from plugins.marketing.activities import ENTITY, get
from plugins.marketing.models import MarketingActivity, MarketingEvidence
from plugins.marketing.stages import KINDS

if TYPE_CHECKING:
    from core.app import CrDesk

#: evidence kind → label
EVIDENCE_KINDS = {
    "contract_photo": "合同原件拍照",
    "invoice": "发票",
    "publication_proof": "发布证明(样报或实体拍照)",
    "onsite_photo": "现场图片",
    "soft_article": "软文拍照(截屏)",
}
#: What an OEM claim needs, by activity kind (4.2.7 (2) B and C).
REQUIRED = {
    "ad": ("contract_photo", "invoice", "publication_proof"),
    "promotion": ("contract_photo", "invoice", "onsite_photo"),
    "owner": ("contract_photo", "invoice", "onsite_photo"),
}
MAX_BYTES = 20 * 1024 * 1024
#: Accepted file types: extension → (label, leading bytes).
FILE_TYPES = {
    ".jpg": ("JPEG", b"\xff\xd8"),
    ".jpeg": ("JPEG", b"\xff\xd8"),
    ".png": ("PNG", b"\x89PNG"),
    ".pdf": ("PDF", b"%PDF"),
}


def check_file(path: str) -> Path:
    """The file, or one clear line saying why it is refused (missing, too big, not JPEG/PNG/PDF)."""
    p = check_readable(path)
    ext = p.suffix.lower()
    allowed = "、".join(sorted({v[0] for v in FILE_TYPES.values()}))
    if ext not in FILE_TYPES:
        raise ValidationError(f"证据文件 {p.name}:类型 {ext or '无扩展名'} 不接受,只接受 {allowed}")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise ValidationError(f"证据文件 {p.name}:{size / 1048576:.1f} MB 超过上限 {MAX_BYTES // 1048576} MB")
    label, magic = FILE_TYPES[ext]
    with p.open("rb") as fh:
        head = fh.read(len(magic))
    if head != magic:
        raise ValidationError(f"证据文件 {p.name}:内容不是 {label} 文件(扩展名与内容不符)")
    return p


def kinds_present(session: Session, activity_id: int) -> set[str]:
    return set(session.scalars(select(MarketingEvidence.kind).where(MarketingEvidence.activity_id == activity_id)))


def add(app: CrDesk, session: Session, user: User, activity_id: int, kind: str, path: str, *,
        note: str = "") -> MarketingEvidence:
    from core.forms import attachment_store

    access.require(app, session, user, ENTITY, "change")
    activity = get(session, activity_id, user)
    if kind not in EVIDENCE_KINDS:
        raise ValidationError(f"证据类别 {kind!r} 不存在;可选 " + "、".join(f"{k}({v})" for k, v in EVIDENCE_KINDS.items()))
    check_file(path)
    row = attachment_store(app).put(session, path, user_id=user.id)
    existing = session.scalar(select(MarketingEvidence).where(MarketingEvidence.activity_id == activity.id,
                                                              MarketingEvidence.kind == kind,
                                                              MarketingEvidence.attachment_id == row.id))
    if existing is not None:
        return existing
    item = MarketingEvidence(activity_id=activity.id, kind=kind, attachment_id=row.id, note=note.strip()[:200],
                             added_by_id=user.id)
    session.add(item)
    session.flush()
    audit.record(session, actor=user.username, action=audit.CREATE, entity="marketing.evidence", entity_id=item.id,
                 after={"activity": activity.id, "kind": kind, "sha256": row.sha256, "filename": row.filename})
    return item


@dataclass(frozen=True)
class ChecklistItem:
    kind: str
    label: str
    count: int
    required: bool

    @property
    def missing(self) -> bool:
        return self.required and self.count == 0


def checklist(session: Session, activity: MarketingActivity) -> list[ChecklistItem]:
    have: dict[str, int] = {}
    for kind in session.scalars(select(MarketingEvidence.kind).where(MarketingEvidence.activity_id == activity.id)):
        have[kind] = have.get(kind, 0) + 1
    required = REQUIRED[activity.kind]
    return [ChecklistItem(k, label, have.get(k, 0), k in required) for k, label in EVIDENCE_KINDS.items()
            if k in required or have.get(k)]


def mark_ready(app: CrDesk, session: Session, user: User, activity_id: int) -> MarketingActivity:
    """Mark the claim ready for OEM reimbursement; refused while a required item is missing."""
    access.require(app, session, user, ENTITY, "change")
    activity = get(session, activity_id, user)
    missing = [c.label for c in checklist(session, activity) if c.missing]
    if missing:
        raise ValidationError(f"{KINDS[activity.kind]} {activity.id} 不能申请报销:缺少{'、'.join(missing)}")
    activity.claim_ready_at = activity.claim_ready_at or utcnow()
    session.flush()
    audit.record(session, actor=user.username, action=audit.CHANGE, entity=ENTITY, entity_id=activity.id,
                 after={"claim_ready": True})
    return activity


def items(session: Session, activity_id: int) -> list[dict[str, Any]]:
    rows = session.execute(select(MarketingEvidence, Attachment).join(Attachment)
                           .where(MarketingEvidence.activity_id == activity_id).order_by(MarketingEvidence.id))
    return [{"id": e.id, "kind": e.kind, "label": EVIDENCE_KINDS[e.kind], "filename": a.filename, "sha256": a.sha256,
             "size": a.size, "note": e.note, "added_at": e.added_at} for e, a in rows]


def export_zip(app: CrDesk, session: Session, user: User, activity_id: int) -> tuple[str, bytes]:
    """One claim as a ZIP: 索引.pdf listing every file with its sha256, and the files by kind."""
    from core.forms import attachment_store
    from core.models import Store
    from core.reports import render_document

    access.require(app, session, user, ENTITY, "read")
    activity = get(session, activity_id, user)
    if activity.claim_ready_at is None:
        missing = [c.label for c in checklist(session, activity) if c.missing]
        hint = f"缺少{'、'.join(missing)}" if missing else f"先 `crdesk activities evidence ready {activity.id}`"
        raise ValidationError(f"{KINDS[activity.kind]} {activity.id} 尚未确认可申请报销:{hint}")
    store = attachment_store(app)
    entries = items(session, activity.id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, e in enumerate(entries, start=1):
            e["archive_name"] = f"{n:02d}-{e['label'].split('(')[0]}-{e['filename']}"
            zf.writestr(e["archive_name"], store.path_of(e["sha256"]).read_bytes())
        context = {"activity": {"id": activity.id, "title": activity.title, "kind": KINDS[activity.kind]},
                   "checklist": [c.__dict__ for c in checklist(session, activity)], "items": entries}
        pdf = render_document(app, "marketing/claim_index.html", context, title="厂家广宣报销资料索引",
                              subtitle=f"{KINDS[activity.kind]} {activity.id} · {activity.title}",
                              store=session.get(Store, activity.store_id),
                              printed_by=user.full_name or user.username)
        zf.writestr("00-索引.pdf", pdf)
    audit.record(session, actor=user.username, action="export", entity=ENTITY, entity_id=activity.id,
                 after={"files": len(entries)})
    return f"报销资料-{activity.id}-{activity.title}.zip", buffer.getvalue()
