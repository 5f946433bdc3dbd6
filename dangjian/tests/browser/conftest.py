"""Playwright in headless Debian chromium against pytest-django's live server."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from dangjian.lib.chromium import CHROMIUM, CHROMIUM_ARGS
from dangjian.school.models import School
from dangjian.tests.factories import PASSWORD

from .journey import Journey

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def demo(transactional_db):
    """The demo (two classes per grade), for journeys on realistic data; its logins use DEMO_PASSWORD."""
    call_command("seed_demo", "--quiet", "--classes-per-grade", "2", stdout=StringIO())
    return School.objects.get(code="sfyz")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make system-test-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=[(390, 844), (1280, 800)], ids=["phone", "desktop"])
def page(request, browser, live_server):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.base_url = live_server.url
    page.console_errors = errors
    yield page
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def login(page, username: str, password: str = PASSWORD) -> None:
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"login as {username} failed"


def open_nav(page, label: str) -> None:
    """Follow a link of the main menu (uncounted; see Journey.nav)."""
    Journey(page).nav(label)
