"""Discovery and dependency order: deterministic, with errors that name the chain."""
from __future__ import annotations

import pytest

from core.errors import ManifestError, PluginError
from core.plugin_catalog import PluginCatalog
from tests.platform_support import fixture_catalog


def test_fixture_plugins_are_discovered_with_their_source() -> None:
    catalog = fixture_catalog("platform")
    assert {"alpha", "beta", "gamma"} <= set(catalog.manifests)
    assert catalog.manifests["alpha"].source == "local"
    assert catalog.manifests["alpha"].migrations_dir is not None
    assert catalog.manifests["beta"].migrations_dir is None


def test_order_puts_dependencies_first_and_is_deterministic() -> None:
    catalog = fixture_catalog("platform")
    assert catalog.order(["gamma"]) == ["alpha", "beta", "gamma"]
    assert catalog.order(["gamma", "alpha", "beta"]) == catalog.order(["beta", "gamma"])


def test_ties_are_broken_by_name() -> None:
    catalog = PluginCatalog()
    catalog.manifests.update(fixture_catalog("platform").manifests)
    # alpha has no dependencies, like every built-in plugin without depends: the order is alphabetical.
    independent = sorted(n for n, m in catalog.manifests.items() if not m.depends)
    assert catalog.order(independent) == independent


def test_unknown_dependency_names_the_chain() -> None:
    catalog = fixture_catalog("missing")
    with pytest.raises(PluginError) as err:
        catalog.order(["needy"])
    assert "'needy' needs 'ghost'" in str(err.value)
    assert "needy → ghost" in str(err.value)


def test_unknown_plugin_lists_the_known_ones() -> None:
    with pytest.raises(PluginError, match="unknown plugin 'nope'.*alpha"):
        fixture_catalog("platform").order(["nope"])


def test_cycle_names_the_chain() -> None:
    catalog = fixture_catalog("cycle")
    with pytest.raises(PluginError) as err:
        catalog.order(["ca"])
    message = str(err.value)
    assert "cycle" in message and "ca" in message and "cb" in message and "→" in message


def test_malformed_local_manifest_is_fatal_and_named() -> None:
    with pytest.raises(ManifestError, match="plugin 'bad': manifest field 'version'"):
        fixture_catalog("malformed")


def test_dependents_are_transitive() -> None:
    catalog = fixture_catalog("platform")
    assert catalog.dependents("alpha", ["alpha", "beta", "gamma"]) == ["beta", "gamma"]
    assert catalog.dependents("gamma", ["alpha", "beta", "gamma"]) == []
