"""Need search across languages: a query in any of the platform's languages, misspelt or in
everyday words, is matched against the vocabulary of needs — every topic's names and the
synonyms of data/vocabulary/<language>.yaml and of staff (TopicSynonym) — with rapidfuzz.

Folded text (case, accents, Arabic diacritics) on both sides, so "Huislijk GEWELD" meets
"huiselijk geweld"; the vocabulary is kept per process and dropped when it is loaded again.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.core.cache import caches
from rapidfuzz import fuzz, process

from samen.core.translation import fold

from .models import TaxonomyTerm, TopicSynonym

# A whole query this close to a phrase is taken as that need (and offered as "did you mean").
PHRASE_SCORE = 86
# A single word of the query this close to a one-word phrase (long words only: short words
# are too easily close to other short words).
WORD_SCORE = 88
WORD_MIN_LENGTH = 5
VOCABULARY_KEY = "needs:vocabulary"
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


def vocabulary() -> tuple[Phrase, ...]:
    cached: tuple[Phrase, ...] | None = caches["local"].get(VOCABULARY_KEY)
    if cached is None:
        cached = _load()
        caches["local"].set(VOCABULARY_KEY, cached, VOCABULARY_SECONDS)
    return cached


def forget_vocabulary() -> None:
    caches["local"].delete(VOCABULARY_KEY)
    _index.cache_clear()


@dataclass(frozen=True)
class _Index:
    codes: dict[str, set[str]]  # by folded phrase
    shown: dict[str, str]  # folded phrase -> as written
    texts: list[str]
    words: list[str]  # the one-word phrases


@lru_cache(maxsize=4)
def _index(phrases: tuple[Phrase, ...]) -> _Index:
    codes: dict[str, set[str]] = {}
    shown: dict[str, str] = {}
    for phrase in phrases:
        codes.setdefault(phrase.text, set()).add(phrase.code)
        shown.setdefault(phrase.text, phrase.shown)
    texts = list(codes)
    return _Index(codes, shown, texts, [text for text in texts if " " not in text])


def understand(query: str) -> NeedMatch | None:
    """The needs a query names: its phrases typed as they are (whole words), else the phrase
    the whole query or one of its long words is a close misspelling of."""
    key = _key(query)
    if not key:
        return None
    index = _index(vocabulary())
    padded = f" {key} "
    exact = {code for text in index.texts if f" {text} " in padded for code in index.codes[text]}
    if exact:
        return NeedMatch(tuple(sorted(exact)))
    best = process.extractOne(key, index.texts, scorer=fuzz.ratio, score_cutoff=PHRASE_SCORE)
    if best is not None:
        return NeedMatch(tuple(sorted(index.codes[best[0]])), corrected=index.shown[best[0]])
    found: set[str] = set()
    corrected = key.split()
    for position, word in enumerate(corrected):
        if len(word) < WORD_MIN_LENGTH:
            continue
        close = process.extractOne(word, index.words, scorer=fuzz.ratio, score_cutoff=WORD_SCORE)
        if close is not None:
            found |= index.codes[close[0]]
            corrected[position] = index.shown[close[0]]
    if found:
        return NeedMatch(tuple(sorted(found)), corrected=" ".join(corrected))
    return None
