"""Dates and freshness on pages: every fact dated by its source, old facts marked in words, availability "as of"
its sources (never the build date), dated events and the waivers' end read right on the build date, sources shown
by public title (never an internal file name), and counting sentences that read right for every number.

Pages are rendered for fixed build dates, so these tests do not drift with the calendar."""
import copy
import datetime as dt
import html
import re
from pathlib import Path

import pytest

from sitebuild import content, routes
from sitebuild.freshness import Freshness, months_before, report_lines
from sitebuild.render import Renderer
from sitebuild.site_model import SiteModel
from sitebuild.ui_text import UiText

SEED_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")


@pytest.fixture(scope="module")
def model():
    return content.load_content()


@pytest.fixture(scope="module")
def ui(model):
    return model["ui"]["ui"]


def render(model, kind: str, item_id=None, day=dt.date(2026, 12, 1), tmp=Path(".")) -> str:
    r = Renderer(model, tmp, day)
    path = routes.page_path(kind, item_id)
    for page_path, template, context in routes.pages(r.site):
        if page_path == path:
            return html.unescape(r.render_page(path, template, context()))
    raise AssertionError(path)


def words(ui, key: str) -> str:
    """The fixed words of a ui string (the part before its first placeholder)."""
    return ui[key].split("{")[0].strip()


def middle(ui, key: str) -> str:
    """The fixed words between a ui string's first two placeholders."""
    return ui[key].split("}", 1)[1].split("{")[0].strip()


# --- the age of a fact ---------------------------------------------------------------------------------------

def test_months_before_is_calendar_months():
    assert months_before(dt.date(2026, 12, 1), 12) == "2025-12-01"
    assert months_before(dt.date(2026, 3, 31), 1) == "2026-02-28"


def test_a_fact_is_old_only_when_every_source_is_dated_and_the_newest_is_older_than_the_set_age(model):
    fresh = Freshness(model, dt.date(2026, 12, 1))
    assert fresh.months == model["site"]["site"]["stale_after_months"]
    dated_old = [s["id"] for s in model["sources"]["sources"] if s.get("published") and
                 str(s["published"]) < fresh.cutoff]
    undated = [s["id"] for s in model["sources"]["sources"] if not s.get("published")]
    assert dated_old and undated
    assert fresh.fact_stale([dated_old[0]])
    assert not fresh.fact_stale([dated_old[0], undated[0]]), "an undated source cannot be aged"
    assert not Freshness(model, dt.date(2000, 1, 1)).fact_stale([dated_old[0]])


def test_staleness_is_marked_in_words_for_the_fixed_build_date(model, ui):
    """CHW's '6 hours to start' cites only Kaiser Permanente's October 2024 guide: old on December 1, 2026,
    not on June 1, 2025."""
    fact = model["chw"]["chw"]["how_much"]
    assert len(fact["sources"]) == 1
    flag = words(ui, "freshness.flag")
    start = " ".join(fact["text"].split())[:40]

    def paragraph(day):
        page = render(model, "chw", day=day)
        found = re.search(r"<p[^>]*>" + re.escape(start) + r".*?</p>", page, re.S)
        assert found, start
        return found.group(0)

    assert flag in paragraph(dt.date(2026, 12, 1))
    assert flag not in paragraph(dt.date(2025, 6, 1))


def test_every_source_line_says_when_it_was_last_confirmed_and_whether_it_is_old(model, ui):
    page = render(model, "chw")
    listed = re.findall(r'<li id="src-[^"]+">(.*?)</li>', page, re.S)
    assert listed
    for line in listed:
        assert words(ui, "source.reviewed") in line
        assert words(ui, "source.published") in line or ui["source.not_dated"] in line
    assert any(words(ui, "source.stale") in line for line in listed)


def test_the_build_report_lists_the_stalest_sources_oldest_first(model):
    text = UiText(model)
    lines = report_lines(model, dt.date(2026, 12, 1), text, limit=5)
    assert lines[0].startswith(words(model["ui"]["ui"], "build.stale.heading.other"))
    dates = [line.split()[0] for line in lines[1:6]]
    assert dates == sorted(dates) and all(re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", d) for d in dates)
    assert report_lines(model, dt.date(2000, 1, 1), text)[0].startswith(words(model["ui"]["ui"], "build.stale.none"))


# --- availability as of its sources ----------------------------------------------------------------------------

@pytest.mark.parametrize("kind, item_id", [("availability", None), ("county", "contra_costa")])
def test_availability_is_as_of_its_sources_never_the_build_date(model, ui, kind, item_id):
    day = dt.date(2026, 12, 15)  # no source was reviewed on this day
    page = render(model, kind, item_id, day=day)
    built = f'datetime="{day.isoformat()}"'
    caption = re.search(r"<caption[^>]*>(.*?)</caption>", page, re.S).group(1)
    assert built not in caption
    as_of = re.search(r'<ul class="as-of">(.*?)</ul>', page, re.S).group(1)
    assert built not in as_of
    kp_rule = next(r for r in model["availability"]["rules"] if r["plan"] == "kp" and r.get("as_of"))
    assert f'datetime="{kp_rule["as_of"]}"' in as_of, "the date the source gives"


# --- dated events and the waivers ---------------------------------------------------------------------------

def test_a_passed_deadline_does_not_read_as_done(model, ui):
    deadline = next(t for t in model["justice_involved"]["justice_involved"]["timeline"] if t.get("kind") == "deadline")
    day_after = dt.date.fromisoformat(deadline["date"]) + dt.timedelta(days=1)
    item = re.search(r'<li[^>]*><strong><time datetime="' + deadline["date"] + r'".*?</li>',
                     render(model, "justice_involved", day=day_after), re.S).group(0)
    assert ui["ji.deadline_passed"] in item and ui["ji.done"] not in item
    before = re.search(r'<li[^>]*><strong><time datetime="' + deadline["date"] + r'".*?</li>',
                       render(model, "justice_involved", day=dt.date(2026, 6, 1)), re.S).group(0)
    assert ui["ji.deadline_coming"] in before


@pytest.mark.parametrize("kind", ["home", "ecm", "community_supports"])
def test_the_waivers_end_date_is_shown_with_its_sources(model, ui, kind):
    waivers = model["programs"]["waivers"]
    page = render(model, kind, day=dt.date(2026, 12, 1))
    assert f'datetime="{waivers["ends"]}"' in page and middle(ui, "waivers.runs_through") in page
    for source_id in waivers["sources"]:
        assert f'id="src-{source_id}"' in page
    later = render(model, kind, day=dt.date(2027, 1, 5))
    assert middle(ui, "waivers.ended") in later and middle(ui, "waivers.runs_through") not in later


# --- sources by public title ---------------------------------------------------------------------------------

def test_no_page_shows_an_internal_file_name(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    shown = [str(p.relative_to(built_site)) for p in pages if SEED_FILE.search(p.read_text(encoding="utf-8"))]
    assert not shown, f"internal seed file names on: {shown[:5]}"


def test_sources_without_a_web_address_say_what_they_are(model):
    for source in model["sources"]["sources"]:
        if not source.get("url"):
            assert source.get("note") and source.get("publisher"), source["id"]


# --- counting sentences and criteria lists --------------------------------------------------------------------

@pytest.mark.parametrize("offered, not_offered, unknown, key", [
    (1, 0, 0, "cs.where_plan.all_one"),
    (2, 0, 0, "cs.where_plan.all_two"),
    (32, 0, 0, "cs.where_plan.all"),
    (1, 0, 31, "cs.where_plan.some"),
    (0, 1, 0, "cs.where_plan.none_offered"),
    (0, 0, 1, "cs.where_plan.none_known"),
    (0, 0, 0, "cs.where_plan.none_known"),
])
def test_counting_sentences_fit_every_number(model, ui, offered, not_offered, unknown, key):
    site = SiteModel(model, dt.date(2026, 12, 1))
    sentence = site.where_sentence({"offered": [{}] * offered, "not_offered": [{}] * not_offered,
                                    "unknown": [{}] * unknown})
    assert sentence["key"] == key and key in ui
    text = ui[key].format(offered=sentence["offered"], total=sentence["total"])
    assert not re.search(r"\b0 of\b|\b1 counties\b|\ball [12] counties\b", text), text


def test_a_plan_with_one_county_and_no_availability_reads_right(model, ui):
    model = copy.deepcopy(model)
    plan = copy.deepcopy(model["plans"]["plans"][0])
    plan.update(id="test_one_county", name="Test One County Plan")
    plan["regions"] = [{**plan["regions"][0], "id": "test_region", "counties": ["alpine"]}]
    model["plans"]["plans"].append(plan)
    page = render(model, "service", "housing_deposits")
    line = re.search(r"<p><strong>Test One County Plan</strong>: (.*?)</p>", page, re.S).group(1)
    assert line.startswith(ui["cs.where_plan.none_known"]), line


def test_no_page_counts_wrongly(built_site):
    bad = re.compile(r"(?<![\d.,])1 (counties|condados)\b|(?<![\d.,])0 of the\b|\ball [12] counties\b|\bin 0 counties\b")
    for path in sorted(built_site.rglob("*.html")):
        found = bad.search(path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(built_site)}: {found.group(0)!r}"


def test_no_page_shows_raw_option_ids_or_raw_question_answers(built_site):
    bad = re.compile(r"\? Answer:|One of: other|\bnot_sure\b")
    for path in sorted(built_site.rglob("*.html")):
        if "screener" in path.parts or "es" in path.parts[:1]:
            continue
        text = re.sub(r"<script.*?</script>", "", path.read_text(encoding="utf-8"), flags=re.S)
        found = bad.search(text)
        assert not found, f"{path.relative_to(built_site)}: {found.group(0)!r}"
