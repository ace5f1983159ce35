"""Core's own contributions, registered through the same hooks as any plugin."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from core import hookimpl

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk


@hookimpl
def register_models() -> Iterable[type]:
    from core import models

    return [models.PluginState, models.Store, models.Role, models.Department, models.User, models.UserRole,
            models.UserStore, models.AuditEntry, models.Task, models.TaskWatermark, models.CalendarOverride,
            models.CalendarNotice,
            models.Attachment, models.FormVersion, models.FormSubmission, models.FormAnswer,
            models.ApprovalRequest, models.ApprovalStep, models.ApprovalDecision, models.ApprovalAttachment,
            models.Customer, models.CustomerConsent, models.Vehicle, models.VehicleOwnership,
            models.ServiceType, models.ServiceTypeAlias, models.Delivery, models.ServiceVisit,
            models.ReportArchive, models.SmsMessage, models.SettingValue]


@hookimpl
def on_plugin_state_changed(app: CrDesk, session: Session, name: str, enabled: bool) -> None:
    """Enabling or disabling a plugin is audited like any other change."""
    from core import audit

    audit.record(session, actor=app.acting_username, action=audit.ENABLE if enabled else audit.DISABLE,
                 entity="plugin", entity_id=name, before={"enabled": not enabled}, after={"enabled": enabled})


@hookimpl
def register_forms(app: CrDesk) -> Iterable[object]:
    """The SMS request form (附件五) and the forms of the general chains (申请、合同、盖章、付款、借支、报销)."""
    from core.approvals.general import GENERAL_FORMS
    from core.approvals.sms import SMS_FORM

    return [SMS_FORM, *GENERAL_FORMS]


@hookimpl
def register_approval_chains(app: CrDesk) -> Iterable[object]:
    """APR-SMS, and the company's general chains APR-APPLY … APR-REIMB (manual 4.2.8–4.2.13)."""
    from core.approvals.general import GENERAL_CHAINS
    from core.approvals.sms import SMS_CHAIN

    return [SMS_CHAIN, *GENERAL_CHAINS]


@hookimpl
def register_import_kinds(app: CrDesk) -> Iterable[object]:
    """The three DMS facts: customers, deliveries (交车) and service visits (入库)."""
    from core.importer.dms_kinds import DMS_KINDS

    return list(DMS_KINDS)


@hookimpl
def register_permissions(app: CrDesk) -> Iterable[object]:
    """What each role may do with customers, vehicles, their history, staff, stores and the audit log."""
    from core.access import core_grants
    from core.scope import group_grants

    return [*core_grants(), *group_grants()]


@hookimpl(trylast=True)
def resolve_sms_gateway(app: CrDesk) -> object:
    """Without a gateway plugin, messages go to a local outbox file (``$CRDESK_SMS_OUTBOX``)."""
    from core.sms.gateways import FileGateway

    return FileGateway(database_url=app.db.url)


@hookimpl
def on_report_rendered(app: CrDesk, session: Session, spec: object, entry: object) -> None:
    """Rendering a report completes the oldest open task of the schedule it names (``completes_task``).

    One render completes one due duty: a weekly summary rendered on Monday closes that Monday's task.
    """
    key = getattr(spec, "completes_task", None)
    if not key:
        return
    from sqlalchemy import select

    from core.models import Task, User
    from core.scheduler.adhoc import close_task

    from core.db.base import utcnow

    rendered_at = entry.created_at or utcnow()
    stmt = select(Task).where(Task.key == key, Task.status == "open", Task.opens_at <= rendered_at)
    if entry.store_id is not None:
        stmt = stmt.where(Task.store_id == entry.store_id)
    user = session.get(User, entry.user_id) if entry.user_id else None
    if user is not None:
        from core import scope

        # a render never completes a duty of a store outside its author's scope
        stmt = scope.filter(stmt, Task, session, user)
    task = session.scalars(stmt.order_by(Task.due_at, Task.id).limit(1)).first()
    if task is not None:
        close_task(session, task, status="done", actor=user.username if user else entry.rendered_by)
        session.flush()
        app.hooks.task_completed(app, session, task)
