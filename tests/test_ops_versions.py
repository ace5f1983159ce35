"""Released migration revisions never change: their ids, files and down_revisions are pinned here.

A database in a store records these ids in ``alembic_version``; renaming or
re-parenting a released revision would strand it. New revisions are added to
this list when a version is released (CHANGELOG.md).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import core
from core.plugin_catalog import PluginCatalog
from core.db.migrations import MigrationRunner

ROOT = Path(__file__).resolve().parent.parent

#: revision -> (file, down_revision, depends_on) as released in 0.1.0
RELEASED = {
    "core_0001": ("core/migrations/versions/core_0001_platform.py", None, None),
    "core_0002": ("core/migrations/versions/core_0002_audit_log.py", "core_0001", None),
    "core_0003": ("core/migrations/versions/core_0003_people_records.py", "core_0002", None),
    "core_0004": ("core/migrations/versions/core_0004_scheduler.py", "core_0003", None),
    "core_0005": ("core/migrations/versions/core_0005_forms_approvals.py", "core_0004", None),
    "core_0006": ("core/migrations/versions/core_0006_report_archive.py", "core_0005", None),
    "core_0007": ("core/migrations/versions/core_0007_sms_outbox.py", "core_0006", None),
    "core_0008": ("core/migrations/versions/core_0008_settings.py", "core_0007", None),
    "core_0009": ("core/migrations/versions/core_0009_cohort_indexes.py", "core_0008", None),
    "followup_0001": ("plugins/followup/migrations/followup_0001_base.py", None, ("core_0005",)),
    "sales_followup_0001": ("plugins/sales_followup/migrations/sales_followup_0001_members.py", None,
                            ("followup_0001",)),
}


@pytest.fixture(scope="module")
def runner() -> MigrationRunner:
    catalog = PluginCatalog.discover(use_entry_points=False, local_packages=[])
    return MigrationRunner({m.name: m.migrations_dir for m in catalog.manifests.values()
                            if m.migrations_dir is not None})


@pytest.mark.parametrize("revision", sorted(RELEASED))
def test_released_revision_is_unchanged(runner: MigrationRunner, revision: str) -> None:
    path, down, depends = RELEASED[revision]
    script = runner.script.get_revision(revision)
    assert script is not None, f"released revision {revision} was removed or renamed"
    assert Path(script.path).resolve() == (ROOT / path).resolve(), f"{revision} moved to {script.path}"
    assert script.down_revision == down, f"{revision}'s down_revision changed"
    got = script.dependencies
    assert (tuple(got) if isinstance(got, (list, tuple)) else (got,) if got else None) == depends


def test_core_branch_only_grows_from_the_released_head(runner: MigrationRunner) -> None:
    """Every newer core revision descends from core_0009, so released databases can upgrade."""
    core_revs = [r for r in runner.script.walk_revisions() if r.revision.startswith("core_")]
    newer = [r.revision for r in core_revs if r.revision not in RELEASED]
    for rev in newer:
        ancestors = {a.revision for a in runner.script.iterate_revisions(rev, "base")}
        assert "core_0009" in ancestors, f"{rev} does not build on the released core_0009"


def test_changelog_names_the_package_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[?(\d+\.\d+\.\d+)\]?", changelog, flags=re.M)
    assert versions and versions[0] == core.__version__
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{core.__version__}"' in pyproject
