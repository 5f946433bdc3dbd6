"""The sanitizer and the image checks, as pure functions (no database)."""

import pytest

from dangjian.publicity.sanitize import (
    clean_html,
    image_kind,
    image_problem,
    is_own_image_url,
    plain_text,
    safe_link,
    summary_of,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 "


def test_allowed_markup_is_kept_as_is():
    html = (
        "<h2>标题</h2><h3>二级</h3><h4>三级</h4><p>一段<strong>加粗</strong><em>斜体</em><u>下划线</u><br>换行</p>"
        "<ul><li>甲</li></ul><ol><li>乙</li></ol><blockquote>引用</blockquote>"
    )
    assert clean_html(html) == html


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("<p>hi<script>alert(1)</script></p>", "<p>hi</p>"),
        ("<script src=//evil.example/x.js></script><p>a</p>", "<p>a</p>"),
        ("<p onclick=\"alert(1)\" onmouseover='x()'>a</p>", "<p>a</p>"),
        ('<p style="color:red" class="x" id="y">a</p>', "<p>a</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href="java&#09;script:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href="vbscript:msgbox(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        (
            '<a href="https://example.org/a" target="_blank" rel="opener">x</a>',
            '<a href="https://example.org/a" rel="noopener noreferrer">x</a>',
        ),
        ('<a href="mailto:dj@example.org">信</a>', '<a href="mailto:dj@example.org" rel="noopener noreferrer">信</a>'),
        ("<img src=x onerror=alert(1)>", ""),
        ('<img src="https://evil.example/p.png">', ""),
        ('<img src="//evil.example/media/publicity/x.png">', ""),
        ('<img src="/p/a/news/3/cover/" alt="封面" onload="x()">', '<img src="/p/a/news/3/cover/" alt="封面">'),
        ("<svg><script>alert(1)</script></svg>", ""),
        ('<svg onload="alert(1)"><circle/></svg>', ""),
        ('<iframe src="https://evil.example"></iframe>文', "文"),
        ("<style>p{color:red}</style><p>a</p>", "<p>a</p>"),
        ("<!-- <script>alert(1)</script> --><p>a</p>", "<p>a</p>"),
        ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", ""),
        ('<form action="https://evil.example"><input name="x"><button>b</button></form>', "b"),
        ("<h1>大标题</h1><h5>五</h5>", "大标题五"),
        ("<b>粗</b><i>斜</i>", "粗斜"),
        ('<object data="x.swf"></object><embed src="x.swf">', ""),
        ("<p>a&nbsp;b</p>", "<p>a b</p>"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ],
)
def test_xss_payloads_are_neutralised(payload, expected):
    assert clean_html(payload) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org", "https://example.org"),
        ("http://example.org/a?b=1", "http://example.org/a?b=1"),
        ("www.example.org", "https://www.example.org"),
        ("mailto:a@example.org", "mailto:a@example.org"),
        ("/local/path", None),
        ("javascript:alert(1)", None),
        ("https://", None),
        ("ftp://example.org", None),
        ("https://exa\nmple.org", None),
        ("", None),
    ],
)
def test_safe_link(url, expected):
    assert safe_link(url) == expected


def test_own_image_urls():
    assert is_own_image_url("/p/sfyz/news/12/cover/") is True
    assert is_own_image_url("/media/publicity/ab12.png") is True
    assert is_own_image_url("/media/publicity/../secret.png") is False
    assert is_own_image_url("/p/sfyz/news/12/") is False  # a page (would count a view), not an image
    assert is_own_image_url("https://example.org/media/publicity/a.png") is False


def test_plain_text_and_summary():
    html = "<h2>标题</h2><p>第一段&amp;<strong>重点</strong></p><p>第二段</p><script>x()</script>"
    assert plain_text(html) == "标题 第一段&重点 第二段"
    assert summary_of(html, 8) == "标题 第一段&…"
    assert summary_of("<p>短</p>") == "短"


@pytest.mark.parametrize(("head", "kind"), [(PNG, "png"), (JPEG, "jpg"), (GIF, "gif"), (WEBP, "webp")])
def test_image_kind(head, kind):
    assert image_kind(head) == kind


def test_image_kind_refuses_svg_and_html():
    assert image_kind(b'<svg xmlns="http://www.w3.org/2000/svg">') is None
    assert image_kind(b"<html><script>") is None
    assert image_kind(b"") is None


def test_image_problem():
    assert image_problem("封面.png", 1000, PNG) is None
    assert image_problem("a.JPEG", 1000, JPEG) is None
    assert image_problem("a.png", 3 * 1024 * 1024, PNG) == "图片不能超过 2 MB（当前 3.0 MB）。"
    assert image_problem("a.svg", 100, b"<svg") == "只支持 PNG、JPG、GIF、WebP 格式的图片。"
    assert image_problem("noextension", 100, PNG) == "只支持 PNG、JPG、GIF、WebP 格式的图片。"
    assert image_problem("a.png", 100, b"<html>") == "文件内容不是 PNG、JPG、GIF 或 WebP 图片。"
    assert image_problem("a.png", 100, JPEG) == "文件扩展名与内容不符（内容为 JPG 图片）。"
