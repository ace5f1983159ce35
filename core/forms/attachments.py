"""The attachment store: files kept once by their sha256, indexed in the ``attachment`` table.

Files live under ``$CRDESK_ATTACHMENTS``, or an ``attachments`` folder next to
a SQLite database, or ``~/.crdesk/attachments`` for PostgreSQL. The content
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

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.models.forms import Attachment

ENV_ATTACHMENTS = "CRDESK_ATTACHMENTS"


def default_root(database_url: str) -> Path:
    explicit = os.environ.get(ENV_ATTACHMENTS)
    if explicit:
        return Path(explicit)
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database).resolve().parent / "attachments"
    return Path.home() / ".crdesk" / "attachments"


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
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
                tmp_path = Path(tmp.name)
            shutil.copyfile(source, tmp_path)
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
