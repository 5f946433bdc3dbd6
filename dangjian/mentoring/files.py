"""Checks for uploaded files: the size and the real type (by the first bytes, not the name)."""

import zipfile

from django.core.exceptions import ValidationError

from dangjian.lib.zipcheck import ArchiveRefused, Limits, check_archive

MB = 1024 * 1024
PDF, JPEG, PNG, DOCX = "PDF", "JPG", "PNG", "DOCX"
SCAN_TYPES = (PDF, JPEG, PNG)
EVIDENCE_TYPES = (PDF, JPEG, PNG, DOCX)
SCAN_MAX = 5 * MB
EVIDENCE_MAX = 5 * MB
TEMPLATE_MAX = 2 * MB
# A Word document of a few pages unpacks to well under a megabyte or two; a zip bomb is refused from
# the zip directory before anything unpacks it.
DOCX_LIMITS = Limits(total=30 * MB, part=20 * MB)
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", DOCX: ".docx"}
CONTENT_TYPES = {
    PDF: "application/pdf",
    JPEG: "image/jpeg",
    PNG: "image/png",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def sniff(head: bytes, file=None) -> str | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04") and file is not None:
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            return None
        finally:
            file.seek(0)
    return None


def check_upload(file, *, allowed: tuple[str, ...], max_bytes: int) -> str:
    """The file's type if it is one of ``allowed`` and not larger than ``max_bytes``; else ValidationError."""
    if file.size > max_bytes:
        raise ValidationError(f"文件过大（{file.size / MB:.1f} MB），不能超过 {max_bytes // MB} MB。")
    if file.size == 0:
        raise ValidationError("文件是空的。")
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if head.startswith(b"PK\x03\x04"):
        try:
            check_archive(file.read(), DOCX_LIMITS)
        except ArchiveRefused as exc:
            raise ValidationError(str(exc)) from None
        finally:
            file.seek(0)
    kind = sniff(head, file)
    if kind not in allowed:
        raise ValidationError(f"文件类型不支持：只接受 {'、'.join(allowed)} 文件。")
    return kind


def kind_of_stored(field_file) -> str | None:
    """The type of a stored file, from its extension (set by us on upload)."""
    name = (field_file.name or "").lower()
    for kind, ext in EXTENSIONS.items():
        if name.endswith(ext):
            return kind
    return None
