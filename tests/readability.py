"""Reading grade level (Flesch-Kincaid) of plain English, standard library only.

    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

Syllables are counted with a heuristic (vowel groups, a silent final "e", "-ed"/"-es" endings that add no
syllable), which is right for most everyday words and close for the rest; acronyms are read letter by letter
(ECM = 3) and numbers by their digits (60 = 2, 2025 = 4, capped at 4). Good enough to flag a sentence that
is too hard for members; not a replacement for reading the text aloud.

It lives beside its one user, the reading-level test. Why not textstat: its English formulas (0.7.13) read NLTK's
CMU dictionary, which NLTK downloads at run time from outside the package registries this project can reach, so
the test would fail on a fresh machine. The Spanish work should look at textstat's Spanish formulas (Fernandez
Huerta, Szigriszt-Pazos) and check first that they run without a download.

    python3 tests/readability.py "Some text."   prints words, sentences, syllables and the grade
"""
import re
import sys
from dataclasses import dataclass

_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
_SENTENCE_END_RE = re.compile(r"[.!?]+(?=\s|$)|[;:](?=\s)")
_VOWEL_GROUP_RE = re.compile(r"[aeiouy]+")

# Words the rules below get wrong, with their syllable count.
_EXCEPTIONS = {
    "area": 3, "being": 2, "business": 2, "cafe": 2, "create": 2, "created": 3, "every": 2, "everyone": 3,
    "family": 3, "families": 3, "fire": 1, "going": 2, "hour": 1, "hours": 1, "idea": 3, "medi": 2,
    "people": 2, "period": 3, "quiet": 2, "real": 1, "recovering": 4, "science": 2, "someone": 2,
    "theatre": 2, "toward": 2, "towards": 2, "via": 2, "whole": 1, "women": 2, "one": 1, "once": 1,
    "does": 1, "gives": 1, "lives": 1, "lived": 1, "moved": 1, "used": 1, "uses": 2, "caused": 1,
    "serious": 3, "medical": 3, "medicine": 3, "behavioral": 4, "facility": 4, "facilities": 4,
    "coordinates": 4, "coordinate": 3, "coordinator": 4, "variety": 4, "anxiety": 4, "society": 4,
    "diet": 2, "client": 2, "clients": 2, "poem": 2, "reentry": 3, "preexisting": 4,
    "cooperate": 4, "cooperation": 5,
}
_SUFFIXES_NO_SYLLABLE = ("es", "ed")
_SILENT_E_PREFIXES = ("home", "care", "some", "life", "time", "whole", "more", "house", "safe", "side")
_SUFFIXES = {"ment": 1, "ments": 1, "less": 1, "ness": 1, "ful": 1, "ly": 1}


@dataclass(frozen=True)
class Reading:
    words: int
    sentences: int
    syllables: int
    grade: float

    def __str__(self) -> str:
        return (f"grade {self.grade:.1f} ({self.words} words, {self.sentences} sentences, "
                f"{self.syllables} syllables)")


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def sentence_count(text: str) -> int:
    """Sentences end with . ! or ? (or ; and : which split a sentence in two for a reader). A text with words
    but no end mark is one sentence. Dots inside numbers and abbreviations like "e.g." don't count."""
    cleaned = re.sub(r"\b(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|St|No)\.", "", text)
    cleaned = re.sub(r"(?<=\d)\.(?=\d)", "", cleaned)
    count = len(_SENTENCE_END_RE.findall(cleaned.strip()))
    tail = _SENTENCE_END_RE.split(cleaned.strip())[-1]
    if words(tail):
        count += 1
    return max(count, 1 if words(text) else 0)


def syllables(word: str) -> int:
    """Syllables in one word (a hyphenated word counts its parts)."""
    if "-" in word.strip("-"):
        return sum(syllables(part) for part in word.split("-") if part)
    raw = word.strip("'’-")
    if not raw:
        return 0
    if any(ch.isdigit() for ch in raw):
        return min(sum(ch.isdigit() for ch in raw), 4)
    if len(raw) > 1 and raw.isupper():  # acronym: ECM, CCS, CHW
        return len(raw)
    w = raw.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _EXCEPTIONS:
        return _EXCEPTIONS[w]
    # a silent "e" inside a word: compounds (homeless, caregiver) and suffixes (management, safely)
    for prefix in _SILENT_E_PREFIXES:
        if w.startswith(prefix) and len(w) > len(prefix) + 1:
            return 1 + syllables(w[len(prefix):])
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            return syllables(w[: -len(suffix)]) + _SUFFIXES[suffix]
    count = len(_VOWEL_GROUP_RE.findall(w))
    if count <= 1:
        return 1
    # silent final e (home, care), but "-le" after a consonant is a syllable (table, people handled above)
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and len(w) > 2:
        count -= 1
    elif w.endswith("le") and len(w) > 2 and w[-3] in "aeiouy":
        count -= 1
    # "-ed" and "-es" add no syllable unless after t/d (needed) or s/x/z/ch/sh/g/c (places, changes)
    elif w.endswith(_SUFFIXES_NO_SYLLABLE) and len(w) > 3:
        before = w[-3]
        if w.endswith("ed") and before not in "td":
            count -= 1
        elif w.endswith("es") and before not in "sxzgc" and not w.endswith(("ches", "shes")):
            count -= 1
    # vowel pairs that are two syllables: -ia, -io (except -tion, -sion), -eo, -ua
    count += len(re.findall(r"[^aeiouy](?:ia|eo|ua)", w))
    count += len(re.findall(r"[^tsc]io", w))
    return max(count, 1)


def reading(text: str) -> Reading:
    ws = words(text)
    n_words = len(ws)
    n_sentences = sentence_count(text)
    n_syllables = sum(syllables(w) for w in ws)
    if not n_words:
        return Reading(0, 0, 0, 0.0)
    grade = 0.39 * (n_words / n_sentences) + 11.8 * (n_syllables / n_words) - 15.59
    return Reading(n_words, n_sentences, n_syllables, round(grade, 1))


def grade_level(text: str) -> float:
    """Flesch-Kincaid grade level of text (0.0 for text with no words)."""
    return reading(text).grade


if __name__ == "__main__":
    print(reading(" ".join(sys.argv[1:]) or sys.stdin.read()))
