"""Member-facing summaries read at grade 8 or below (Flesch-Kincaid, tests/readability.py).

Measured: each program's `summary`, each Community Support's `summary` and `who_for`, each ECM Population of
Focus' `summary`, and the home page intro (`site.intro`). A failure lists every text above the limit with its
file, id and grade, so the text can be rewritten in content/ (shorter sentences, shorter words).
"""
import pytest

from sitebuild import content
from readability import grade_level, reading, syllables

MAX_GRADE = 8.0


def member_texts(model: dict) -> list[tuple[str, str]]:
    """(where, text) for every member-facing summary in the content model."""
    out = []
    site = model["site"]["site"]
    out.append(("site.yaml: site.intro", site["intro"]))
    for p in model["programs"]["programs"]:
        out.append((f"programs.yaml: {p['id']}.summary", p["summary"]))
    for s in model["community_supports"]["services"]:
        for key in ("summary", "who_for"):
            if s.get(key):
                out.append((f"community_supports.yaml: {s['id']}.{key}", s[key]))
    for pop in model["ecm"]["ecm"].get("populations", []):
        if pop.get("summary"):
            out.append((f"ecm.yaml: populations.{pop['id']}.summary", pop["summary"]))
    return out


@pytest.fixture(scope="module")
def texts():
    return member_texts(content.load_content())


def test_there_is_text_to_measure(texts):
    kinds = {where.split(":")[0] for where, _ in texts}
    assert {"site.yaml", "programs.yaml", "community_supports.yaml"} <= kinds
    assert len(texts) >= 20


def test_member_summaries_at_or_below_grade_8(texts):
    too_hard = [(where, reading(text), text) for where, text in texts if grade_level(text) > MAX_GRADE]
    assert not too_hard, "Text above reading grade 8 (rewrite in content/):\n" + "\n".join(
        f"  {where}: {r}\n    {text}" for where, r, text in too_hard)


# ---- the measure itself -----------------------------------------------------------------------------------

@pytest.mark.parametrize("word,count", [
    ("cat", 1), ("home", 1), ("care", 1), ("table", 2), ("people", 2), ("housing", 2), ("homeless", 2),
    ("management", 3), ("community", 4), ("facility", 4), ("changes", 2), ("needed", 2), ("moved", 1),
    ("caregiver", 3), ("ECM", 3), ("Medi-Cal", 3), ("hospital", 3), ("emergency", 4), ("condition", 3),
])
def test_syllable_heuristic(word, count):
    assert syllables(word) == count


def test_grade_of_known_texts():
    assert grade_level("The cat sat on the mat.") < 1
    # Long sentence with long words: college level.
    hard = ("Individuals experiencing significant behavioral health complications necessitating coordinated "
            "interdisciplinary intervention are eligible for comprehensive management.")
    assert grade_level(hard) > 16
    assert grade_level("") == 0.0
    # Two short sentences read easier than the same words as one.
    one = "You can get help with rent and you can get help with food and you can get a ride."
    two = "You can get help with rent. You can get help with food. You can get a ride."
    assert grade_level(two) < grade_level(one)
