"""The web front in a real headless Chromium against `crdesk serve`: what the department's staff do in a browser."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.web_support import build_store, chromium, login, new_page, serve, shot


@pytest.fixture
def site(run_cli, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CRDESK_ATTACHMENTS", str(tmp_path / "attachments"))
    store = build_store(run_cli, tmp_path)
    with serve(db_url, tmp_path) as base, chromium() as browser:
        yield store, base, browser


def test_first_login_changes_the_temporary_password_and_logout_ends_the_session(site, run_cli) -> None:
    store, base, browser = site
    temporary = run_cli("users", "password", "cr1", "--generate").output.strip().splitlines()[0]
    page = new_page(browser, base)
    page.goto("/")
    assert page.url.endswith("/login?next=/")
    shot(page, "01-login")
    login(page, "cr1", "wrong password")
    assert "用户名或密码不正确" in page.content()
    login(page, "cr1", temporary)
    assert page.url.endswith("/password") and "临时密码" in page.content()
    page.goto("/complaints")
    assert page.url.endswith("/password")  # nothing else answers before the password is changed
    page.fill("input[name=current]", temporary)
    page.fill("input[name=new]", "Huangshiqi-2026")
    page.fill("input[name=again]", "Huangshiqi-2026")
    page.click("text=保存新密码")
    assert "我的待办" in page.locator("h1").inner_text()
    shot(page, "02-agenda")
    sessions = json.loads(run_cli("users", "sessions", "cr1", "--json").output)
    assert len(sessions) == 1
    cookie = next(c for c in page.context.cookies() if c["name"] == "crdesk_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    page.click("text=退出")
    assert page.url.endswith("/login")
    assert json.loads(run_cli("users", "sessions", "cr1", "--json").output) == []
    page.context.add_cookies([{"name": "crdesk_session", "value": cookie["value"], "url": base}])
    page.goto("/")
    assert "/login" in page.url  # the old cookie opens nothing: the session is revoked on the server


def test_a_specialist_works_the_call_queue(site, run_cli) -> None:
    store, base, browser = site
    page = new_page(browser, base)
    login(page, "sf1")
    page.goto("/calls")
    shot(page, "03-call-queue")
    with page.expect_navigation():
        page.keyboard.press("Alt+n")
    first_url = page.url
    customer = page.locator("section h2").first.inner_text().split()[0]
    assert "*" in page.locator("#phone").inner_text()  # masked until revealed
    page.keyboard.press("Alt+r")
    page.wait_for_selector("span.phone")
    assert re.fullmatch(r"1\d{2} ?\d{4} ?\d{4}", page.locator("#phone").inner_text().strip())
    shot(page, "04-call-screen")
    # A reached call with the questionnaire half filled: every problem in Chinese, nothing logged.
    page.check("input[name=q_data_verified][value=yes]")
    with page.expect_navigation():
        page.keyboard.press("Alt+1")
    assert "请填写「对本次购车的整体满意度」" in page.content()
    assert page.locator(".field.invalid").count() >= 5
    shot(page, "05-questionnaire-problems")
    assert not page.locator("[data-field=q_complaint_detail]").is_visible()
    for name in ("overall", "salesperson", "delivery_explanation", "timeliness", "facility"):
        page.check(f"input[name=q_{name}][value='5']")
    page.check("input[name=q_nps][value='9']")
    page.check("input[name=q_complaint][value=yes]")
    assert page.locator("[data-field=q_complaint_detail]").is_visible()  # show_if
    page.fill("textarea[name=q_complaint_detail]", "交车时间比约定晚了一个小时")
    with page.expect_navigation():
        page.keyboard.press("Alt+1")
    assert "已记录：接通" in page.content() and "已登记投诉" in page.content()
    assert page.url != first_url
    failing_url = page.url  # the next customer in the queue
    failing = page.locator("section h2").first.inner_text().split()[0]
    calls = json.loads(run_cli("calls", "list", "--json", user="sf1").output)
    assert [c["outcome"] for c in calls] == ["reached"]
    complaints = json.loads(run_cli("complaints", "list", "--json", user="sf1").output)
    assert complaints[0]["description"] == "交车时间比约定晚了一个小时"
    page.goto(f"/complaints/{complaints[0]['id']}")
    assert "交车时间比约定晚了一个小时" in page.content()
    shot(page, "05b-complaint-from-the-call")
    page.goto("/customers?q=" + customer)
    assert "****" in page.locator("table").inner_text()  # masked in the search
    shot(page, "05c-customer-search")
    page.goto(f"/calls/{calls[0]['task']}")  # the finished call's task: its number is not shown any more
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    late = page.context.request.post(f"{base}/calls/{calls[0]['task']}/reveal",
                                     headers={"X-CSRF-Token": token, "Origin": base})
    assert late.status == 403
    dial = json.loads(run_cli("audit", "list", "--entity", "customer", "--json", user="admin").output)
    assert any(a["action"] == "dial" and a["actor"] == "sf1" for a in dial)
    # Another customer: powered off three times → the invalid-number list. Three attempts a minute apart count
    # as three only without the minimum gap between attempts (2 hours by default, docs/sales-followup.md).
    assert failing != customer
    run_cli("settings", "set", "followup.failure_min_gap_hours", "0", user="admin")
    for _ in range(3):
        page.goto(failing_url)
        with page.expect_navigation():
            page.keyboard.press("Alt+4")  # 关机
    assert "该号码已列为无效号码" in page.content()
    page.goto("/calls/invalid")
    assert failing in page.locator("#invalid").inner_text()
    shot(page, "06-invalid-numbers")


def test_an_sms_request_goes_through_its_chain_in_three_browsers(site, run_cli, tmp_path: Path) -> None:
    store, base, browser = site
    clerk = new_page(browser, base)
    login(clerk, "clerk1")
    clerk.goto("/approvals/new/core.sms_request")
    clerk.click("text=提交申请")
    assert "请填写「短信主题」" in clerk.content()
    clerk.fill("input[name=subject]", "国庆车主关爱活动邀约")
    clerk.check("input[name=requesting_department][value=sales]")
    clerk.fill("textarea[name=purpose]", "邀请已购车客户参加国庆关爱活动")
    clerk.check("input[name=audience][value=other]")
    assert clerk.locator("[data-field=audience_other]").is_visible()
    clerk.fill("input[name=audience_other]", "近一年交车客户")
    clerk.fill("textarea[name=message]", "尊敬的车主，国庆期间到店可享免费检测。")
    clerk.fill("input[name=send_date]", "2026-12-20")
    clerk.fill("input[name=count]", "300")
    clerk.fill("input[name=cost]", "15.00")
    shot(clerk, "07-sms-request-form")
    clerk.click("text=提交申请")
    clerk.wait_for_url(re.compile(r"/approvals/\d+$"))
    request_url = clerk.url
    assert "审批中" in clerk.locator("#status").inner_text()
    for user, step in (("smgr", "部门经理"), ("dgm", "副总经理"), ("gm", "总经理")):
        page = new_page(browser, base)  # a browser context of its own for each approver
        login(page, user)
        page.goto("/approvals")
        assert "国庆车主关爱活动邀约" in page.content()
        page.goto(request_url)
        page.fill("textarea[name=comment]", f"{step}同意")
        shot(page, f"08-approval-{user}")
        page.click("button[value=approve]")
        page.wait_for_load_state()
        assert f"{step}同意" in page.content()
    clerk.reload()
    assert "已批准" in clerk.locator("#status").inner_text()
    with clerk.expect_download() as info:
        clerk.click("text=下载签批单 PDF")
    pdf = tmp_path / "signoff.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "短信发送申请" in text and "国庆车主关爱活动邀约" in text and "总经理同意" in text
    # The CR department sends it; the sheet then shows how the campaign went out.
    request_id = request_url.rsplit("/", 1)[1]
    period = f"{store.day(30).isoformat()}..{store.today.isoformat()}"
    run_cli("sms", "queue", "--approval", request_id, "--delivered", period, user="cr1")
    cr = new_page(browser, base)
    login(cr, "cr1")
    cr.goto(request_url)
    assert cr.locator("#sms-status").inner_text() == "待发送 7"
    shot(cr, "09-sms-campaign-status")
    # A follow-up specialist of the CR department may not open the sales department's request.
    sf = new_page(browser, base)
    login(sf, "sf1")
    response = sf.goto(request_url)
    assert response.status == 403 and "无权访问" in sf.content()
    shot(sf, "09-approval-refused-to-another-department")
    denied = json.loads(run_cli("audit", "list", "--entity", "web.page", "--json", user="admin").output)
    assert any(a["action"] == "denied" and a["actor"] == "sf1" for a in denied)


def test_a_manager_downloads_a_report_and_it_reads_as_the_manual_names_it(site, tmp_path: Path) -> None:
    store, base, browser = site
    page = new_page(browser, base)
    login(page, "mgr")
    page.goto("/reports")
    shot(page, "10-reports")
    form = page.locator("form[data-report='sales_followup.satisfaction']")
    form.locator("input[name=period]").fill(store.today.strftime("%Y-%m"))
    with page.expect_download() as info:
        form.locator("button[value=pdf]").click()
    pdf = tmp_path / "report.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "销售满意度回访报表" in text and store.today.strftime("%Y-%m") in text
    with page.expect_download() as info:
        form.locator("button[value=xlsx]").click()
    assert info.value.suggested_filename.endswith(".xlsx")


def test_a_forged_post_without_the_csrf_token_is_refused(site, run_cli) -> None:
    store, base, browser = site
    page = new_page(browser, base)
    login(page, "sf1")
    customer = store.json("customers", "search", "张伟", user="sf1")[0]["id"]
    forged = page.context.request.post(base + "/complaints/new", form={
        "customer": str(customer), "origin": "sales", "tier": "general", "channel": "phone_in",
        "category": "伪造", "description": "伪造的投诉"})
    assert forged.status == 403 and "安全令牌" in forged.text()
    cross_site = page.context.request.post(base + "/complaints/new", headers={"Sec-Fetch-Site": "cross-site"}, form={
        "customer": str(customer), "description": "跨站", "csrf_token": "guess"})
    assert cross_site.status == 403
    assert json.loads(run_cli("complaints", "list", "--json", user="sf1").output) == []
    refused = json.loads(run_cli("audit", "list", "--entity", "web.page", "--json", user="admin").output)
    assert sum(a["action"] == "csrf_refused" for a in refused) == 2


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_every_menu_page_fits_the_screen(site, width: int, height: int) -> None:
    store, base, browser = site
    page = new_page(browser, base, width=width, height=height)
    login(page, "mgr")
    links = page.locator("nav.menu a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert {"/", "/calls", "/complaints", "/customers", "/approvals", "/reports", "/calendar", "/coverage"} <= set(links)
    for href in links:
        response = page.goto(href)
        assert response.status == 200, href
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{href} is {overflow}px wider than a {width}px screen"
        name = "home" if href == "/" else href.strip("/").replace("/", "-")
        shot(page, f"20-{width}-{name}")
