"""E-mail by SMTP with TLS, through an outbox that retries failures and never sends a message twice.

Server, port, user and sender are store settings (``cr_system.smtp_*``); the
password comes only from the environment (``$CRDESK_SMTP_PASSWORD``), never the
database. TLS is required: STARTTLS on the submission port, or implicit TLS
(``smtp_security = ssl``), with the server's certificate verified (a private
CA can be given as ``cr_system.smtp_ca_file``).

Each message is marked ``sending`` and committed before the SMTP
transaction; only ``queued`` and ``failed`` messages are (re)sent, so a crash
in the middle leaves a ``sending`` message for a person to check rather than a
duplicate in the GM's inbox.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import TYPE_CHECKING

from sqlalchemy import select

from core.db.base import utcnow
from core.errors import ValidationError
from plugins.cr_system.models import MailAttachment, MailMessage

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.app import CrDesk

PASSWORD_ENV = "CRDESK_SMTP_PASSWORD"
MEDIA = {"pdf": ("application", "pdf"), "xlsx": ("application",
                                                "vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
RETRY = ("queued", "failed")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str
    sender: str
    security: str
    ca_file: str

    @classmethod
    def load(cls, app: CrDesk, session: Session, store_id: int) -> SmtpSettings:
        from core import settings

        def get(name: str) -> object:
            return settings.get(app, session, f"cr_system.smtp_{name}", store_id)

        s = cls(str(get("host") or ""), int(get("port") or 587), str(get("user") or ""), str(get("from") or ""),
                str(get("security") or "starttls"), str(get("ca_file") or ""))
        if not s.host or not s.sender:
            raise ValidationError("e-mail is not set up: `crdesk settings set cr_system.smtp_host HOST` and "
                                  "`crdesk settings set cr_system.smtp_from ADDRESS` first")
        if s.security not in ("starttls", "ssl"):
            raise ValidationError(f"cr_system.smtp_security {s.security!r}: use starttls or ssl (TLS is required)")
        return s

    def context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file or None)


def queue(session: Session, *, store_id: int, subject: str, recipients: list[str], body: str,
          attachments: list[tuple[str, bytes]], actor: str) -> MailMessage:
    if not recipients:
        raise ValidationError("no recipients: `crdesk settings set cr_system.ecrb_mail_to a@x.com,b@x.com`")
    bad = [r for r in recipients if "@" not in r]
    if bad:
        raise ValidationError(f"recipient {bad[0]!r} is not an e-mail address")
    domain = recipients[0].rsplit("@", 1)[1]
    mail = MailMessage(store_id=store_id, message_id=f"<{uuid.uuid4().hex}@crdesk.{domain}>", subject=subject,
                       recipients=recipients, body=body, status="queued", attempts=0, last_error="",
                       queued_by=actor, queued_at=utcnow())
    session.add(mail)
    session.flush()
    for filename, content in attachments:
        session.add(MailAttachment(mail_id=mail.id, filename=filename, content=content))
    session.flush()
    return mail


def _message(session: Session, mail: MailMessage, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = mail.subject, sender, ", ".join(mail.recipients)
    msg["Message-ID"], msg["Date"] = mail.message_id, formatdate(localtime=False)
    msg.set_content(mail.body)
    for att in session.scalars(select(MailAttachment).where(MailAttachment.mail_id == mail.id)
                               .order_by(MailAttachment.id)):
        main, sub = MEDIA.get(att.filename.rsplit(".", 1)[-1], ("application", "octet-stream"))
        msg.add_attachment(att.content, maintype=main, subtype=sub, filename=att.filename)
    return msg


def _deliver(s: SmtpSettings, msg: EmailMessage) -> None:
    password = os.environ.get(PASSWORD_ENV, "")
    if s.security == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=30, context=s.context())
    else:
        client = smtplib.SMTP(s.host, s.port, timeout=30)
    with client:
        if s.security == "starttls":
            client.starttls(context=s.context())
        if s.user:
            client.login(s.user, password)
        client.send_message(msg)


def send_pending(app: CrDesk, store_id: int) -> tuple[int, list[str]]:
    """Send every queued or failed message of the store; (sent, one line per failure)."""
    with app.session() as session:
        ids = list(session.scalars(select(MailMessage.id).where(MailMessage.store_id == store_id,
                                                                MailMessage.status.in_(RETRY))
                                   .order_by(MailMessage.id)))
        settings = SmtpSettings.load(app, session, store_id) if ids else None
    sent, errors = 0, []
    for mail_id in ids:
        with app.session() as session:  # claim it: committed before the SMTP transaction starts
            mail = session.get(MailMessage, mail_id, with_for_update=True)
            if mail is None or mail.status not in RETRY:
                continue
            mail.status, mail.attempts = "sending", mail.attempts + 1
            msg = _message(session, mail, settings.sender)
        try:
            _deliver(settings, msg)
        except (smtplib.SMTPException, OSError) as exc:
            line = f"mail {mail_id} to {', '.join(msg['To'].split(', '))}: {type(exc).__name__}: {exc}"[:500]
            with app.session() as session:
                row = session.get(MailMessage, mail_id)
                row.status, row.last_error = "failed", line
            errors.append(line)
            continue
        with app.session() as session:
            row = session.get(MailMessage, mail_id)
            row.status, row.sent_at, row.last_error = "sent", utcnow(), ""
        sent += 1
    return sent, errors
