"""Need search across languages: a query in any of the platform's languages, misspelt or in
everyday words, is matched against the vocabulary of needs — every topic's names and the
synonyms of data/vocabulary/<language>.yaml and of staff (TopicSynonym) — with rapidfuzz.

Folded text (case, accents, Arabic diacritics) on both sides, so "Huislijk GEWELD" meets
"huiselijk geweld"; the vocabulary is kept per process and dropped when it is loaded again.
"""

import re
import time
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from samen.core.translation import fold

from .models import TaxonomyTerm, TopicSynonym

# A whole query this close to a phrase is taken as that need (and offered as "did you mean").
PHRASE_SCORE = 86
# A single word of the query this close to a one-word phrase (long words only: short words
# are too easily close to other short words).
WORD_SCORE = 88
WORD_MIN_LENGTH = 5
VOCABULARY_SECONDS = 600


@dataclass(frozen=True)
class Phrase:
    text: str  # folded, words separated by one space
    code: str
    shown: str  # as written, for "did you mean"


@dataclass(frozen=True)
class NeedMatch:
    codes: tuple[str, ...]
    # The phrase the query was taken for when it was not typed exactly ("did you mean").
    corrected: str = ""


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


def _load() -> tuple[Phrase, ...]:
    phrases: dict[tuple[str, str], Phrase] = {}
    for term in TaxonomyTerm.objects.only("code", "name"):
        for name in term.name.values():
            phrases.setdefault((_key(name), term.code), Phrase(_key(name), term.code, name))
    for text, code in TopicSynonym.objects.values_list("text", "term__code"):
        phrases.setdefault((_key(text), code), Phrase(_key(text), code, text))
    return tuple(phrase for phrase in phrases.values() if phrase.text)


@dataclass(frozen=True)
class _Index:
    codes: dict[str, set[str]]  # topic codes by folded phrase
    shown: dict[str, str]  # folded phrase -> as written, for "did you mean"
    longest: int  # words in the longest phrase
    # Phrases by length, for fuzzy matching: a ratio of 86 or more needs lengths within 25 %.
    by_length: dict[int, list[str]]
    words_by_length: dict[int, list[str]]  # the one-word phrases


def _build(phrases: tuple[Phrase, ...]) -> _Index:
    codes: dict[str, set[str]] = {}
    shown: dict[str, str] = {}
    for phrase in phrases:
        codes.setdefault(phrase.text, set()).add(phrase.code)
        shown.setdefault(phrase.text, phrase.shown)
    by_length: dict[int, list[str]] = {}
    words_by_length: dict[int, list[str]] = {}
    for text in codes:
        by_length.setdefault(len(text), []).append(text)
        if " " not in text:
            words_by_length.setdefault(len(text), []).append(text)
    longest = max((text.count(" ") + 1 for text in codes), default=1)
    return _Index(codes, shown, longest, by_length, words_by_length)


# Kept as a plain object in this process: a cache backend would pickle and unpickle its
# thousands of phrases on every search (milliseconds).
_built: tuple[float, _Index] | None = None


def vocabulary() -> _Index:
    """The vocabulary, built once per process and again after VOCABULARY_SECONDS or
    forget_vocabulary (staff may have added words)."""
    global _built
    now = time.monotonic()
    if _built is None or now - _built[0] > VOCABULARY_SECONDS:
        _built = (now, _build(_load()))
    return _built[1]


def forget_vocabulary() -> None:
    global _built
    _built = None


def _candidates(by_length: dict[int, list[str]], text: str, score: int) -> list[str]:
    """Phrases long enough and short enough to reach `score` against `text` (fuzz.ratio)."""
    factor = score / (200 - score)  # the shortest length ratio that can still reach it
    low, high = int(len(text) * factor), int(len(text) / factor) + 1
    return [phrase for n in range(low, high + 1) for phrase in by_length.get(n, ())]


def understand(query: str) -> NeedMatch | None:
    """The needs a query names: its phrases typed as they are (whole words), else the phrase
    the whole query or one of its long words is a close misspelling of."""
    key = _key(query)
    if not key:
        return None
    index = vocabulary()
    words = key.split()
    exact = {
        code
        for size in range(1, min(index.longest, len(words)) + 1)
        for start in range(len(words) - size + 1)
        for code in index.codes.get(" ".join(words[start : start + size]), ())
    }
    if exact:
        return NeedMatch(tuple(sorted(exact)))
    best = process.extractOne(
        key,
        _candidates(index.by_length, key, PHRASE_SCORE),
        scorer=fuzz.ratio,
        score_cutoff=PHRASE_SCORE,
    )
    if best is not None:
        return NeedMatch(tuple(sorted(index.codes[best[0]])), corrected=index.shown[best[0]])
    found: set[str] = set()
    corrected = list(words)
    for position, word in enumerate(words):
        if len(word) < WORD_MIN_LENGTH:
            continue
        close = process.extractOne(
            word,
            _candidates(index.words_by_length, word, WORD_SCORE),
            scorer=fuzz.ratio,
            score_cutoff=WORD_SCORE,
        )
        if close is not None:
            found |= index.codes[close[0]]
            corrected[position] = index.shown[close[0]]
    if found:
        return NeedMatch(tuple(sorted(found)), corrected=" ".join(corrected))
    return None
