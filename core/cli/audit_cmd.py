"""``crdesk audit``: read the audit log and check that nobody altered it."""
from __future__ import annotations

import click

from core.cli import get_app
from core.cli.output import emit_rows, json_option, success


@click.group()
def audit() -> None:
    """List audit entries and verify the hash chain."""


@audit.command("list")
@click.option("--entity", metavar="ENTITY", help="Only this entity (customer, delivery, plugin, …).")
@click.option("--id", "entity_id", metavar="ID", help="Only this record of the entity.")
@click.option("--actor", metavar="USERNAME")
@click.option("--store", "store", metavar="CODE", help="Only what staff of this store did (a store in your scope).")
@click.option("--since", metavar="DATE", help="From YYYY-MM-DD or 'YYYY-MM-DD HH:MM' (China time).")
@click.option("--until", metavar="DATE", help="To YYYY-MM-DD (the whole day) or 'YYYY-MM-DD HH:MM' (China time).")
@click.option("--action", "actions", multiple=True, metavar="ACTION",
              help="Only this action (create, change, delete, reveal, import, render, open …); repeatable.")
@click.option("--limit", default=100, show_default=True)
@json_option
@click.pass_context
def list_(ctx: click.Context, entity: str | None, entity_id: str | None, actor: str | None, store: str | None,
          since: str | None, until: str | None, actions: tuple[str, ...], limit: int, as_json: bool) -> None:
    """The newest entries first, in China time, of the stores in your scope."""
    from core.access import masked_for, require
    from core.audit_view import actor_stores, parse_moment, visible_entries
    from core.workdays import CST

    start = parse_moment(since, option="--since")
    end = parse_moment(until, end=True, option="--until")
    app = get_app(ctx)
    app.check_schema()

    with app.session() as s:
        reader = app.acting_user(s)
        require(app, s, reader, "audit", "read")
        found = visible_entries(s, reader, store=store, since=start, until=end, actions=actions, entity=entity,
                                entity_id=entity_id, actor=actor, limit=limit)
        stores_ = actor_stores(s, found)
        rows = [{"id": e.id, "at": e.at.astimezone(CST), "actor": e.actor, "store": stores_.get(e.actor or ""),
                 "action": e.action, "entity": e.entity, "entity_id": e.entity_id,
                 "before": masked_for(app, reader, e.before), "after": masked_for(app, reader, e.after),
                 "hash": e.hash} for e in found]
    if not as_json:
        for row in rows:
            row["change"] = _compact(row["before"], row["after"])
    emit_rows(rows, [("id", "#"), ("at", "at (CST)"), ("actor", "who"), ("store", "store"), ("action", "action"),
                     ("entity", "entity"), ("entity_id", "id"), ("change", "before → after")], as_json=as_json,
              empty="no audit entries match")


def _compact(before: object, after: object) -> str:
    import json

    def dump(v: object) -> str:
        return json.dumps(v, ensure_ascii=False, separators=(",", ":")) if v is not None else ""

    return f"{dump(before)} → {dump(after)}" if before is not None else dump(after)


@audit.command("verify")
@json_option
@click.pass_context
def verify(ctx: click.Context, as_json: bool) -> None:
    """Recompute the hash chain; exits 1 naming every edited or deleted entry.

    With the audit key ($CRDESK_AUDIT_KEY) it proves that no entry was edited, inserted or removed (the newest
    ones aside: compare the count and newest hash with an earlier run). Without the key it checks the links of
    keyed entries and the content of entries written before the key was set, and says so.
    """
    from core import audit as log
    from core.access import require
    from core.cli.output import to_json
    from core.errors import CrdeskError

    app = get_app(ctx)
    app.check_schema()
    from core.privacy import audit_key

    with app.session() as s:
        require(app, s, app.acting_user(s), "audit", "read")
        coverage = log.VerifyCoverage()
        problems = log.verify(s, coverage=coverage)
        summary = log.summary(s)
    proves = log.what_verify_proves(coverage, keyed=audit_key() is not None)
    if as_json:
        click.echo(to_json({"ok": not problems, "entries": summary.entries, "tail_hash": summary.tail_hash,
                            "plain_entries": coverage.plain, "keyed_entries": coverage.keyed,
                            "key_used": audit_key() is not None, "proves": proves,
                            "problems": [{"entry_id": p.entry_id, "message": p.message} for p in problems]}))
        if problems:
            ctx.exit(1)
        return
    if problems:
        raise CrdeskError("the audit log was altered:\n  " + "\n  ".join(map(str, problems)))
    success(f"audit log intact: {summary.entries} entries, newest hash {summary.tail_hash[:16]}…")
    click.echo(proves)
