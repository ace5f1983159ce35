"""Owner-club members (SF-MEM): join, leave, data changes, new members counted and classified, login rate.

The login rate is members who logged in to the owner website during the
period ÷ members at the end of the period, against the 30 % target
(``sales_followup.member_login_target``). Login times come from the website's
member export, imported with ``crdesk import members FILE``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import audit
from core.errors import ValidationError
from core.importer import cells
from core.importer.bulk import fetch_in, insert_returning_ids, update_by_id
from core.importer.spec import BatchOutcome, Column, ImportContext, ImportKind
from core.models import Customer
from core.phones import PhoneError, normalise_phone
from core.workdays import cst_today
from plugins.sales_followup.models import SalesMember


def _login(value: Any) -> dt.datetime | None:
    if value is None or cells.text(value) == "":
        return None
    if isinstance(value, dt.datetime):
        moment = value
    else:
        try:
            moment = dt.datetime.fromisoformat(cells.text(value).replace("/", "-"))
        except ValueError:
            day = cells.parse_date(value)
            moment = dt.datetime.combine(day, dt.time())
    from core.workdays import CST

    return moment.replace(tzinfo=CST) if moment.tzinfo is None else moment


def _status(value: Any) -> bool:
    """True when the member left (注销/退会/停用)."""
    word = cells.text(value)
    if word in ("", "正常", "有效", "在册"):
        return False
    if word in ("注销", "退会", "停用", "无效"):
        return True
    raise ValueError(f"status {word!r} is not one of 正常, 注销, 退会, 停用")


COLUMNS = (
    Column("member_no", ("会员号", "会员编号", "会员卡号", "member_no"), cells.parse_text),
    Column("name", ("姓名", "会员姓名", "车主姓名"), cells.parse_text),
    Column("phone", ("手机号码", "手机", "联系电话"), cells.parse_phone),
    Column("joined_on", ("注册日期", "入会日期", "注册时间"), cells.parse_date),
    Column("last_login", ("最近登录时间", "最后登录时间", "最近登录"), _login, required=False),
    Column("level", ("会员等级", "等级"), cells.parse_text, required=False, default="普通会员"),
    Column("left", ("状态", "会员状态"), _status, required=False, default=False),
)


def _write(ctx: ImportContext, rows: list[dict[str, Any]]) -> BatchOutcome:
    s, out, store_id = ctx.session, BatchOutcome(), ctx.store.id
    existing = {
        no: (id_, name, phone, level, left, login)
        for no, id_, name, phone, level, left, login in fetch_in(
            s,
            SalesMember,
            ("member_no", "id", "name", "phone", "level", "left_on", "last_login_at"),
            "member_no",
            [r["member_no"] for r in rows],
            scope={"store_id": store_id},
        )
    }
    customers = dict(
        fetch_in(s, Customer, ("phone", "id"), "phone", [r["phone"] for r in rows], scope={"store_id": store_id})
    )
    new, changes = [], []
    today = cst_today()
    for r in rows:
        left_on = today if r["left"] else None
        known = existing.get(r["member_no"])
        if known is None:
            new.append(
                {
                    "store_id": store_id,
                    "member_no": r["member_no"],
                    "customer_id": customers.get(r["phone"]),
                    "name": r["name"],
                    "phone": r["phone"],
                    "level": r["level"],
                    "joined_on": r["joined_on"],
                    "left_on": left_on,
                    "last_login_at": r["last_login"],
                }
            )
            continue
        id_, name, phone, level, was_left, login = known
        left_on = was_left if (r["left"] and was_left) else left_on
        want = {
            "name": r["name"],
            "phone": r["phone"],
            "level": r["level"],
            "left_on": left_on,
            "last_login_at": r["last_login"] or login,
            "customer_id": customers.get(r["phone"]),
        }
        if (name, phone, level, was_left, login) == (
            want["name"],
            want["phone"],
            want["level"],
            want["left_on"],
            want["last_login_at"],
        ):
            out.unchanged += 1
            continue
        changes.append({"id": id_, **want})
        out.ids.append(id_)
    if new:
        out.ids += insert_returning_ids(s, SalesMember, new, ("member_no",), scope={"store_id": store_id}).values()
        out.created = len(new)
    if changes:
        update_by_id(s, SalesMember, changes)
        out.updated = len(changes)
    return out


IMPORT_KIND = ImportKind(
    key="sales_followup.members",
    name="members",
    title_zh="车主会员（官网会员导出）",
    entity="sales_followup.member",
    columns=COLUMNS,
    natural_key=("member_no",),
    write=_write,
    duties=("SF-MEM",),
    doc="The owner website's member export: member number, name, mobile, registration date, last login, "
    "level and status (注销/退会 marks a member who left).",
)


def join(
    session: Session,
    *,
    store_id: int,
    member_no: str,
    name: str,
    phone: str,
    joined_on: dt.date,
    level: str,
    actor: str,
) -> SalesMember:
    try:
        e164 = normalise_phone(phone)
    except PhoneError as exc:
        raise ValidationError(f"--phone {phone!r}: {exc}") from None
    if (
        session.scalar(
            select(SalesMember.id).where(SalesMember.store_id == store_id, SalesMember.member_no == member_no)
        )
        is not None
    ):
        raise ValidationError(f"member {member_no} already exists")
    customer_id = session.scalar(select(Customer.id).where(Customer.store_id == store_id, Customer.phone == e164))
    member = SalesMember(
        store_id=store_id,
        member_no=member_no,
        customer_id=customer_id,
        name=name,
        phone=e164,
        level=level,
        joined_on=joined_on,
    )
    session.add(member)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=audit.CREATE,
        entity="sales_followup.member",
        entity_id=member.id,
        after={"member_no": member_no, "name": name, "level": level, "joined_on": joined_on},
    )
    return member


def leave(session: Session, *, store_id: int, member_no: str, left_on: dt.date, actor: str) -> SalesMember:
    member = session.scalar(
        select(SalesMember).where(SalesMember.store_id == store_id, SalesMember.member_no == member_no)
    )
    if member is None:
        raise ValidationError(f"no member {member_no}")
    if member.left_on is not None:
        raise ValidationError(f"member {member_no} already left on {member.left_on}")
    member.left_on = left_on
    audit.record(
        session,
        actor=actor,
        action=audit.CHANGE,
        entity="sales_followup.member",
        entity_id=member.id,
        before={"left_on": None},
        after={"left_on": left_on},
    )
    return member


@dataclass(frozen=True)
class MemberStats:
    members: int
    new: int
    left: int
    logged_in: int
    login_rate: float | None
    target: float
    new_by_level: dict[str, int]


def stats(session: Session, *, store_id: int | None, first: dt.date, last: dt.date, target: float) -> MemberStats:
    """Members at the end of [first, last], those who joined/left in it, and the login rate."""
    from core.workdays import cst_datetime

    def scoped(stmt: Any) -> Any:
        return stmt if store_id is None else stmt.where(SalesMember.store_id == store_id)

    active = (SalesMember.joined_on <= last) & (SalesMember.left_on.is_(None) | (SalesMember.left_on > last))
    members = session.scalar(scoped(select(func.count()).where(active))) or 0
    logged = (
        session.scalar(
            scoped(
                select(func.count()).where(
                    active,
                    SalesMember.last_login_at >= cst_datetime(first),
                    SalesMember.last_login_at < cst_datetime(last + dt.timedelta(days=1)),
                )
            )
        )
        or 0
    )
    joined = dict(
        session.execute(
            scoped(
                select(SalesMember.level, func.count())
                .where(SalesMember.joined_on.between(first, last))
                .group_by(SalesMember.level)
            )
        ).all()
    )
    left = session.scalar(scoped(select(func.count()).where(SalesMember.left_on.between(first, last)))) or 0
    return MemberStats(
        members, sum(joined.values()), left, logged, round(logged / members, 4) if members else None, target, joined
    )
