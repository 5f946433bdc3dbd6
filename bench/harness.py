"""What the page benchmarks share: a fresh scratch database per run, timing a GET with its query count,
and the side-by-side table of scales."""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_worker(script: str, *args) -> dict:
    """Run ``script --worker ARGS…`` against a fresh SQLite database; return the JSON it prints last."""
    with tempfile.TemporaryDirectory(prefix="dangjian-bench-") as var:
        env = {
            **os.environ,
            "DANGJIAN_VAR_DIR": var,
            "DJANGO_SETTINGS_MODULE": "dangjian.test_settings",
            "DJANGO_ALLOWED_HOSTS": "testserver",
        }
        env.pop("DATABASE_URL", None)
        out = subprocess.run(
            [sys.executable, script, "--worker", *map(str, args)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return json.loads(out.strip().splitlines()[-1])


def setup_django() -> None:
    """In a worker: make the project importable and start Django."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.test_settings")
    import django

    django.setup()


def time_get(client, url: str, runs: int, before_each=None) -> dict:
    """Median milliseconds of ``runs`` GETs (after one warm-up) and the query count of one.
    ``before_each`` runs before every timed GET (e.g. clearing cookies to be a new visitor)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    times = []
    for _ in range(runs):
        if before_each is not None:
            before_each()
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {"median_ms": statistics.median(times), "queries": len(ctx.captured_queries)}


def print_scales(runs: list[dict], target_ms: float) -> bool:
    """Print pages × scales (ms and queries); True when every page has the same query count at every scale."""
    print("page".ljust(22) + "".join(f"{r['scale']:>4}x ms  queries" for r in runs))
    same = True
    for name in runs[0]["pages"]:
        cells = [(r["pages"][name]["median_ms"], r["pages"][name]["queries"]) for r in runs]
        same &= len({q for _, q in cells}) == 1
        print(name.ljust(22 - (len(name.encode()) - len(name)) // 2) + "".join(f"{ms:>8.1f} {q:>8}" for ms, q in cells))
    slowest = max(p["median_ms"] for p in runs[0]["pages"].values())
    print(
        f"scale {runs[0]['scale']}x: slowest median {slowest:.1f} ms (target < {target_ms:g} ms); "
        f"query counts {'equal' if same else 'DIFFER'} across scales"
    )
    return same
