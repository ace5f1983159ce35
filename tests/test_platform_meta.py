"""Meta-tests: every hook documented and tested, migrations equal to models, plugins load alone."""
from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData

from core import hookspecs
from core.plugin_catalog import PluginCatalog
from core.plugin_host import PluginHost
from core.setup import initialise
from tests.platform_support import ROOT, fixture_catalog

HOOKS = sorted(name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
               if hasattr(fn, "crdesk_spec"))
DOC = (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8")


def _test_names() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names.update(n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))
    return names


def test_hookspecs_are_found() -> None:
    assert "register_commands" in HOOKS and "on_task_completed" in HOOKS


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_doc_section_with_an_example(hook: str) -> None:
    match = re.search(rf"^## {hook}\(.*?\)\n(.*?)(?=^## |\Z)", DOC, flags=re.M | re.S)
    assert match, f"docs/hooks.md lacks a section '## {hook}(...)'"
    assert "```python" in match.group(1), f"docs/hooks.md section {hook} has no example"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test(hook: str) -> None:
    assert f"test_hook_{hook}" in _test_names(), f"no test named test_hook_{hook} in tests/"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_docstring(hook: str) -> None:
    assert (getattr(hookspecs, hook).__doc__ or "").strip()


def test_migrations_create_exactly_the_models(make_app) -> None:
    """Alembic's autogenerate finds nothing to change after every migration has run."""
    catalog = fixture_catalog("platform")
    app = make_app(catalog=catalog, acting_user="admin")
    builtin = sorted(n for n, m in catalog.manifests.items() if m.source == "builtin")
    initialise(app, [*builtin, "alpha"])
    metadata = MetaData()
    for models in app.hooks.models().values():
        for model in models:
            model.__table__.to_metadata(metadata)
    with app.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert diff == []


def test_builtin_plugins_load_with_only_their_dependencies() -> None:
    catalog = PluginCatalog.discover(use_entry_points=False)
    for name in catalog.manifests:
        host = PluginHost(catalog)
        host.load([name], strict=True)
        assert host.loaded == catalog.order([name])
    together = PluginHost(catalog)
    together.load(list(catalog.manifests), strict=True)  # check_pending() inside: no unknown hooks


def test_builtin_plugin_folders_are_complete() -> None:
    catalog = PluginCatalog.discover(use_entry_points=False)
    for name, manifest in catalog.manifests.items():
        assert manifest.path.name == name
        assert (manifest.path / "hooks.py").is_file(), f"plugin {name} has no hooks.py"
