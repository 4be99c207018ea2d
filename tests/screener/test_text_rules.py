"""One rule each for placeholders and phone links, shared by the screener's results and the site's pages."""
import screener
from screener import data
from screener.placeholders import fill, pieces


def test_a_placeholder_with_a_value_is_filled_and_one_without_stays_visible():
    assert fill("Call {plan} in {county}.", {"plan": "P"}) == "Call P in {county}."
    assert pieces("a {x} b") == [("a ", None), ("{x}", "x"), (" b", None)]


def test_the_screener_text_and_the_pages_fill_placeholders_the_same_way():
    from sitebuild import content
    from sitebuild.ui_text import UiText

    model = content.load_content()
    key = next(k for k, v in model["ui"]["ui"].items() if "{" in v and "\n" not in v and " " in v)
    rules = data.load()
    assert rules.text(key) == UiText(model).ui_plain(key)  # nothing given: every placeholder stays as written


def test_every_tty_number_in_the_results_comes_with_its_tel_link():
    rules = data.load()
    found = 0
    for plan in [*rules.plans, "other"]:
        for county in rules.counties:
            result = screener.evaluate({"plan": plan, "county": county, "age": 30, "housing": ["unsheltered"]},
                                       today="2026-03-01")
            for step in result["next_steps"]:
                if step["tty"]:
                    found += 1
                    digits = "".join(ch for ch in step["tty"] if ch.isdigit())
                    assert step["tty_tel"].startswith("tel:") and step["tty_tel"].endswith(digits)
                else:
                    assert step["tty_tel"] is None
            break  # one county per plan is enough to meet every plan's contacts
    assert found
