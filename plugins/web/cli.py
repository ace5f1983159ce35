"""``crdesk serve`` and ``crdesk users password|sessions|logout-all`` (the latter extend core's ``users`` group)."""

from __future__ import annotations

from typing import Any

import click

from core.cli.output import emit_rows, json_option, success, warn


def _app() -> Any:
    from core.cli import get_app

    app = get_app(click.get_current_context())
    app.check_schema()
    return app


def register(cli: click.Group) -> None:
    @cli.command()
    @click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep loopback "
                  "behind a reverse proxy that terminates HTTPS).")
    @click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
    @click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
                  help="Worker processes (each opens its own database connections).")
    def serve(host: str, port: int, workers: int) -> None:
        """Serve the web front (网页端) with uvicorn."""
        import os

        import uvicorn

        app = _app()
        os.environ["CRDESK_DATABASE_URL"] = app.db.url
        success(f"crdesk web front on http://{host}:{port}/ (workers: {workers}); stop with Ctrl+C")
        uvicorn.run("plugins.web.asgi:application", host=host, port=port, workers=workers, factory=True,
                    proxy_headers=True, log_level="warning", access_log=False)

    @cli.group()
    def users() -> None:
        """Web front passwords and sessions (added to `crdesk users`)."""

    @users.command("password")
    @click.argument("username")
    @click.option("--generate", is_flag=True, help="Make up a temporary password and print it once.")
    def password(username: str, generate: bool) -> None:
        """Set USERNAME's web password: yours for good, another user's as temporary (changed at first login)."""
        from core.access import require
        from core.people import user_by_name
        from plugins.web.passwords import generate as make_up, set_password

        app = _app()
        with app.session() as s:
            actor = app.acting_user(s)
            user = user_by_name(s, username)
            own = actor.id == user.id
            if not own:
                require(app, s, actor, "user", "change")
            if generate:
                secret = make_up()
            else:
                secret = click.prompt("新密码", hide_input=True, confirmation_prompt="再次输入新密码", err=True)
            set_password(s, user, secret, temporary=generate or not own, actor=actor.username)
        if generate:
            click.echo(secret)
            warn(f"{username} 首次登录时须更改此临时密码")
        else:
            success(f"{username} 的网页端密码已设置" + ("" if own else "（临时密码，首次登录时须更改）"))

    @users.command("sessions")
    @click.argument("username", required=False)
    @json_option
    def sessions(username: str | None, as_json: bool) -> None:
        """Open web sessions (all users, or USERNAME's), most recent activity first."""
        from core.access import require
        from core.people import user_by_name
        from plugins.web.sessions import open_sessions

        app = _app()
        with app.session() as s:
            actor = app.acting_user(s)
            user = user_by_name(s, username) if username else None
            if user is None or user.id != actor.id:
                require(app, s, actor, "user", "read")
            rows = [{"id": w.id, "username": u.username, "name": u.full_name, "address": w.address,
                     "created_at": w.created_at, "last_seen_at": w.last_seen_at, "user_agent": w.user_agent}
                    for w, u in open_sessions(app, s, user)]
        emit_rows(rows, [("id", "#"), ("username", "用户"), ("name", "姓名"), ("address", "地址"),
                         ("created_at", "登录时间"), ("last_seen_at", "最近活动")],
                  as_json=as_json, title="网页端会话", empty="没有登录中的会话")

    @users.command("logout-all")
    @click.argument("username")
    def logout_all(username: str) -> None:
        """End every web session of USERNAME at once (a lost phone, a leaver)."""
        from core.access import require
        from core.people import user_by_name
        from plugins.web.sessions import revoke_all

        app = _app()
        with app.session() as s:
            actor = app.acting_user(s)
            user = user_by_name(s, username)
            if user.id != actor.id:
                require(app, s, actor, "user", "change")
            count = revoke_all(s, user, actor=actor.username)
        success(f"{username}：已结束 {count} 个网页端会话")
