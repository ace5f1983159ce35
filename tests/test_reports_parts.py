"""Long reports are cut into parts that, put back together, are exactly the original tables."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.reports.engine import split_tables
from core.reports.pdf import MAX_WORKERS


def _tables(sizes: list[int]) -> list[dict]:
    return [{"title": f"表{i}", "columns": [{"key": "n", "label": "序号", "type": "int"}],
             "rows": [{"n": (i, r)} for r in range(size)]} for i, size in enumerate(sizes)]


@given(st.lists(st.integers(min_value=0, max_value=300), min_size=1, max_size=5), st.integers(min_value=1, max_value=120))
def test_parts_reassemble_to_the_tables_in_order(sizes: list[int], chunk: int) -> None:
    tables = _tables(sizes)
    parts = split_tables(tables, chunk)
    total = sum(sizes)
    if total <= chunk * 1.5:
        assert len(parts) == 1
    else:
        assert len(parts) % MAX_WORKERS == 0 or len(parts) == total  # no worker idles at the end
        assert max(sum(len(t["rows"]) for t in p) for p in parts) <= chunk
    rebuilt: dict[str, list] = {}
    for part in parts:
        for t in part:
            assert t["continued"] == (t["title"] in rebuilt and bool(rebuilt[t["title"]]))
            rebuilt.setdefault(t["title"], []).extend(t["rows"])
    assert [rebuilt[t["title"]] for t in tables] == [t["rows"] for t in tables]  # empty tables kept too


def test_zero_chunk_rows_never_splits() -> None:
    assert len(split_tables(_tables([5000]), 0)) == 1
