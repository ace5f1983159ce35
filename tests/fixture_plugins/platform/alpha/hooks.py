from __future__ import annotations

from collections.abc import Iterable

import click

from core import hookimpl
from core.duties import Rule

EVENTS: list[tuple[str, bool]] = []


@hookimpl
def register_models() -> Iterable[type]:
    from tests.fixture_plugins.platform.alpha.models import AlphaNote

    return [AlphaNote]


@hookimpl
def register_rules(app):
    return [Rule(key="alpha.supplies", title="office supplies list", duties=("CR-M4",))]


@hookimpl
def register_commands(cli: click.Group, app) -> None:
    @cli.group()
    def alpha() -> None:
        """Alpha test commands."""

    @alpha.command()
    @click.argument("text")
    def note(text: str) -> None:
        """Store a note."""
        from tests.fixture_plugins.platform.alpha.models import AlphaNote

        with app.session() as session:
            session.add(AlphaNote(text=text))
        click.echo(f"noted: {text}")


@hookimpl
def on_plugin_state_changed(app, session, name: str, enabled: bool) -> None:
    EVENTS.append((name, enabled))
