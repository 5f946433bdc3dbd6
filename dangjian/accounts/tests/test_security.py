import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.urls import reverse

from dangjian.tests.factories import PASSWORD

ROOT = Path(settings.BASE_DIR).parent


def test_passwords_are_hashed_with_argon2id_in_production_settings():
    from dangjian import settings as prod
    from dangjian.accounts.hashers import Argon2idHasher

    assert prod.PASSWORD_HASHERS[0] == "dangjian.accounts.hashers.Argon2idHasher"
    hasher = Argon2idHasher()
    encoded = hasher.encode("secret", hasher.salt())
    assert encoded.startswith("argon2$argon2id$v=19$m=47104,t=1,p=1$")  # OWASP's first Argon2id setting
    assert hasher.verify("secret", encoded) and not hasher.verify("Secret", encoded)
    assert not hasher.must_update(encoded)


def test_a_password_hashed_with_djangos_default_argon2_still_verifies_and_is_upgraded():
    from dangjian.accounts.hashers import Argon2idHasher

    old = Argon2PasswordHasher().encode("secret", Argon2PasswordHasher().salt())
    assert "m=102400,t=2,p=8" in old
    assert Argon2idHasher().verify("secret", old)
    assert Argon2idHasher().must_update(old)  # Django re-hashes it at the next login


def test_login_is_throttled_after_repeated_failures(world, client):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "teacher", "password": "wrong"})
        assert response.status_code == 200
        assert "用户名或密码错误" in response.content.decode()
    assert client.post(url, {"username": "teacher", "password": "wrong"}).status_code == 429
    locked = client.post(url, {"username": "teacher", "password": PASSWORD})
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_succeeds_with_right_password(world, client):
    response = client.post(reverse("login"), {"username": "teacher", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.users["teacher"].pk)


def test_pages_send_a_strict_content_security_policy(world, client_for):
    response = client_for("secretary").get(reverse("party:org_tree", args=["a"]))
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_missing_page_is_a_chinese_404_in_the_house_style(world, client_for):
    response = client_for("teacher").get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body
    assert 'lang="zh-hans"' in body


def test_check_deploy_reports_no_warnings_with_production_environment(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k7Vq2-production-like-secret-key-with-enough-entropy-9dXw3Lp0zR",
        "DJANGO_ALLOWED_HOSTS": "dj.example.org",
        "DANGJIAN_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "dangjian.settings",
        "DANGJIAN_FIELD_KEY": "J2rUJ6n3b3Yc9lEr8d7Tq9oUz2o1q3X1xN0Yx3cXJ1w=",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
