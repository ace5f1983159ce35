"""The attachment store: files kept once by their sha256, indexed in the ``attachment`` table.

Files live under ``attachments_dir`` (``$CRDESK_ATTACHMENTS``), else the
``attachments`` folder of the data folder (docs/configuration.md): next to a
SQLite database, or the shared folder a PostgreSQL group configures. Folders
are 0700 and files 0600: they hold customers' documents. The content
address makes storing the same invoice photo twice free and lets anyone check
a file against the sha256 printed on a sign-off sheet.
"""
from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import config
from core.errors import NotFound, ValidationError
from core.models.forms import Attachment

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.models import User

ENV_ATTACHMENTS = "CRDESK_ATTACHMENTS"


def default_root(database_url: str) -> Path:
    settings = config.current()
    if settings.attachments_dir is not None:
        return config.ensure_private_dir(settings.attachments_dir)
    return config.data_dir("attachments", database_url=database_url, settings=settings)


def check_readable(path: str | os.PathLike[str]) -> Path:
    """The file at ``path``, or a clear refusal when it is missing or cannot be read."""
    p = Path(path)
    if not p.exists():
        raise ValidationError(f"attachment {str(path)!r} does not exist")
    if not p.is_file():
        raise ValidationError(f"attachment {str(path)!r} is not a file")
    try:
        with p.open("rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise ValidationError(f"attachment {str(path)!r} cannot be read: {exc.strerror}") from None
    return p


@dataclass(frozen=True)
class AttachmentStore:
    root: Path

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, session: Session, path: str | os.PathLike[str], *, user_id: int | None) -> Attachment:
        """Store the file (once per content) and return its row; check files first with :func:`check_readable`."""
        source = check_readable(path)
        digest = hashlib.sha256()
        size = 0
        with source.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
        sha = digest.hexdigest()
        row = session.scalar(select(Attachment).where(Attachment.sha256 == sha))
        target = self.path_of(sha)
        if not target.exists():
            config.ensure_private_dir(target.parent)
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
                tmp_path = Path(tmp.name)
            shutil.copyfile(source, tmp_path)
            tmp_path.chmod(0o600)
            os.replace(tmp_path, target)
        if row is None:
            content_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
            row = Attachment(sha256=sha, filename=source.name[:255], size=size, content_type=content_type,
                             created_by_id=user_id)
            session.add(row)
            session.flush()
        return row

    def get(self, session: Session, sha256: str) -> Attachment:
        row = session.scalar(select(Attachment).where(Attachment.sha256 == sha256))
        if row is None or not self.path_of(sha256).is_file():
            raise ValidationError(f"no stored attachment has sha256 {sha256}")
        return row


def fetch(app: CrDesk, session: Session, user: User, ref: str) -> tuple[Attachment, Path]:
    """The attachment ``ref`` (its number or sha256) and its stored file, for a user with the right; audited.

    Whoever uploaded a file may fetch it again; others need ``read`` on ``attachment``.
    """
    from core import access, audit

    query = select(Attachment)
    if ref.isdigit():
        query = query.where(Attachment.id == int(ref))
    elif len(ref) == 64:
        query = query.where(Attachment.sha256 == ref.lower())
    else:
        raise ValidationError(f"附件编号 {ref!r} 无效：请给出附件的编号或 sha256")
    row = session.scalar(query)
    if row is None:
        raise NotFound(f"没有编号为 {ref} 的附件")
    if row.created_by_id != user.id:
        access.require(app, session, user, "attachment", "read")
    path = AttachmentStore(default_root(app.db.url)).path_of(row.sha256)
    if not path.is_file():
        raise NotFound(f"附件 {row.id} 的文件不在数据文件夹 {path.parent.parent} 中：请从备份恢复")
    audit.record(session, actor=user.username, action="attachment.fetch", entity="attachment", entity_id=row.id)
    return row, path
