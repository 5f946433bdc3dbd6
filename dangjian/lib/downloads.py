"""File downloads built in memory (.xlsx, .docx): one response shape for every app."""

from urllib.parse import quote

from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(body: bytes, filename: str, content_type: str) -> HttpResponse:
    """An attachment download of ``body``; ``filename`` may be Chinese (RFC 5987 encoding)."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
