"""Small helpers the follow-up command modules share."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _store(session: Any, user: Any, code: str | None) -> Any:
    """``--store CODE``, else the acting user's store (core.people is imported only when a command runs)."""
    from core.people import working_store

    return working_store(session, user, code)


def _answers(path: Path | None) -> dict[str, Any] | None:
    from core.forms.answers_file import load_answers

    return load_answers(path) if path is not None else None
