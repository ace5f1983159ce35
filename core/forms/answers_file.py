"""Reading answers from ``--data FILE``: JSON or YAML, always a mapping of field names."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.errors import ValidationError


def load_answers(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationError(f"data file {str(path)!r} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"data file {str(path)!r} cannot be read: {exc}") from None
    if p.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"data file {str(path)!r} is not valid JSON: {exc}") from None
    else:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ValidationError(f"data file {str(path)!r} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ValidationError(f"data file {str(path)!r} must hold field names and answers (a mapping)")
    return data
