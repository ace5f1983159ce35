{
    "name": "web",
    "version": "1.0.0",
    "summary": "Browser front (网页端): login with server-side sessions, 我的待办, the call screen, complaints, "
    "customers, approvals, reports, calendar and duty coverage; plugins add pages through register_web_routes",
    "description": "Starlette + Jinja2 + vendored htmx 2 served by uvicorn (`crdesk serve`); argon2 password hashes; "
    "every page checks the same permissions as the CLI.",
    "depends": ["followup"],
    "covers": [],
    "author": "crdesk developers",
    "license": "Apache-2.0",
}
