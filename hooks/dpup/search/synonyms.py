"""Search synonyms: words people type, mapped to the words the policy uses.

Two sources: every glossary term with its `synonyms` (data/glossary.yml), both ways, so
`stewardship` finds Kaitiakitanga and `whanau` finds "family"; and data/search.yml for
common words that are not glossary terms (`consent` -> Transparency and choice).
The map is keyed by stems, as the index stores words, and ships with the index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..content.schema import SearchFile, Term
from . import text as search_text

if TYPE_CHECKING:  # lunr has no types (pyproject.toml): the name says what the value is
    from lunr.index import Index


def stems(index: Index, phrase: str) -> list[str]:
    """A phrase as the index stores it: folded, stop words dropped, stemmed."""
    return [
        s for w in search_text.words(phrase) if not search_text.is_stop_word(w) if (s := search_text.stem(index, w))
    ]


def synonym_map(index: Index, glossary: list[Term], extra: SearchFile) -> dict[str, list[str]]:
    """{stems of what is typed: [index terms to add]}, for search_text.plan."""
    pairs: list[tuple[str, str]] = []
    for term in glossary:
        for synonym in term.synonyms:
            pairs += [(synonym, term.term), (term.term, synonym)]
    for group in extra.synonyms:
        pairs += [(word, policy) for word in group.words for policy in group.policy]
    out: dict[str, list[str]] = {}
    for typed, meant in pairs:
        key = " ".join(stems(index, typed))
        if not key:
            continue
        added = out.setdefault(key, [])
        added += [s for s in stems(index, meant) if s not in added and s not in key.split()]
    return {k: v for k, v in sorted(out.items()) if v}
