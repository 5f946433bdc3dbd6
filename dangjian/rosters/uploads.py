"""Uploaded files kept between preview and confirm: under MEDIA_ROOT/imports/ with a random name
that starts with the user's id, listed in the user's session, deleted after confirm or expiry."""

import re
import secrets
import time
from pathlib import Path

from django.conf import settings

SESSION_KEY = "roster_uploads"
TTL_SECONDS = 60 * 60
MAX_PER_SESSION = 5
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _path(user_id: int, token: str) -> Path:
    return upload_dir() / f"{user_id}-{token}.upload"


def save_upload(request, *, kind: str, school, data: bytes, filename: str, period: int | None) -> str:
    purge_expired()
    token = secrets.token_urlsafe(24)
    path = _path(request.user.pk, token)
    path.write_bytes(data)
    path.chmod(0o600)
    uploads = dict(request.session.get(SESSION_KEY, {}))
    while len(uploads) >= MAX_PER_SESSION:
        oldest = min(uploads, key=lambda t: uploads[t]["at"])
        _path(request.user.pk, oldest).unlink(missing_ok=True)
        del uploads[oldest]
    uploads[token] = {
        "kind": kind,
        "school": school.pk,
        "user": request.user.pk,
        "filename": filename[:200],
        "period": period,
        "at": time.time(),
    }
    request.session[SESSION_KEY] = uploads
    return token


def load_upload(request, *, kind: str, school, token: str) -> tuple[dict, bytes] | None:
    """The upload's details and bytes, if it is this user's, for this school and kind, and fresh."""
    if not TOKEN_RE.match(token or ""):
        return None
    meta = request.session.get(SESSION_KEY, {}).get(token)
    if not meta or meta["kind"] != kind or meta["school"] != school.pk or meta["user"] != request.user.pk:
        return None
    path = _path(request.user.pk, token)
    if time.time() - meta["at"] > TTL_SECONDS or not path.exists():
        discard_upload(request, token)
        return None
    return meta, path.read_bytes()


def discard_upload(request, token: str) -> None:
    uploads = dict(request.session.get(SESSION_KEY, {}))
    if token in uploads and TOKEN_RE.match(token):
        _path(request.user.pk, token).unlink(missing_ok=True)
        del uploads[token]
        request.session[SESSION_KEY] = uploads


def remember_rows(request, token: str, rows: int) -> None:
    """The number of rows the preview found: the confirm step hands a large file to the worker."""
    uploads = dict(request.session.get(SESSION_KEY, {}))
    if token in uploads:
        uploads[token] = {**uploads[token], "rows": rows}
        request.session[SESSION_KEY] = uploads


def hand_over(request, token: str) -> None:
    """The upload leaves the session (it cannot be confirmed twice) but its file stays, for a background job."""
    uploads = dict(request.session.get(SESSION_KEY, {}))
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads


def take(user_id: int, token: str) -> bytes | None:
    """A handed-over upload's bytes, read once by its job: the file is removed (None if it is gone)."""
    if not TOKEN_RE.match(token or ""):
        return None
    path = _path(user_id, token)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    path.unlink(missing_ok=True)
    return data


def purge_expired(now: float | None = None) -> int:
    """Delete every stored upload older than the time-to-live (whoever left it)."""
    now = now or time.time()
    removed = 0
    for path in upload_dir().glob("*.upload"):
        try:
            if now - path.stat().st_mtime > TTL_SECONDS:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed


CHANGED_KEY = "roster_changed"
CHANGED_LIMIT = 2000  # numbers kept in the session to open the list on them (larger imports go to the worker)
FILTERED = {"staff", "students"}  # the lists that open filtered on what an import created or changed


def remember_changed(request, kind: str, plan) -> bool:
    """Keep the staff or student numbers an import created or changed, so that their list opens on them."""
    numbers = [action.key[0] for action in plan.changed]
    if kind not in FILTERED or not numbers or len(numbers) > CHANGED_LIMIT:
        request.session.pop(CHANGED_KEY, None)
        return False
    request.session[CHANGED_KEY] = {"kind": kind, "numbers": numbers}
    return True


def recently_changed(request, kind: str) -> list[str] | None:
    """The numbers of the last import of ``kind`` when the list is asked for them (``?imported=1``)."""
    kept = request.session.get(CHANGED_KEY) or {}
    if request.GET.get("imported") != "1" or kept.get("kind") != kind:
        return None
    return kept.get("numbers") or None
