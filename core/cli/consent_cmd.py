"""``crdesk customers consent``: record a customer's consent or opt-out for a channel."""

from __future__ import annotations

import click

from core.cli import get_app
from core.cli.output import success


@click.command("consent")
@click.argument("customer_id", type=int)
@click.option("--channel", type=click.Choice(["phone", "sms", "mail"]), required=True)
@click.option("--grant/--refuse", "granted", required=True, help="Consent given, or refused / withdrawn (opt-out).")
@click.option("--source", required=True, help="Where the customer said so: 购车合同, 短信回T退订, 电话回访 …")
@click.pass_context
def consent(ctx: click.Context, customer_id: int, channel: str, granted: bool, source: str) -> None:
    """Record consent or an opt-out for one channel (audited; the SMS outbox honours it at once)."""
    from core import access
    from core.consent import set_consent

    app = get_app(ctx)
    app.check_schema()
    with app.session() as session:
        user = app.acting_user(session)
        access.require(app, session, user, "consent", "change")
        set_consent(
            app, session, customer_id=customer_id, channel=channel, granted=granted, source=source, actor=user.username
        )
    success(f"customer {customer_id}: {channel} {'consent recorded' if granted else 'opt-out recorded'}")
