"""Charts are inline SVG with real text, for every kind a report can ask for."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import ValidationError
from core.reports.charts import KINDS, nice_max, svg

NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_well_formed_svg_with_labels_as_text(kind: str) -> None:
    spec = {"kind": kind, "title": "满意度<分布>&", "labels": ["非常满意", "满意", "一般"],
            "series": [{"name": "十月", "values": [120, 30, 5]}, {"name": "九月", "values": [100, 40, 0]}]}
    root = ET.fromstring(svg(spec, font_family="Noto Sans CJK SC"))
    texts = " ".join(t.text or "" for t in root.iter(f"{NS}text"))
    assert "满意度<分布>&" in texts  # escaped in the markup, real text once parsed
    for label in ("非常满意", "满意", "一般"):
        assert label in texts
    shapes = [e for e in root.iter() if e.tag in (f"{NS}rect", f"{NS}path", f"{NS}polyline", f"{NS}circle")]
    assert shapes
    assert root.get("font-family") == "Noto Sans CJK SC"


def test_pie_shows_shares_and_donut_the_total() -> None:
    pie = svg({"kind": "pie", "labels": ["来店", "来电"], "series": [{"values": [3, 1]}], "unit": "人"})
    assert "来店  3人（75.0%）" in pie and "来电  1人（25.0%）" in pie
    donut = svg({"kind": "donut", "labels": ["来店", "来电"], "series": [{"values": [3, 1]}], "unit": "人"})
    assert ">4人<" in donut


def test_stacked_bar_prints_column_totals() -> None:
    out = svg({"kind": "stacked_bar", "labels": ["一月", "二月"],
               "series": [{"name": "销售", "values": [3, 4]}, {"name": "售后", "values": [5, 6]}]})
    assert ">8<" in out and ">10<" in out and ">销售<" in out


def test_empty_chart_says_no_data_and_bad_charts_are_refused() -> None:
    assert "无数据" in svg({"kind": "bar", "title": "空", "labels": [], "series": []})
    with pytest.raises(ValidationError, match="has 1 values for 2 labels"):
        svg({"kind": "line", "labels": ["a", "b"], "series": [{"name": "x", "values": [1]}]})
    with pytest.raises(ValidationError, match="kind 'radar'"):
        svg({"kind": "radar", "labels": [], "series": []})


@given(st.floats(min_value=0.01, max_value=1e9, allow_nan=False))
def test_axis_maximum_is_a_round_number_just_above_the_data(value: float) -> None:
    top = nice_max(value)
    assert value <= top <= value * 2.5 + 1e-9


def test_ticks_keep_two_decimals_and_slices_never_share_a_colour() -> None:
    from core.reports.charts import series_colour, svg

    bar = svg({"kind": "bar", "labels": ["甲"], "series": [{"name": "率", "values": [1.0]}]})
    assert ">0.25<" in bar and ">0.75<" in bar and ">0.2<" not in bar
    labels = [f"车型{i}" for i in range(14)]
    pie = svg({"kind": "pie", "labels": labels, "series": [{"name": "台", "values": [1] * 14}]})
    colours = [series_colour(i) for i in range(14)]
    assert len(set(colours)) == 14 and all(f'fill="{c}"' in pie for c in colours)
