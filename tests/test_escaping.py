"""Text in content/ shows as typed: HTML in a content file is text on the page, never markup.

Builds the whole site from a copy of content/ in which a few member-facing texts carry HTML (a <script>, an
<img onerror>, bold tags) and Markdown syntax, then reads the pages: the payload must be there as visible
text, and the page must have no element the payload would have created.
"""
import html.parser
import shutil

import pytest
import yaml

from sitebuild import content as content_module

SCRIPT = '<script>alert("xss")</script>'
IMG = '<img src=x onerror="alert(1)">'
PAYLOAD = f'Tom & Jerry {SCRIPT} {IMG} <b>bold</b> *stars* [link](javascript:alert(2))'


class TextAndTags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")


_BUILT: dict = {}  # one build per session: pytest may set a module fixture up twice when test parameters regroup


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    if "site" not in _BUILT:
        _BUILT["site"] = _build_hostile_site(tmp_path_factory)
    return _BUILT["site"]


def _build_hostile_site(tmp_path_factory):
    from sitebuild.pipeline import build

    tmp = tmp_path_factory.mktemp("escaping")
    content_dir = tmp / "content"
    shutil.copytree(content_module.CONTENT_DIR, content_dir)
    service_id = {}

    def intro(d):
        d["site"]["intro"] = PAYLOAD

    def program(d):
        d["programs"][0]["summary"] = PAYLOAD

    def service(d):
        first = d["services"][0]
        first["summary"] = PAYLOAD
        service_id["id"] = first["id"]

    _edit(content_dir / "site.yaml", intro)
    _edit(content_dir / "programs.yaml", program)
    _edit(content_dir / "community_supports.yaml", service)
    site = build(site_dir=tmp / "site", content_dir=content_dir, quiet=True)
    return site, service_id["id"]


def _parse(path):
    parser = TextAndTags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("page", ["index.html", "service"])
def test_html_in_content_shows_as_text(hostile_site, page):
    site, service_id = hostile_site
    path = site / (f"community-supports/{service_id}/index.html" if page == "service" else page)
    parsed = _parse(path)
    text = " ".join(" ".join(parsed.text).split())
    assert SCRIPT in text, f"{path}: the <script> from content/ is not shown as text"
    assert "<b>bold</b>" in text and "Tom & Jerry" in text
    assert not any('alert("xss")' in s for s in parsed.scripts), f"{path}: content became a script"
    assert not any(tag == "img" and "onerror" in attrs for tag, attrs in parsed.tags), path
    assert not any(attrs.get("href", "").startswith("javascript:") for _, attrs in parsed.tags), path
    raw = path.read_text(encoding="utf-8")
    assert SCRIPT not in raw and IMG not in raw


def test_html_in_content_is_text_in_the_search_index(hostile_site):
    site, _ = hostile_site
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<script>alert" not in index  # the index holds escaped text (Material renders it as HTML)
