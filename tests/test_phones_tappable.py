"""Every phone number on every page is a tel: link (issue 11): numbers written in content prose too, and
"Option 2" is a menu option, never an extension."""
import re

PHONE = re.compile(r"(?<![\d-])(?:1-)?\d{3}-\d{3}-\d{4}(?![\d])")
TEL_LINK = re.compile(r'<a [^>]*href="tel:[^"]*"[^>]*>.*?</a>', re.S)


def _text_outside_tel_links(html: str) -> str:
    text = TEL_LINK.sub(" ", html)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def test_every_phone_number_on_every_page_is_a_tel_link(built_site):
    plain = {}
    for page in built_site.rglob("*.html"):
        if "pyodide" in page.parts:
            continue
        found = PHONE.search(_text_outside_tel_links(page.read_text(encoding="utf-8", errors="replace")))
        if found:
            plain[str(page.relative_to(built_site))] = found.group(0)
    assert not plain, f"phone numbers that cannot be tapped: {plain}"


def test_a_menu_option_is_not_an_extension(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8", errors="replace")
        assert ";ext=" not in html or "Option" not in html, page
        assert not re.search(r"extension \d+ \(Option \d+\)", html), page
