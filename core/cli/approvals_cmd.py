"""``crdesk approvals``: submit requests along approval chains, decide them, print the 签批单."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from core.cli import get_app
from core.cli.output import emit_record, emit_rows, json_option, success

LIST_COLUMNS = [("id", "id"), ("chain_title", "类别"), ("title", "标题"), ("status_zh", "状态"),
                ("current_step", "待签"), ("author", "申请人"), ("submitted_at", "提交时间")]
attach_option = click.option("--attach", "attach", multiple=True, metavar="[NAME=]FILE",
                             help="Attach a file; NAME=FILE fills a required slot such as invoice_photo. Repeatable.")
comment_option = click.option("--comment", default="", help="Your comment, printed on the sign-off sheet.")


@click.group()
def approvals() -> None:
    """Approval chains: who signs after whom, and what follows once approved."""


@contextmanager
def _engine(ctx: click.Context) -> Iterator[tuple[Any, Any, Any]]:
    from core.approvals.engine import Approvals

    app = get_app(ctx)
    app.check_schema()
    engine = Approvals(app)
    with app.session() as session:
        yield app, engine, session


@approvals.command("chains")
@json_option
@click.pass_context
def chains(ctx: click.Context, as_json: bool) -> None:
    """Every approval chain of the enabled plugins, step by step."""
    from core.approvals.engine import Approvals

    app = get_app(ctx)
    rows = []
    for c in Approvals(app).chains.values():
        steps = [("(" + s.title_zh + "→)") if s.optional else s.title_zh for s in c.steps]
        rows.append({"key": c.key, "title_zh": c.title_zh, "form": c.form,
                     "steps": [{"id": s.id, "title_zh": s.title_zh, "roles": list(s.roles), "approver": s.approver,
                                "condition": s.when.key if s.when else None,
                                "attachments": [a.name for a in s.attachments]} for s in c.steps],
                     "flow": " → ".join(steps + [f.title_zh for f in c.follow_ups]),
                     "follow_ups": [f.title_zh for f in c.follow_ups], "duties": list(c.duties),
                     "allow_self_approval": c.allow_self_approval, "distinct_approvers": c.distinct_approvers})
    emit_rows(rows, [("key", "chain"), ("title_zh", "名称"), ("flow", "流程"), ("duties", "duties")],
              as_json=as_json, title="approval chains", empty="no approval chains")


def _files(attach: tuple[str, ...]) -> list[Any]:
    from core.approvals.engine import FileToAttach

    return [FileToAttach.parse(a) for a in attach]


def _answers(app: Any, engine: Any, chain_key: str, data_file: str | None) -> dict[str, Any]:
    from core.forms import find_form
    from core.forms.answers_file import load_answers

    if data_file:
        return load_answers(data_file)
    from core.forms.prompts import prompt_answers

    return prompt_answers(find_form(app, engine.chain(chain_key).form))


def _summary(app: Any, session: Any, engine: Any, req: Any) -> dict[str, Any]:
    from core.approvals.sheet import sheet

    return sheet(app, session, engine, req)


@approvals.command("submit")
@click.argument("chain")
@click.option("--data", "data_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="The request form's answers as JSON or YAML; without it, crdesk asks field by field.")
@attach_option
@click.option("--for-department", "for_department", metavar="CODE",
              help="Submit on behalf of another department (sales, service …): its head signs first.")
@json_option
@click.pass_context
def submit(ctx: click.Context, chain: str, data_file: str | None, attach: tuple[str, ...],
           for_department: str | None, as_json: bool) -> None:
    """Fill the chain's form and start the chain."""
    with _engine(ctx) as (app, engine, session):
        spec_chain = engine.chain(chain)
        data = _answers(app, engine, spec_chain.key, data_file)
        user = app.acting_user(session)
        req = engine.submit(session, user, spec_chain.key, data, files=_files(attach),
                            requesting_department=for_department)
        record = _summary(app, session, engine, req)
    _done(record, as_json, f"submitted request {record['id']} ({record['chain_title']}): waits for "
                           f"{record['current_step']}")


def _done(record: dict[str, Any], as_json: bool, message: str) -> None:
    if as_json:
        emit_record(record, as_json=True)
    else:
        success(message)


@approvals.command("list")
@click.option("--pending", is_flag=True, help="Only requests waiting for your decision (also as someone's delegate).")
@click.option("--mine", is_flag=True, help="Only requests you submitted.")
@json_option
@click.pass_context
def list_requests(ctx: click.Context, pending: bool, mine: bool, as_json: bool) -> None:
    """Approval requests of your store."""
    from sqlalchemy import select

    from core.approvals.engine import STATUS_ZH
    from core.models import ApprovalRequest, User
    from core.workdays import CST

    with _engine(ctx) as (app, engine, session):
        user = app.acting_user(session)
        if pending:
            requests = engine.pending_for(session, user)
        else:
            stmt = select(ApprovalRequest).order_by(ApprovalRequest.id)
            if mine:
                stmt = stmt.where(ApprovalRequest.author_id == user.id)
            else:
                from core import scope

                stmt = scope.filter(stmt, ApprovalRequest, session, user)
            requests = list(session.scalars(stmt))
        if mine and pending:
            requests = [r for r in requests if r.author_id == user.id]
        authors = {u.id: u for u in session.scalars(select(User).where(
            User.id.in_({r.author_id for r in requests})))}
        rows = []
        for r in requests:
            step = engine.current_step(r)
            chain = engine.chains.get(r.chain_key)
            author = authors[r.author_id]
            rows.append({"id": r.id, "chain": r.chain_key, "chain_title": chain.title_zh if chain else r.chain_key,
                         "title": r.title, "status": r.status, "status_zh": STATUS_ZH[r.status],
                         "current_step": step.title_zh if step else "", "author": author.full_name or author.username,
                         "round": r.round, "submitted_at": r.submitted_at.astimezone(CST)})
    emit_rows(rows, LIST_COLUMNS, as_json=as_json, title="approval requests",
              empty="nothing waits for you" if pending else "no approval requests")


@approvals.command("show")
@click.argument("request_id", type=int)
@click.option("--pdf", "pdf_file", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="Also write the sign-off sheet (签批单) as a PDF (mode 0600).")
@json_option
@click.pass_context
def show(ctx: click.Context, request_id: int, pdf_file: str | None, as_json: bool) -> None:
    """One request: its answers, steps, every decision and attachment."""
    with _engine(ctx) as (app, engine, session):
        req = engine.request(session, request_id)
        viewer = app.acting_user(session)
        from core import scope

        scope.check_record(session, viewer, req, f"approval request {request_id}")
        record = _summary(app, session, engine, req)
        content = None
        if pdf_file:
            from core.approvals.sheet import signoff_pdf

            content = signoff_pdf(app, session, record, req)
    if pdf_file and content is not None:
        from pathlib import Path

        from core import config

        config.write_private(Path(pdf_file), content)
    if as_json:
        emit_record(record, as_json=True)
    else:
        _print_sheet(record)
    if pdf_file:
        success(f"wrote the sign-off sheet (签批单) to {pdf_file}")


def _print_sheet(s: dict[str, Any]) -> None:
    emit_record(s, as_json=False, labels=[("id", "编号"), ("chain_title", "类别"), ("title", "标题"),
                                          ("status_zh", "状态"), ("current_step", "待签"), ("author", "申请人"),
                                          ("department", "部门"), ("requesting_department", "代申请部门"),
                                          ("submitted_at", "提交时间"), ("finished_at", "完成时间")])
    click.echo("")
    emit_rows(s["answers"], [("label", "项目"), ("value", "内容")], as_json=False, title="申请内容")
    emit_rows(s["decisions"], [("round", "轮次"), ("step", "环节"), ("by", "签批人"), ("on_behalf_of", "代签"),
                               ("action_zh", "批示"), ("comment", "意见"), ("at", "时间")],
              as_json=False, title="签批意见")
    if s["attachments"]:
        emit_rows(s["attachments"], [("label", "名称"), ("filename", "文件"), ("sha256", "sha256")],
                  as_json=False, title="附件")


def _decision_command(name: str, help_text: str, action: Callable[..., Any], *, attach: bool = False) -> None:
    @click.argument("request_id", type=int)
    @comment_option
    @json_option
    @click.pass_context
    def command(ctx: click.Context, request_id: int, comment: str, as_json: bool, **kwargs: Any) -> None:
        with _engine(ctx) as (app, engine, session):
            user = app.acting_user(session)
            extra = {"files": _files(kwargs["attach"])} if attach else {}
            req = action(engine)(session, user, request_id, comment=comment, **extra)
            record = _summary(app, session, engine, req)
        waits = f": waits for {record['current_step']}" if record["current_step"] else ""
        _done(record, as_json, f"request {record['id']} {record['status']} ({record['status_zh']}){waits}")

    command.__doc__ = help_text
    if attach:
        command = attach_option(command)
    approvals.command(name)(command)


_decision_command("approve", "Approve the step of request ID that waits for you.", lambda e: e.approve, attach=True)
_decision_command("reject", "Reject request ID: it goes back to its author with your --comment.", lambda e: e.reject)
_decision_command("return", "Return request ID to the previous step, which decides again.", lambda e: e.send_back)
_decision_command("withdraw", "Withdraw your own request ID (before the first decision, or after a rejection).",
                  lambda e: e.withdraw)


@approvals.command("resubmit")
@click.argument("request_id", type=int)
@click.option("--data", "data_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Changed answers as JSON or YAML (default: the answers as they were).")
@attach_option
@comment_option
@json_option
@click.pass_context
def resubmit(ctx: click.Context, request_id: int, data_file: str | None, attach: tuple[str, ...], comment: str,
             as_json: bool) -> None:
    """Start a rejected request's chain again, keeping its history."""
    from core.forms.answers_file import load_answers

    data = load_answers(data_file) if data_file else None
    with _engine(ctx) as (app, engine, session):
        user = app.acting_user(session)
        req = engine.resubmit(session, user, request_id, data, files=_files(attach), comment=comment)
        record = _summary(app, session, engine, req)
    _done(record, as_json, f"resubmitted request {record['id']} (round {record['round']}): waits for "
                           f"{record['current_step']}")


@approvals.command("reassign")
@click.argument("request_id", type=int, metavar="REQUEST")
@click.option("--to", "to_username", required=True, metavar="USER", help="Who signs the request's pending step now.")
@comment_option
@json_option
@click.pass_context
def reassign(ctx: click.Context, request_id: int, to_username: str, comment: str, as_json: bool) -> None:
    """Give a stuck request's pending step to another person (admin only; audited)."""
    from core.approvals.escalation import reassign as do_reassign

    with _engine(ctx) as (app, engine, session):
        req = do_reassign(engine, session, app.acting_user(session), request_id, to_username, comment=comment)
        record = _summary(app, session, engine, req)
    _done(record, as_json, f"request {record['id']}: {record['current_step']} 改由 {to_username} 签批")
