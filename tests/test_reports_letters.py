"""Mail merge: one PDF with one thank-you letter per customer, then the address-label sheet."""
from __future__ import annotations

import pytest

from core.reports import engine
from tests.reports_support import ReportsEnv, embedded_fonts, page_texts
from tests.reports_support import reports_env_fixture  # noqa: F401  (the reports_env fixture)


def _render_letters(env: ReportsEnv, name: str) -> list[str]:
    env.run("reports", "render", "rpt_base.purchase_letters", "--period", "2026-10-01..2026-10-07", "-o", name,
            user="carol")
    return page_texts((env.tmp / name).read_bytes())


def test_one_letter_per_customer_signed_by_the_gm_then_labels(reports_env: ReportsEnv,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RPT_LETTERS", "5")
    pages = _render_letters(reports_env, "感谢信.pdf")
    assert len(pages) == 6  # 5 letters + 1 label sheet (14 labels a page)
    assert "尊敬的张伟先生：" in pages[0] and "凯美瑞" in pages[0]
    for page in pages[:5]:
        assert "总经理" in page and "陈志远" in page and "广汽丰田天河店" in page
        assert "内部资料" not in page and "页 / 共" not in page  # letters go to customers
    labels = pages[5]
    assert "张伟 先生 收" in labels and "广州市天河区体育西路1号" in labels
    assert "510600" in "".join(labels.split())  # letter-spaced postcode
    assert labels.count(" 收") == 5
    fonts = embedded_fonts((reports_env.tmp / "感谢信.pdf").read_bytes())
    assert fonts and all("CJK" in f and "NOT EMBEDDED" not in f for f in fonts)


def test_a_large_mail_merge_is_rendered_in_parts_and_keeps_the_order(reports_env: ReportsEnv,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RPT_LETTERS", "9")
    monkeypatch.setattr(engine, "LETTERS_PER_PART", 2)  # 9 letters → 5 letter parts + the label part
    pages = _render_letters(reports_env, "many.pdf")
    assert len(pages) == 10
    from tests.fixture_plugins.reports.rpt_base.hooks import GIVEN, SURNAMES

    names = ["张伟"] + [SURNAMES[i % 20] + GIVEN[(i * 3) % 20] for i in range(1, 9)]
    for page, name in zip(pages, names):
        assert f"尊敬的{name}" in page
    assert all(f"{name} " in pages[9] for name in names)


def test_letters_are_refused_to_a_user_without_the_cr_role(reports_env: ReportsEnv) -> None:
    result = reports_env.run("reports", "render", "rpt_base.purchase_letters", user="lily", ok=False)
    assert result.exit_code == 3 and "needs one of the roles cr" in result.output
