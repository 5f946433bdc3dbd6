"""Screenshots of the demo for the README (``python manage.py screenshots``): the demo is seeded into a temporary
database, served by ``runserver`` as ``make demo`` serves it, and photographed by headless chromium."""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

from dangjian.demo.generate import DEMO_PASSWORD
from dangjian.lib.chromium import CHROMIUM, CHROMIUM_ARGS

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# The demo runs as in production (debug off), over plain http on loopback (the Makefile's DEMO_ENV).
DEMO_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "DJANGO_HSTS_SECONDS": "0",
}
SCHOOL = "/s/sfyz"
# (file, viewport, page): the meeting is the latest held meeting of the list.
SHOTS = [
    ("home.png", DESKTOP, f"{SCHOOL}/"),
    ("meeting.png", DESKTOP, "meeting"),
    ("dashboard.png", DESKTOP, f"{SCHOOL}/dashboard/"),
    ("phone-home.png", PHONE, f"{SCHOOL}/"),
    ("phone-meeting.png", PHONE, "meeting"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("演示服务器未能启动。")
        try:
            with urllib.request.urlopen(url + "/accounts/login/", timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("演示服务器启动超时。")


def _latest_meeting(page, base: str) -> str:
    page.goto(f"{base}{SCHOOL}/meetings/?status=held")
    links = page.locator("main a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return next(href for href in links if re.fullmatch(rf"{SCHOOL}/meetings/\d+/", href))


def shoot(base: str, output: Path, username: str, log) -> list[Path]:
    from playwright.sync_api import sync_playwright

    output.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        meeting = None
        for name, viewport, path in SHOTS:
            context = browser.new_context(viewport=viewport, locale="zh-CN", reduced_motion="reduce")
            page = context.new_page()
            page.goto(base + "/accounts/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state()
            if path == "meeting":
                meeting = meeting or _latest_meeting(page, base)
                path = meeting
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1000)  # the charts' first drawing
            target = output / name
            page.screenshot(path=str(target))
            saved.append(target)
            log(f"{target}（{target.stat().st_size // 1024} KB）")
            context.close()
        browser.close()
    return saved


def run(output: Path, *, username: str = "secretary", classes_per_grade: int | None = None, log=print) -> list[Path]:
    """Seed the demo into a temporary directory (database, static files), serve it and take the shots."""
    manage = [sys.executable, str(settings.PROJECT_DIR / "manage.py")]
    with tempfile.TemporaryDirectory(prefix="dangjian-shots-") as var:
        env = {**os.environ, **DEMO_ENV, "DANGJIAN_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "dangjian.settings"}
        env.pop("DATABASE_URL", None)
        seed = ["seed_demo", "--quiet"]
        if classes_per_grade:
            seed += ["--classes-per-grade", str(classes_per_grade)]
        for command in (["migrate", "--noinput", "-v0"], seed, ["collectstatic", "--noinput", "-v0"]):
            log("manage.py " + " ".join(command))
            subprocess.run(manage + command, env=env, check=True)
        port = _free_port()
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base, server)
            return shoot(base, output, username, log)
        finally:
            server.terminate()
            server.wait(timeout=30)
