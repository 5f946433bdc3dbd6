"""Office files (.xlsx, .docx) are zip archives: their directory says how large each part unpacks, so a
zip bomb is refused from the directory alone, in milliseconds, before any parser expands it."""

import io
import zipfile
from dataclasses import dataclass, field

MB = 1024 * 1024


class ArchiveRefused(ValueError):
    """The archive would unpack to more than its limits allow (message in Chinese)."""


class ArchiveDamaged(ArchiveRefused):
    """Not a readable zip archive at all."""


@dataclass(frozen=True)
class Limits:
    total: int  # bytes unpacked, all parts together
    part: int  # bytes unpacked, any one part
    ratio: int = 200  # unpacked / packed, for a part larger than 1 MB unpacked
    parts: int = 2000
    named: dict[str, int] = field(default_factory=dict)  # tighter limits for parts by name


def check_archive(data: bytes, limits: Limits) -> list[str]:
    """The archive's part names, if it stays within ``limits``; else ArchiveRefused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ArchiveDamaged("文件已损坏，无法读取。") from None
    if len(infos) > limits.parts:
        raise ArchiveRefused(f"文件包含的部件过多（{len(infos)} 个），不像正常的 Office 文件。")
    total = 0
    for info in infos:
        total += info.file_size
        limit = limits.named.get(info.filename, limits.part)
        if info.file_size > limit:
            raise ArchiveRefused(f"文件解压后过大（{info.filename} 超过 {limit // MB} MB），请拆分后分批上传。")
        if info.file_size > MB and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise ArchiveRefused(f"文件压缩比异常（{info.filename}），不像正常的 Office 文件。")
    if total > limits.total:
        raise ArchiveRefused(f"文件解压后过大（超过 {limits.total // MB} MB），请拆分后分批上传。")
    return [info.filename for info in infos]
