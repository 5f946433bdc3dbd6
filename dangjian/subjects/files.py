"""Checks on uploaded files: the extension, the size and the first bytes must agree, so a renamed
executable or an oversize scan is refused with a clear message. Also used by the League module."""

from django import forms

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_IMAGE_BYTES = 5 * 1024 * 1024

# extension -> the file's first bytes (any of)
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
    "ppt": (b"\xd0\xcf\x11\xe0",),
}
IMAGE_TYPES = ("jpg", "jpeg", "png", "gif", "webp")
EVIDENCE_TYPES = ("pdf", *IMAGE_TYPES, "docx", "xlsx", "pptx", "doc", "xls", "ppt")


def check_upload(upload, *, allowed: tuple[str, ...], max_bytes: int) -> None:
    """Raise forms.ValidationError (in Chinese) unless ``upload`` is an allowed type within the size."""
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in allowed:
        raise forms.ValidationError(f"文件类型不支持（{name}），请上传 {'、'.join(allowed)} 格式。")
    if upload.size > max_bytes:
        raise forms.ValidationError(
            f"文件过大（{upload.size / 1024 / 1024:.1f} MB），不能超过 {max_bytes // 1024 // 1024} MB。"
        )
    if upload.size == 0:
        raise forms.ValidationError("文件是空的。")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[ext]):
        raise forms.ValidationError(f"文件内容与扩展名 .{ext} 不符，请确认文件未损坏。")
    if ext == "webp" and head[8:12] != b"WEBP":
        raise forms.ValidationError("文件内容与扩展名 .webp 不符，请确认文件未损坏。")
