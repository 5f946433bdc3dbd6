"""The rich text of news items, made safe for public pages; and the checks of uploaded images.

Pure functions (no database, no requests). Everything a browser sends as a news body passes
``clean_html`` before it is stored, whatever the editor did on the client: the editor is a convenience,
this is the guarantee."""

import html
import re
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "u", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "a", "img"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
LINK_SCHEMES = {"http", "https", "mailto"}
# Content removed together with the tag (everything else not allowed keeps its text).
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "select"}

# Images in a body may only come from this site: a news item's cover, or an uploaded publicity file.
OWN_IMAGE_URL = re.compile(
    r"^/(?:p/[A-Za-z0-9_-]+/news/\d+/cover/|media/publicity/[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.(?:png|jpe?g|gif|webp))$"
)
DOMAIN_LIKE = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(?:[/?#].*)?$")


def is_own_image_url(url: str) -> bool:
    return bool(OWN_IMAGE_URL.match(url or ""))


def safe_link(url: str) -> str | None:
    """An http(s)/mailto link, or None. ``www.example.org`` (typed without a scheme) becomes https."""
    url = (url or "").strip()
    if not url or any(ord(ch) < 32 for ch in url):
        return None
    scheme = urlsplit(url).scheme.lower() if ":" in url else ""
    if not scheme:
        return f"https://{url}" if DOMAIN_LIKE.match(url) else None
    if scheme not in LINK_SCHEMES:
        return None
    if scheme in ("http", "https") and not urlsplit(url).netloc:
        return None
    return url


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return safe_link(value)
    if tag == "img" and attribute == "src":
        return value if is_own_image_url(value) else None
    return value


def clean_html(value: str) -> str:
    """Only p, br, strong, em, u, h2–h4, ul, ol, li, blockquote, a[href] (http/https/mailto, with
    rel="noopener noreferrer") and img[src, alt] from this site survive; scripts, styles, event
    attributes, comments and javascript: URLs do not."""
    cleaned = nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # An image whose source was refused is dropped altogether rather than left empty.
    cleaned = re.sub(r"<img(?![^>]*\ssrc=)[^>]*>", "", cleaned)
    return cleaned.replace("&nbsp;", " ").replace("\u00a0", " ").strip()


def plain_text(value: str) -> str:
    """The text of an HTML fragment, whitespace collapsed (for summaries, search and emptiness checks)."""
    spaced = re.sub(r"<(?:br|/p|/h[2-4]|/li|/blockquote)\b[^>]*>", " ", value or "", flags=re.IGNORECASE)
    text = html.unescape(nh3.clean(spaced, tags=set(), clean_content_tags=DROPPED_WITH_CONTENT))
    return re.sub(r"\s+", " ", text).strip()


def summary_of(value: str, length: int = 120) -> str:
    text = plain_text(value)
    return text if len(text) <= length else text[: length - 1] + "…"


# Uploaded images -------------------------------------------------------------------------------

MAX_IMAGE_BYTES = 2 * 1024 * 1024
IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}
EXTENSIONS = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "gif": "gif", "webp": "webp"}


def image_kind(head: bytes) -> str | None:
    """The image type from the file's first bytes (png, jpg, gif, webp), or None. SVG is not an
    image here: it can carry scripts."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def image_problem(name: str, size: int, head: bytes) -> str | None:
    """Why an upload is refused (a Chinese message), or None when it is a real image of a known type."""
    if size > MAX_IMAGE_BYTES:
        return f"图片不能超过 {MAX_IMAGE_BYTES // (1024 * 1024)} MB（当前 {size / 1024 / 1024:.1f} MB）。"
    extension = EXTENSIONS.get((name or "").rsplit(".", 1)[-1].lower()) if "." in (name or "") else None
    if extension is None:
        return "只支持 PNG、JPG、GIF、WebP 格式的图片。"
    kind = image_kind(head)
    if kind is None:
        return "文件内容不是 PNG、JPG、GIF 或 WebP 图片。"
    if kind != extension:
        return f"文件扩展名与内容不符（内容为 {kind.upper()} 图片）。"
    return None
