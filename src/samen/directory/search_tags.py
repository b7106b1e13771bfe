"""Filters as words of the search index.

A filter that few services pass (a topic, a spoken language, "anonymous") used to be checked
row by row while search walked the text's matches in order, so its cost grew with how rare the
filter was among them. Each such property of a service is now a word in the `tags` of its
search document: a column of the FTS5 table on SQLite (the text query is kept to the text
columns), its own GIN-indexed tsvector on PostgreSQL. A filter is then part of the full-text
query, and both indexes intersect its list of services with the text's, in service order,
before a single row is read (migration 0011).

The words are made of letters and digits only, so both tokenizers keep each one whole.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

INTERPRETER = "xinterp"
# Open day and night, for everyone, in the whole country: the lines a language never leaves
# out (search.Reach.URGENT_LINE).
URGENT_LINE = "xurgent"
FLAGS = {
    "anonymous": "xanon",
    "free_of_charge": "xfree",
    "open_24_7": "xday",
    "advice_for_professionals": "xpro",
}
# Matches no service: a filter on a topic that does not exist.
NOTHING = "xnone"
# Tags that each only a small part of the services carry, by how the data is made: a service
# has one or two of about fifteen topics and a few of some forty languages, and few are open
# day and night. A query with one of them is best started from the tag's list.
SELECTIVE_PREFIXES = ("xt", "xl")
SELECTIVE = frozenset({URGENT_LINE, FLAGS["open_24_7"], NOTHING})


def topic_tag(term_id: int) -> str:
    return f"xt{term_id}"


def language_tag(code: str) -> str:
    return "xl" + re.sub(r"[^0-9a-z]", "", code.lower())


def service_tags(
    *,
    flags: dict[str, bool],
    interpreter: bool,
    urgent_line: bool,
    topic_ids: Iterable[int],
    language_codes: Iterable[str],
) -> str:
    """The tags of one service, as stored in its search document."""
    tags = [tag for flag, tag in FLAGS.items() if flags.get(flag)]
    if interpreter:
        tags.append(INTERPRETER)
    if urgent_line:
        tags.append(URGENT_LINE)
    tags += sorted({topic_tag(i) for i in topic_ids})
    tags += sorted({language_tag(code) for code in language_codes})
    return " ".join(tags)


@dataclass(frozen=True)
class TagQuery:
    """Every tag of `all_of`, at least one of each group in `any_of`, none of `none_of`."""

    all_of: tuple[str, ...] = ()
    any_of: tuple[tuple[str, ...], ...] = ()
    none_of: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.all_of or self.any_of or self.none_of)

    @property
    def selective(self) -> bool:
        """Whether a tag it requires is one that few services carry (SELECTIVE)."""

        def rare(tag: str) -> bool:
            return tag in SELECTIVE or tag.startswith(SELECTIVE_PREFIXES)

        return any(rare(tag) for tag in self.all_of) or any(
            all(rare(tag) for tag in group) for group in self.any_of
        )

    def fts5(self, text: str = "") -> str:
        """An FTS5 query: `text` (a query on the text columns) and these tags. There is always
        something to match: text, a tag or a group (a filter adds one of those)."""
        positive = [*self.all_of, *("(" + " OR ".join(group) + ")" for group in self.any_of)]
        parts = ([f"({text})"] if text else []) + (
            [f"tags : ({' AND '.join(positive)})"] if positive else []
        )
        query = " AND ".join(parts)
        if self.none_of:
            query = f"({query}) NOT tags : ({' OR '.join(self.none_of)})"
        return query

    def tsquery(self) -> str:
        """A PostgreSQL tsquery (simple configuration) of the tags."""
        parts = [f"'{tag}'" for tag in self.all_of]
        parts += ["(" + " | ".join(f"'{tag}'" for tag in group) + ")" for group in self.any_of]
        parts += [f"!'{tag}'" for tag in self.none_of]
        return " & ".join(parts)
