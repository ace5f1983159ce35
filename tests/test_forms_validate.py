"""The form validator: typed answers out, every bad answer refused with a clear message (hypothesis)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import PluginError
from core.forms import Choice, Field, FormInvalid, FormSpec, ShowIf, validate

SURVEY = FormSpec(
    key="test.survey", version=1, title_zh="客户满意度调查",
    fields=(
        Field("name", "text", "客户姓名", required=True, max=20),
        Field("plate", "text", "车牌", pattern=r"[\u4e00-\u9fff][A-Z][A-Z0-9]{5,6}", help_zh="如 粤A12345"),
        Field("overall", "rating", "总体满意度", required=True),
        Field("nps", "rating", "推荐意愿", min=0, max=10),
        Field("why_low", "long_text", "不满意原因", show_if=ShowIf("overall", ("1", "2"))),
        Field("channels", "multi_choice", "了解渠道", choices=(Choice("web", "网络"), Choice("tv", "电视"),
                                                           Choice("friend", "朋友介绍")), max=2),
        Field("km", "number", "里程(公里)", min=0),
        Field("paid", "money", "消费金额(元)", min=0),
        Field("visited", "date", "到店日期"),
        Field("called_at", "datetime", "回访时间"),
        Field("phone", "phone", "电话"),
        Field("prices", "rows", "价格跟踪", columns=(
            Field("model", "text", "车型", required=True),
            Field("msrp", "money", "厂家指导价", required=True, min=0),
            Field("price", "money", "成交价", min=0),
            Field("promotion", "text", "优惠"),
        )),
    ),
)


def _problems(data):
    with pytest.raises(FormInvalid) as info:
        validate(SURVEY, data)
    return info.value.problems


def test_typed_values_come_out():
    out = validate(SURVEY, {"name": " 张三 ", "overall": "4", "nps": 9, "channels": ["tv", "web"], "km": "5,000",
                            "paid": 380.5, "visited": "2026-11-20", "called_at": "2026-11-23 10:30",
                            "phone": "138 1234 5678", "plate": "粤A12345",
                            "prices": [{"model": "凯美瑞", "msrp": "179800", "price": "165000"}]})
    assert out["name"] == "张三" and out["overall"] == 4 and out["nps"] == 9
    assert out["channels"] == ["web", "tv"]  # in the form's order
    assert out["km"] == Decimal("5000") and out["paid"] == Decimal("380.50")
    assert out["visited"] == dt.date(2026, 11, 20)
    assert out["called_at"].utcoffset() == dt.timedelta(hours=8)  # people type China Standard Time
    assert out["phone"] == "+8613812345678"
    assert out["prices"] == [{"model": "凯美瑞", "msrp": Decimal("179800.00"), "price": Decimal("165000.00")}]


def test_every_kind_of_bad_answer_is_named():
    problems = _problems({"overall": 6, "nps": 11, "channels": ["web", "radio"], "km": "abc", "paid": "1.234",
                          "visited": "yesterday", "phone": "12345", "plate": "ABC", "extra": 1,
                          "prices": [{"msrp": 1}]})
    text = " | ".join(problems)
    for expected in ("unknown field(s) extra", "客户姓名 (name) is required", "6 is above the maximum 5",
                     "11 is above the maximum 10", "'radio' is not one of the choices offered",
                     "'abc' is not a number", "at most two decimals", "'yesterday' is not a date",
                     "'12345' is", "does not have the expected form (如 粤A12345)",
                     "row 1: 车型 (model) is required"):
        assert expected in text, expected


def test_conditional_field_only_when_the_earlier_answer_has_the_value():
    assert validate(SURVEY, {"name": "a", "overall": 2, "why_low": "等太久"})["why_low"] == "等太久"
    assert "why_low" not in validate(SURVEY, {"name": "a", "overall": 5})
    assert any("applies only when 'overall'" in p for p in _problems({"name": "a", "overall": 5, "why_low": "x"}))


def test_malformed_specs_are_refused_when_the_plugin_builds_them():
    with pytest.raises(PluginError, match="needs choices"):
        FormSpec("p.f", 1, "表", (Field("c", "choice", "选"),))
    with pytest.raises(PluginError, match="must be an earlier field"):
        FormSpec("p.f", 1, "表", (Field("a", "text", "甲", show_if=ShowIf("b")), Field("b", "text", "乙")))
    with pytest.raises(PluginError, match="has type 'colour'"):
        FormSpec("p.f", 1, "表", (Field("a", "colour", "甲"),))


answers = st.fixed_dictionaries(
    {"name": st.text(alphabet=st.characters(categories=["Lo", "Lu", "Nd"]), min_size=1, max_size=20),
     "overall": st.integers(1, 5)},
    optional={"nps": st.integers(0, 10),
              "km": st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
              "paid": st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False),
              "visited": st.dates(),
              "channels": st.lists(st.sampled_from(["web", "tv", "friend"]), min_size=1, max_size=2, unique=True),
              "prices": st.lists(st.fixed_dictionaries(
                  {"model": st.sampled_from(["凯美瑞", "雷凌", "汉兰达"]),
                   "msrp": st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False)}), max_size=4)})


@settings(max_examples=150, deadline=None)
@given(answers)
def test_valid_answers_always_pass_and_validating_twice_changes_nothing(data):
    once = validate(SURVEY, data)
    assert validate(SURVEY, once) == once
    assert once["overall"] == data["overall"]


junk = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
                 st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([f.name for f in SURVEY.fields] + ["bogus"]), junk, max_size=8))
def test_any_input_is_either_typed_answers_or_a_clear_refusal(data):
    try:
        out = validate(SURVEY, data)
    except FormInvalid as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
        assert str(exc).startswith("form test.survey was not saved: ")
    else:
        assert set(out) <= {f.name for f in SURVEY.fields}
        assert isinstance(out["overall"], int) and 1 <= out["overall"] <= 5
