"""deploy/ agrees with the app: the settings it sets exist, the commands it runs exist, the proxy lets the
largest upload through, and the gunicorn configuration loads."""

import re
import runpy
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

from dangjian.rosters.reader import MAX_BYTES

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
READ_BY_GUNICORN = {"DANGJIAN_BIND", "DANGJIAN_WEB_WORKERS"}


def _code() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "dangjian").rglob("*.py") if "tests" not in p.parts)


def test_every_variable_of_the_example_environment_is_read_by_the_app():
    names = re.findall(r"^([A-Z_]+)=", (DEPLOY / "dangjian.env.example").read_text(encoding="utf-8"), re.M)
    assert "DANGJIAN_FIELD_KEY" in names and "DJANGO_SECRET_KEY" in names
    code = _code() + (DEPLOY / "gunicorn.conf.py").read_text(encoding="utf-8")
    unknown = [n for n in names if n != "DATABASE_URL" and f'"{n}"' not in code]
    assert unknown == []


def test_every_variable_the_app_reads_is_documented():
    code = _code() + (DEPLOY / "gunicorn.conf.py").read_text(encoding="utf-8")
    read = set(re.findall(r'(?:environ\.get\(|environ\[|env_bool\(|getenv\()\s*"([A-Z][A-Z0-9_]+)"', code))
    assert {"DJANGO_SECRET_KEY", "DANGJIAN_BIND"} <= read
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert sorted(name for name in read if f"`{name}`" not in readme) == []


def test_the_units_and_the_compose_file_run_existing_commands():
    commands = set(get_commands())
    texts = [p.read_text(encoding="utf-8") for p in (DEPLOY / "systemd").iterdir()]
    texts.append((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    used = {m for t in texts for m in re.findall(r'manage\.py"?,? "?([a-z_]+)', t)}
    assert {"db_worker", "housekeeping", "backup"} <= used
    assert used <= commands


def test_the_proxy_lets_the_largest_upload_through():
    text = (DEPLOY / "nginx" / "dangjian.conf").read_text(encoding="utf-8")
    (size,) = re.findall(r"client_max_body_size (\d+)m;", text)
    assert int(size) * 1024 * 1024 >= max(MAX_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in text
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text


def test_gunicorn_configuration_loads(monkeypatch):
    monkeypatch.setenv("DANGJIAN_BIND", "0.0.0.0:9000")
    conf = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert conf["bind"] == "0.0.0.0:9000" and 1 <= conf["workers"] <= 9 and conf["timeout"] == 60


def test_compose_services_restart_and_the_worker_waits_for_the_migrations():
    import yaml  # with schemathesis, a test dependency

    services = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))["services"]
    assert {name: s.get("restart") for name, s in services.items()} == dict.fromkeys(services, "unless-stopped")
    assert "/healthz/" in " ".join(services["app"]["healthcheck"]["test"])
    assert services["worker"]["depends_on"]["app"] == {"condition": "service_healthy"}
