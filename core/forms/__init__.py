"""Forms: declarative specs plugins contribute, a pure validator, and one-row-per-answer storage.

A plugin returns :class:`FormSpec` objects from ``register_forms``; core
validates, stores and reads back submissions (:mod:`core.forms.store`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import ValidationError
from core.forms.spec import FIELD_TYPES, Choice, Field, FormSpec, ShowIf
from core.forms.validate import FormInvalid, validate

if TYPE_CHECKING:
    from core.app import CrDesk
    from core.forms.attachments import AttachmentStore

__all__ = ["FIELD_TYPES", "Choice", "Field", "FormInvalid", "FormSpec", "ShowIf", "attachment_store",
           "find_form", "form_specs", "validate"]


def form_specs(app: CrDesk) -> dict[str, FormSpec]:
    """Every form the enabled plugins (and core) register, by key."""
    return {spec.key: spec for spec in app.hooks.forms(app)}


def find_form(app: CrDesk, key: str) -> FormSpec:
    """The form named ``key``, or by its id alone (``sms_request``) when only one plugin has it."""
    specs = form_specs(app)
    if key in specs:
        return specs[key]
    matches = [s for k, s in specs.items() if k.split(".", 1)[1] == key]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ValidationError(f"form {key!r} is ambiguous: use one of {', '.join(s.key for s in matches)}")
    raise ValidationError(f"unknown form {key!r}; `crdesk forms list` shows the forms of the enabled plugins")


def attachment_store(app: CrDesk) -> AttachmentStore:
    from core.forms.attachments import AttachmentStore, default_root

    return AttachmentStore(default_root(app.db.url))
