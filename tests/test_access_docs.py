"""docs/security.md's table of the roles' rights is the grants of core and the built-in plugins, exactly."""
from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from core.access import rights_markdown
from core.models import Role
from core.setup import initialise

DOC = Path(__file__).resolve().parent.parent / "docs" / "security.md"
BEGIN, END = "<!-- rights:begin -->", "<!-- rights:end -->"


def current_table(make_app) -> str:
    app = make_app()
    initialise(app)  # every built-in plugin
    app.reload_plugins()
    with app.session() as s:
        names = {r.code: r.name_zh for r in s.scalars(select(Role))}
    return rights_markdown(app, names)


def test_security_doc_lists_every_roles_rights_as_granted(make_app):
    text = DOC.read_text(encoding="utf-8")
    documented = re.search(re.escape(BEGIN) + r"\n(.*?)\n" + re.escape(END), text, re.S)
    assert documented, f"docs/security.md needs the table between {BEGIN} and {END}"
    expected = current_table(make_app)
    assert documented.group(1).strip() == expected, (
        "docs/security.md's rights table is out of date; replace it with:\n" + expected)
