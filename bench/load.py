"""Load, measured: gunicorn on PostgreSQL with the demo data, N simulated users on loopback (locust).

    python bench/load.py                       # 50 users for 2 minutes (a throw-away PostgreSQL is started)
    python bench/load.py --users 20 --minutes 1

The users do a realistic mix: the secretary and teachers open the home page, lists, a meeting record with its
attendance, the compliance page and the dashboard; API reads with a bearer token; a few writes (the school office updates
a teacher's phone number through the API). Prints requests/s, p50/p95/p99 per page and the error count, then serves
a trivial page (/healthz/) and the heaviest page alone the same way to compare their throughput. The load generator shares the machine with
the server, so the figures are pessimistic.
Targets: no errors, p95 under 300 ms for pages and under 100 ms for API reads at 50 users on 2 cores; the
heaviest page at least a quarter of the trivial page's throughput."""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORT = 8769
HOST = f"http://127.0.0.1:{PORT}"
PASSWORD = "dangjian-demo"


def _env(var: str) -> dict:
    return {
        **os.environ,
        "DANGJIAN_VAR_DIR": var,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DANGJIAN_REQUEST_LOG_LEVEL": "WARNING",
        "DANGJIAN_LOGIN_FAILURE_LIMIT": "100000",
        "DANGJIAN_LOGIN_IP_FAILURE_LIMIT": "100000",
        "DANGJIAN_BIND": f"127.0.0.1:{PORT}",
        # no worker recycling while measuring: a restart (a second of CPU) would land in one page's window
        "DANGJIAN_WEB_MAX_REQUESTS": "0",
    }


def _manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def prepare(env: dict) -> dict:
    """Migrate, seed the demo, collect static files; return the ids and the API token the users need."""
    _manage(env, "migrate", "--noinput")
    _manage(env, "seed_demo", "--quiet")
    _manage(env, "collectstatic", "--noinput", "-v0")
    script = (
        "from dangjian.accounts.services import api_token_create;"
        "from dangjian.accounts.models import User;"
        "from dangjian.meetings.models import Activity;"
        "u=User.objects.get(username='teacher');"
        "_,key=api_token_create(user=u,name='load');"
        "_,admin=api_token_create(user=User.objects.get(username='secretary'),name='load');"
        "a=Activity.objects.filter(school__code='sfyz',status='held').order_by('-starts_at').first();"
        "print('DATA',key,admin,u.staff.pk,a.pk)"
    )
    line = next(x for x in _manage(env, "shell", "-c", script).splitlines() if x.startswith("DATA"))
    _, key, admin, staff, activity = line.split()
    return {"token": key, "admin_token": admin, "staff": int(staff), "activity": int(activity)}


STARTED = [0]  # users that have finished starting (logging in): the steady measurement waits for all


def start(client, username: str | None) -> None:
    """A user's start: log in as ``username`` (None: an API client, nothing to do)."""
    if username:
        page = client.get("/accounts/login/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        client.post(
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": HOST + "/accounts/login/"},
            name="login",
        )
    STARTED[0] += 1


def users(data: dict):
    from locust import FastHttpUser, between, task

    class Secretary(FastHttpUser):
        weight = 1
        wait_time = between(1, 3)

        def on_start(self):
            start(self.client, "secretary")

        @task(3)
        def home(self):
            self.client.get("/s/sfyz/", name="home")

        @task(2)
        def staff_list(self):
            self.client.get("/s/sfyz/staff/", name="staff list")

        @task(2)
        def meetings(self):
            self.client.get("/s/sfyz/meetings/", name="meeting list")

        @task(2)
        def meeting(self):
            self.client.get(f"/s/sfyz/meetings/{data['activity']}/", name="meeting record")

        @task(1)
        def attendance(self):
            self.client.get(f"/s/sfyz/meetings/{data['activity']}/attendance/", name="attendance")

        @task(1)
        def compliance(self):
            self.client.get("/s/sfyz/meetings/compliance/", name="compliance")

        @task(1)
        def dashboard(self):
            self.client.get("/s/sfyz/dashboard/", name="dashboard")

    class Teacher(FastHttpUser):
        weight = 2
        wait_time = between(1, 3)

        def on_start(self):
            start(self.client, "teacher")

        @task(3)
        def home(self):
            self.client.get("/s/sfyz/", name="home")

        @task(2)
        def todo(self):
            self.client.get("/s/sfyz/me/", name="my to-do")

        @task(2)
        def classes(self):
            self.client.get("/s/sfyz/classes/", name="class list")

        @task(1)
        def calendar(self):
            self.client.get("/s/sfyz/meetings/calendar/", name="calendar")

    class ApiClient(FastHttpUser):
        weight = 1
        wait_time = between(1, 3)

        def on_start(self):
            start(self.client, None)

        def read(self, path, name):  # a teacher's token
            self.client.get(path, headers={"Authorization": f"Bearer {data['token']}"}, name=name)

        @task(4)
        def classes(self):
            self.read("/api/v1/classes?school=sfyz", "API classes")

        @task(3)
        def organizations(self):
            self.read("/api/v1/organizations?school=sfyz", "API organizations")

        @task(2)
        def meetings(self):
            self.read("/api/v1/meetings/activities?school=sfyz", "API meetings")

        @task(1)
        def write(self):  # the school office corrects a teacher's phone number
            self.client.patch(
                f"/api/v1/staff/{data['staff']}",
                json={"phone": "13800000000"},
                headers={"Authorization": f"Bearer {data['admin_token']}"},
                name="API write (staff phone)",
            )

    return [Secretary, Teacher, ApiClient]


def run(user_classes, n_users: int, seconds: float):
    """Start n_users over 10 s and wait until all have logged in, then measure ``seconds`` of steady load. The
    ramp-up (every user logging in at once, a burst of password hashing) is summed up apart:
    (logins, p50, p95, errors). Returns (stats, ramp-up)."""
    import gevent
    from locust.env import Environment

    STARTED[0] = 0
    env = Environment(user_classes=user_classes, host=HOST)
    runner = env.create_local_runner()
    runner.start(n_users, spawn_rate=max(1, n_users / 10))
    deadline = time.monotonic() + 180
    while STARTED[0] < n_users and time.monotonic() < deadline:
        gevent.sleep(0.2)
    login = env.stats.get("login", "POST")
    ramp = (
        login.num_requests,
        login.get_response_time_percentile(0.5),
        login.get_response_time_percentile(0.95),
        env.stats.total.num_failures,
    )
    env.stats.reset_all()
    gevent.sleep(seconds)
    runner.quit()
    return env.stats, ramp


def report(stats, seconds: float) -> None:
    print(f"{'page':<28}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'errors':>8}")
    for name in sorted(stats.entries, key=lambda k: k[0]):
        e = stats.entries[name]
        if not e.num_requests:  # the login, measured in the ramp-up
            continue
        print(
            f"{e.name:<28}{e.num_requests:>9}{e.num_requests / seconds:>8.1f}"
            f"{e.get_response_time_percentile(0.5):>8.0f}{e.get_response_time_percentile(0.95):>8.0f}"
            f"{e.get_response_time_percentile(0.99):>8.0f}{e.num_failures:>8}"
        )
    total = stats.total
    print(
        f"{'TOTAL':<28}{total.num_requests:>9}{total.num_requests / seconds:>8.1f}"
        f"{total.get_response_time_percentile(0.5):>8.0f}{total.get_response_time_percentile(0.95):>8.0f}"
        f"{total.get_response_time_percentile(0.99):>8.0f}{total.num_failures:>8}"
    )


def alone(path: str, name: str, login_as: str | None, n_users: int, seconds: float) -> float:
    """Throughput of one page served alone to n_users without think time."""
    from locust import FastHttpUser, constant, task

    class Only(FastHttpUser):
        wait_time = constant(0)

        def on_start(self):
            start(self.client, login_as)

        @task
        def only(self):
            self.client.get(path, name=name)

    stats, _ = run([Only], n_users, seconds)
    return stats.entries[(name, "GET")].num_requests / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=2)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        os.execv(
            str(ROOT / "scripts" / "with-postgres.sh"),
            [str(ROOT / "scripts" / "with-postgres.sh"), sys.executable, *sys.argv],
        )
    with tempfile.TemporaryDirectory(prefix="dangjian-load-") as var:
        env = _env(var)
        started = time.monotonic()
        data = prepare(env)
        print(
            f"data: the demo county (sfyz: 250 staff, 2869 students, 60 classes), prepared in {time.monotonic() - started:.0f} s"
        )
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "dangjian.wsgi"], cwd=ROOT, env=env
        )
        try:
            for _ in range(60):
                try:
                    urllib.request.urlopen(HOST + "/healthz/", timeout=1)
                    break
                except OSError:
                    time.sleep(0.5)
            seconds = args.minutes * 60
            print(f"load: {args.users} users for {seconds:.0f} s on {os.cpu_count()} cores, gunicorn on PostgreSQL")
            stats, ramp = run(users(data), args.users, seconds)
            report(stats, seconds)
            logins, p50, p95, errors = ramp
            print(
                f"ramp-up before the table (all {args.users} users starting within 10 s): "
                f"{logins} logins, p50 {p50:.0f} ms, p95 {p95:.0f} ms, {errors} errors"
            )
            trivial = alone("/healthz/", "healthz", None, args.users, 20)
            heavy = alone("/s/sfyz/meetings/compliance/", "compliance", "secretary", args.users, 20)
            print(
                f"alone, {args.users} users without think time: /healthz/ {trivial:.0f} req/s, "
                f"compliance {heavy:.0f} req/s ({heavy / trivial:.0%} of the trivial page)"
            )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
