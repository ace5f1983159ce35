"""Login, sessions and the page hooks of the web front, served in-process (Starlette's test client, no browser)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import time_machine
from starlette.responses import HTMLResponse
import warnings

with warnings.catch_warnings():  # Starlette suggests httpx2; httpx is what the project installs
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from core import hookimpl
from core.workdays import CST
from plugins.web.routing import MenuItem, WebRoute
from plugins.web.server import build
from tests.web_support import PASSWORDS

BASE = "http://127.0.0.1:8000"
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=CST)


@pytest.fixture
def site(run_cli, make_app):
    run_cli("init", "--plugins", "web")
    run_cli("stores", "add", "gz01", "广汽丰田天河店")
    for user, role, dept in (("sf1", "sales_fu", "cr"), ("mgr", "manager", "cr"), ("gm", "gm", "gm_office")):
        run_cli("users", "add", user, "--role", role, "--dept", dept)
        run_cli("users", "password", user, user=user, input=f"{PASSWORDS[user]}\n{PASSWORDS[user]}\n")
    return make_app()


def client(app) -> TestClient:
    return TestClient(build(app), base_url=BASE, follow_redirects=False)


def login(c: TestClient, user: str, password: str | None = None):
    page = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return c.post("/login", data={"username": user, "password": password or PASSWORDS[user], "csrf_token": token})


def csrf(c: TestClient, path: str = "/") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', c.get(path).text).group(1)


def test_no_page_answers_without_a_session(site) -> None:
    c = client(site)
    for path in ("/", "/calls", "/complaints", "/customers?q=张", "/approvals", "/reports", "/calendar", "/coverage"):
        response = c.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), path
    assert c.post("/complaints/new", data={"customer": "1"}).status_code == 401


def test_repeated_failures_lock_the_user_name_then_the_address(site, run_cli) -> None:
    c = client(site)
    for _ in range(5):
        assert login(c, "sf1", "not the password").status_code == 401
    locked = login(c, "sf1")  # the right password no longer helps while the lock lasts
    assert locked.status_code == 429 and "登录失败次数过多" in locked.text
    assert login(client(site), "mgr").status_code == 303  # another user from the same address still may
    run_cli("settings", "set", "web.login_address_max_failures", "8")
    for _ in range(3):
        login(c, "nobody", "guess")
    assert login(client(site), "gm").status_code == 429  # now the address itself is locked
    with time_machine.travel(dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=16), tick=False):
        assert login(client(site), "sf1").status_code == 303
    failed = json.loads(run_cli("audit", "list", "--entity", "web.login", "--json").output)
    assert len(failed) >= 9 and all("not the password" not in json.dumps(a) for a in failed)


def test_sessions_expire_when_idle_and_can_all_be_ended(site, run_cli) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        c = client(site)
        assert login(c, "sf1").status_code == 303
        assert c.get("/").status_code == 200
        other = client(site)
        login(other, "sf1")
        rows = json.loads(run_cli("users", "sessions", "sf1", "--json", user="sf1").output)
        assert len(rows) == 2
        traveller.shift(dt.timedelta(minutes=59))
        assert c.get("/").status_code == 200  # activity keeps the session alive
        traveller.shift(dt.timedelta(minutes=61))
        assert c.get("/").status_code == 303  # idle past web.session_idle_minutes (60)
        assert other.get("/").status_code == 303
        login(c, "sf1")
        login(other, "sf1")
        refused = run_cli("users", "logout-all", "mgr", user="sf1", ok=False)
        assert refused.exit_code == 3  # a specialist may not end a colleague's sessions
        assert "已结束 2 个网页端会话" in run_cli("users", "logout-all", "sf1", user="admin").output
        assert c.get("/").status_code == 303 and other.get("/").status_code == 303


def test_a_temporary_password_must_be_changed_before_anything_else(site, run_cli) -> None:
    temporary = run_cli("users", "password", "gm", "--generate").output.splitlines()[0]
    c = client(site)
    assert login(c, "gm", temporary).status_code == 303
    assert c.get("/approvals").headers["location"] == "/password"
    token = csrf(c, "/password")
    weak = c.post("/password", data={"current": temporary, "new": "short", "again": "short", "csrf_token": token})
    assert weak.status_code == 400 and "密码至少 10 个字符" in weak.text
    c.post("/password", data={"current": temporary, "new": "Wang-Jianguo-88", "again": "Wang-Jianguo-88",
                              "csrf_token": token})
    assert c.get("/approvals").status_code == 200


def test_a_reveal_needs_the_password_again_when_the_setting_asks(site, run_cli) -> None:
    run_cli("import", "customers", str(_customers(site, run_cli)))
    customer = json.loads(run_cli("customers", "search", "张伟", "--json", user="mgr").output)[0]["id"]
    c = client(site)
    login(c, "mgr")
    page = c.get(f"/customers/{customer}")
    assert "138****8001" in page.text and "13800138001" not in page.text
    run_cli("settings", "set", "web.reauth_before_decisions", "true")
    token = csrf(c, f"/customers/{customer}")
    refused = c.post(f"/customers/{customer}/reveal", data={"csrf_token": token})
    assert refused.status_code == 403 and "再次输入您的密码" in refused.text
    shown = c.post(f"/customers/{customer}/reveal", data={"csrf_token": token, "reauth_password": PASSWORDS["mgr"]})
    assert shown.status_code == 200 and "13800138001" in shown.text
    reveals = json.loads(run_cli("audit", "list", "--entity", "customer", "--json").output)
    assert [a["actor"] for a in reveals if a["action"] == "reveal"] == ["mgr"]


def _customers(site, run_cli) -> Path:
    path = Path("客户.csv")
    path.write_text("客户姓名,手机号码,地址\n张伟,13800138001,广州市天河区体育西路1号\n", encoding="utf-8")
    return path


class PagePlugin:
    """A plugin contributing one page and one menu entry through the hooks."""

    __name__ = "pages_fixture"

    @hookimpl
    def register_web_routes(self, app):
        def hello(request):
            from core.access import require

            st = request.state
            require(st.app, st.db, st.user, "customer", "reveal")
            return HTMLResponse(f"<p>你好，{st.user.username}</p>")

        return [WebRoute("pages_fixture.hello", "/hello", hello)]

    @hookimpl
    def register_menu_items(self, app):
        return [MenuItem("pages_fixture.hello", "问候", "/hello", 5, "customer", "reveal")]


def _with_plugin(app):
    app.host.pm.register(PagePlugin(), name="pages_fixture")
    return app


def test_hook_register_web_routes(site) -> None:
    app = _with_plugin(site)
    c = client(app)
    assert c.get("/hello").status_code == 303  # behind the guard: no session, no page
    login(c, "mgr")
    assert c.get("/hello").text == "<p>你好，mgr</p>"
    c = client(app)
    login(c, "sf1")
    denied = c.get("/hello")
    assert denied.status_code == 403 and "无权访问" in denied.text


def test_hook_register_menu_items(site) -> None:
    app = _with_plugin(site)
    c = client(app)
    login(c, "mgr")
    menu = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', c.get("/").text.split('class="menu"')[1].split("</nav>")[0])
    assert menu[0] == ("/hello", "问候")  # ordered by `order`
    c = client(app)
    login(c, "sf1")
    assert "问候" not in c.get("/").text  # hidden from roles without the permission


def test_pages_are_chinese_and_english_on_request(site) -> None:
    c = client(site)
    login(c, "sf1")
    assert "<h1>我的待办" in c.get("/").text
    english = c.get("/?lang=en")
    assert "<h1>My agenda" in english.text and "Log out" in english.text
    assert "<h1>My agenda" in c.get("/").text  # remembered in a cookie
    assert "<h1>我的待办" in c.get("/?lang=zh_CN").text
