"""Every ``crdesk …`` command a message, the README or the docs tell people to run exists in the click tree."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import click

from core.cli import CORE_COMMANDS
from core.plugin_catalog import PluginCatalog
from core.setup import initialise

ROOT = Path(__file__).resolve().parent.parent
INLINE = re.compile(r"`(crdesk [^`]+)`")
GLOBAL_WITH_VALUE = {"--db", "--as"}
GLOBAL_FLAGS = {"--strict", "--debug"}


def _sources() -> list[Path]:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for folder in ("core", "plugins"):
        files += sorted(p for p in (ROOT / folder).rglob("*") if p.suffix in {".py", ".md", ".j2", ".html"})
    return files


def _mentions(path: Path) -> list[tuple[int, str]]:
    """(line, command) for each backticked ``crdesk …`` and each ``crdesk`` line of a fenced code block."""
    found: list[tuple[int, str]] = []
    fenced = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if path.suffix == ".md" and line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            for part in re.split(r"&&|\|\||;|\|", line):
                part = part.strip().removeprefix("$ ").strip()
                if part.startswith("crdesk "):
                    found.append((number, part))
            continue
        found += [(number, m) for m in INLINE.findall(line)]
    return found


def _words(command: str) -> list[str]:
    try:
        words = shlex.split(command)[1:]
    except ValueError:
        words = command.split()[1:]
    out: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word in GLOBAL_WITH_VALUE:
            skip = True
            continue
        if word in GLOBAL_FLAGS:
            continue
        out.append(word)
    return out


def _is_placeholder(word: str) -> bool:
    return (word.startswith(("-", "{", "[", "<", "…")) or word.isupper() or "…" in word
            or not re.fullmatch(r"[a-z][a-z0-9_.-]*(\|[a-z][a-z0-9_.-]*)*", word))


def _missing(command: str, top: dict[str, click.Command]) -> str | None:
    """``None`` when the command path exists, else what is missing."""
    words = _words(command)
    if not words or _is_placeholder(words[0]):
        return None
    group: click.Command | None = None
    path: list[str] = []
    for word in words:
        if _is_placeholder(word):
            return None
        names = word.split("|")
        if group is None:
            found = [top.get(n) for n in names]
        elif isinstance(group, click.Group):
            ctx = click.Context(group)
            found = [group.get_command(ctx, n) for n in names]
        else:
            return None  # a leaf command: the rest are its arguments
        if any(f is None for f in found):
            bad = [n for n, f in zip(names, found) if f is None]
            return f"no command {' '.join([*path, bad[0]])!r}"
        group = found[0]
        path.append(word)
        if not isinstance(group, click.Group):
            return None
    return None


def test_every_crdesk_command_named_in_messages_readme_and_docs_exists(make_app) -> None:
    import importlib

    catalog = PluginCatalog.discover(use_entry_points=False)
    app = make_app(catalog=catalog, acting_user="admin")
    initialise(app, sorted(n for n, m in catalog.manifests.items() if m.source == "builtin"))
    app.reload_plugins()
    plugin_group = click.Group("plugins")
    app.hooks.commands(plugin_group, app)
    top: dict[str, click.Command] = dict(plugin_group.commands)
    for name, target in CORE_COMMANDS.items():
        module, attr = target.split(":")
        command = getattr(importlib.import_module(module), attr)
        extension = plugin_group.commands.get(name)  # a plugin may extend a core group (`crdesk users password`)
        if isinstance(command, click.Group) and isinstance(extension, click.Group):
            command = click.Group(name, commands={**extension.commands, **command.commands})
        top[name] = command
    problems = []
    checked = 0
    for path in _sources():
        for number, command in _mentions(path):
            checked += 1
            missing = _missing(command, top)
            if missing:
                problems.append(f"{path.relative_to(ROOT)}:{number}: `{command}`: {missing}")
    assert checked > 50
    assert problems == [], "\n".join(problems)


def test_the_checker_notices_a_command_that_does_not_exist() -> None:
    top = {"users": click.Group("users", commands={"set-head": click.Command("set-head")})}
    assert _missing("crdesk departments head", top) == "no command 'departments'"
    assert _missing("crdesk users head", top) == "no command 'users head'"
    assert _missing("crdesk --as admin users set-head DEPT USER", top) is None
