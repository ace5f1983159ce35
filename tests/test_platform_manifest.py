"""Manifests are inert data: read without importing, validated with errors naming plugin and field."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ManifestError
from core.manifest import read_manifest


def write(tmp_path: Path, text: str, name: str = "demo") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "__manifest__.py").write_text(text, encoding="utf-8")
    return folder


def test_valid_manifest_is_read(tmp_path: Path) -> None:
    folder = write(tmp_path, '{"name": "demo", "version": "1.2.0", "summary": "回访", '
                             '"depends": ["base"], "covers": ["SF-D4", "APR-SMS"]}')
    m = read_manifest(folder, module="x.demo", expected_name="demo")
    assert (m.name, m.version, m.depends, m.covers) == ("demo", "1.2.0", ("base",), ("SF-D4", "APR-SMS"))
    assert m.summary == "回访"


@pytest.mark.parametrize(("text", "field"), [
    ('{"version": "1.0", "summary": "s"}', "'name' is missing"),
    ('{"name": "demo", "summary": "s"}', "'version' is missing"),
    ('{"name": "demo", "version": "v1", "summary": "s"}', "'version' must look like"),
    ('{"name": "demo", "version": "1.0", "summary": ""}', "'summary' must be a non-empty"),
    ('{"name": "demo", "version": "1.0", "summary": "s", "depends": "core"}', "'depends' must be a list"),
    ('{"name": "demo", "version": "1.0", "summary": "s", "depends": ["demo"]}', "'depends' names the plugin itself"),
    ('{"name": "demo", "version": "1.0", "summary": "s", "covers": ["sf-d4"]}', "'covers' has an invalid duty ID"),
    ('{"name": "other", "version": "1.0", "summary": "s"}', "'name' is 'other' but"),
])
def test_bad_field_is_named(tmp_path: Path, text: str, field: str) -> None:
    folder = write(tmp_path, text)
    with pytest.raises(ManifestError) as err:
        read_manifest(folder, module="x.demo", expected_name="demo")
    assert "plugin 'demo'" in str(err.value)
    assert field in str(err.value)


def test_manifest_code_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    folder = write(tmp_path, f'{{"name": "demo", "version": "1.0", "summary": open({str(marker)!r}, "w").name}}')
    with pytest.raises(ManifestError, match="not a literal dict"):
        read_manifest(folder, module="x.demo")
    assert not marker.exists()


def test_missing_manifest(tmp_path: Path) -> None:
    (tmp_path / "demo").mkdir()
    with pytest.raises(ManifestError, match="no __manifest__.py"):
        read_manifest(tmp_path / "demo", module="x.demo")
