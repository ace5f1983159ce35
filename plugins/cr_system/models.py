"""The CR specialist's tables (prefix ``cr_system_``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, UTCDateTime, utcnow

#: Letter kinds and who signs them (4.3.1 (2)).
LETTER_KINDS = {"purchase": "购车感谢信", "service": "入库感谢信"}
SIGNER_ROLES = {"purchase": "gm", "service": "service_manager"}
SIGNER_TITLES = {"purchase": "总经理", "service": "售后经理"}
#: A batch's life: prepared → rendered (or empty: every customer of the day was skipped) → (all parts printed) → handed (to 综合部) → signed (signed for).
BATCH_STATUS_ZH = {"empty": "无需寄发", "prepared": "待打印", "rendered": "已打印", "handed": "已交综合部", "signed": "综合部已签收"}
#: Why a customer gets no letter.
SKIP_REASONS_ZH = {"mail_refused": "客户拒收信函", "no_address": "无邮寄地址"}
#: The kanban's two daily inputs (4.3.1 (5)) and who enters them.
KANBAN_SOURCES = {"sales": "销售信息员：订车及交车", "service": "售后前台：5K及10K入库"}
KANBAN_ROLES = {"sales": "sales_clerk", "service": "service_desk"}
#: Not-returned lists (4.3.3 A, B): the delivery months they cover, counted back from the list's month.
LIST_KINDS = {"n3_5": (3, 5), "n6_8": (6, 8)}
LIST_TITLES = {"n3_5": "N-3至N-5月交车客户未入库名单", "n6_8": "N-6至N-8月交车客户未入库名单"}


class LetterBatch(Base):
    """One day's thank-you letters of one kind: one signer, one PDF, one APR-LETTER request."""

    __tablename__ = "cr_system_letter_batch"
    __table_args__ = (UniqueConstraint("store_id", "kind", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    #: The day of the deliveries / intakes the letters thank for.
    day: Mapped[dt.date] = mapped_column()
    status: Mapped[str] = mapped_column(String(12), default="prepared")
    per_part: Mapped[int] = mapped_column(default=150)
    approval_id: Mapped[int | None] = mapped_column(ForeignKey("approval_request.id", ondelete="SET NULL"))
    handed_to_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    handed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    signed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Letter(Base):
    """One letter (or one skipped customer) of a batch; its row is its line in the mail register 信函登记簿."""

    __tablename__ = "cr_system_letter"
    __table_args__ = (
        UniqueConstraint("batch_id", "seq"),
        UniqueConstraint("kind", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("cr_system_letter_batch.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    #: The delivery (purchase letters) or service visit (service letters) thanked for: one letter each, ever.
    source_id: Mapped[int] = mapped_column()
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="RESTRICT"), index=True)
    #: Order in the batch (letters and labels print in this order); 0 for skipped customers.
    seq: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(60))
    address: Mapped[str] = mapped_column(String(255), default="")
    postcode: Mapped[str] = mapped_column(String(6), default="")
    model: Mapped[str] = mapped_column(String(60), default="")
    plate: Mapped[str] = mapped_column(String(16), default="")
    advisor: Mapped[str] = mapped_column(String(60), default="")
    skipped: Mapped[str | None] = mapped_column(String(16))


class LetterPart(Base):
    """A rendered part of a batch (letters ``first_seq``..``last_seq``); kept so a crashed print resumes."""

    __tablename__ = "cr_system_letter_part"
    __table_args__ = (UniqueConstraint("batch_id", "part_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("cr_system_letter_batch.id", ondelete="CASCADE"))
    #: Part number from 1; the label sheet is part 0.
    part_no: Mapped[int] = mapped_column()
    first_seq: Mapped[int] = mapped_column()
    last_seq: Mapped[int] = mapped_column()
    pages: Mapped[int] = mapped_column()
    content: Mapped[bytes] = mapped_column(LargeBinary())
    sha256: Mapped[str] = mapped_column(String(64))
    rendered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class KanbanEntry(Base):
    """One day's kanban input from 销售信息员 (orders, deliveries) or 售后前台 (5K, 10K intakes)."""

    __tablename__ = "cr_system_kanban_entry"
    __table_args__ = (
        UniqueConstraint("store_id", "day", "source"),
        Index("ix_cr_system_kanban_entry_store_day", "store_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"))
    day: Mapped[dt.date] = mapped_column()
    source: Mapped[str] = mapped_column(String(8))
    orders: Mapped[int] = mapped_column(default=0)
    deliveries: Mapped[int] = mapped_column(default=0)
    intakes_5k: Mapped[int] = mapped_column(default=0)
    intakes_10k: Mapped[int] = mapped_column(default=0)
    entered_by: Mapped[str] = mapped_column(String(60))
    entered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Entered after 9:30 of the working day after ``day``.
    late: Mapped[bool] = mapped_column(default=False)


class ListHandover(Base):
    """A monthly not-returned list handed to 售后部: who received it, when (the sign-off record)."""

    __tablename__ = "cr_system_list_handover"
    __table_args__ = (UniqueConstraint("store_id", "kind", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(8))
    #: ``2026-11``: the month the list is for.
    month: Mapped[str] = mapped_column(String(7))
    rows: Mapped[int] = mapped_column()
    handed_by: Mapped[str] = mapped_column(String(60))
    handed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class EcrbSnapshot(Base):
    """One day's e-CRB tracking table of the sales or service advisors, as imported (CR-D4, CR-W3)."""

    __tablename__ = "cr_system_ecrb_snapshot"
    __table_args__ = (UniqueConstraint("store_id", "kind", "taken_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(8))
    taken_on: Mapped[dt.date] = mapped_column()
    source_file: Mapped[str] = mapped_column(String(255))
    rows: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    imported_by: Mapped[str] = mapped_column(String(60))
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MailMessage(Base):
    """An e-mail in the outbox: queued, sending (handed to the server, outcome unknown), sent or failed.

    A message is sent at most once: it is marked ``sending`` and committed before the SMTP transaction, and
    only ``queued`` and ``failed`` messages are retried; ``message_id`` is its idempotency key."""

    __tablename__ = "cr_system_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id", ondelete="RESTRICT"))
    message_id: Mapped[str] = mapped_column(String(120), unique=True)
    subject: Mapped[str] = mapped_column(String(200))
    recipients: Mapped[list[str]] = mapped_column(JSON)
    body: Mapped[str] = mapped_column(Text())
    status: Mapped[str] = mapped_column(String(8), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    queued_by: Mapped[str] = mapped_column(String(60))
    queued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class MailAttachment(Base):
    __tablename__ = "cr_system_mail_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    mail_id: Mapped[int] = mapped_column(ForeignKey("cr_system_mail.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary())
