"""The one text pipeline of search, and the query our worker runs, in Python.

overrides/assets/javascripts/search/core.js is the same code in JavaScript: the index is built
here and queried there, so every rule below has a twin there. tests/test_search.py proves
they agree (the same questions give the same first results in both).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, TypedDict

from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.query import Query
from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import stop_word_filter

from ..text import fold as fold_chars
from .documents import Stored

if TYPE_CHECKING:  # lunr has no types (pyproject.toml): these names say what each value is
    from lunr.index import Index
    from lunr.match_data import MatchData
    from lunr.token import Token

FOLD_LABEL = "dpup-fold"  # the name both pipelines register, stored in the serialized index
EDGES = re.compile(r"^[^a-z0-9]+|[^a-z0-9]+$")
WORD_SPLIT = re.compile(r"[^a-z0-9']+")

# Query weights: the words typed count most, a prefix (a word still being typed) less,
# and the policy's own words that a synonym adds less again.
EXACT_BOOST = 1.0
PREFIX_BOOST = 0.3
SYNONYM_BOOST = 0.5
PREFIX_MIN = 3  # shorter prefixes match too much to help
SYNONYM_SPAN = 3  # the longest synonym phrase, in words


class Planned(TypedDict):
    """A word of the query, with the index terms that count as a match for it (plan)."""

    word: str
    stem: str
    prefix: bool  # long enough to match the start of a word too
    synonyms: list[str]


class Result(TypedDict):
    """One result of lunr's Index.query."""

    ref: str
    score: float
    match_data: MatchData


class Ranked(Stored):
    """A result as our worker returns it (rank): the store's document, its score, the words it matched."""

    score: float
    terms: dict[str, bool]


def fold(text: str) -> str:
    """Lower-case, drop diacritics (tāngata -> tangata), trim punctuation and a possessive 's.

    lunr's own trimmer is not used: it treats non-ASCII letters as punctuation (hapū -> hap).
    """
    text = EDGES.sub("", fold_text(text))
    if text.endswith("'s"):
        text = EDGES.sub("", text[:-2])
    return text


# A lunr pipeline function: the token, its place and the tokens; None drops the token.
PipelineFunction = Callable[["Token", "int | None", "list[Token] | None"], "Token | None"]


def _register(label: str, function: PipelineFunction) -> None:
    """Registered by hand (as register_function does, without its warning): the preview reloads this
    module for each build, and the pipeline must name this module's function, not an old one.
    lunr finds a function's name in its `label` attribute."""
    vars(function)["label"] = label
    Pipeline.registered_functions[label] = function


def fold_token(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token | None:
    """The pipeline function: lunr drops a token that folds to nothing."""
    folded = fold(str(token))
    return token.update(lambda *_: folded) if folded else None


_register(FOLD_LABEL, fold_token)


class _LunrJsPorter(PorterStemmer):  # type: ignore[misc]  # lunr has no types: PorterStemmer is Any
    """The Porter stemmer exactly as lunr.js 2.3.9 runs it.

    The Python port turns a final y into i after any vowel in the stem (day -> dai), lunr.js
    only right after a consonant (try -> tri, day stays). The index is stemmed here and
    queries there, so we follow lunr.js.
    """

    b: str  # the word being stemmed, from k0 to k (PorterStemmer's own names)
    k0: int
    k: int

    def step1c(self) -> None:
        word = self.b[self.k0 : self.k + 1]
        if len(word) >= 3 and word.endswith("y") and word[-2] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1 :]


_porter = _LunrJsPorter()


def stemmer(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
    return token.update(_porter.stem)


# Under lunr's own name, so the serialized index says "stemmer" and lunr.js uses its own.
_register("stemmer", stemmer)


def new_builder() -> Builder:
    """A lunr builder with our pipeline: fold, English stop words, Porter stemmer (as lunr.js)."""
    builder = Builder()
    builder.pipeline.add(fold_token, stop_word_filter, stemmer)
    # The search pipeline is what the serialized index names; lunr.js runs it on query terms.
    builder.search_pipeline.add(fold_token, stemmer)
    return builder


def words(query: str) -> list[str]:
    """The words of a query, folded, in order."""
    return [w for w in (fold(part) for part in WORD_SPLIT.split(fold_text(query))) if w]


def fold_text(text: str) -> str:
    """Lower-case, drop diacritics (dpup.text.fold) and straighten apostrophes, keeping everything else."""
    return "".join(c for c in fold_chars(text) if not unicodedata.combining(c)).replace("\u2019", "'")


def is_stop_word(word: str) -> bool:
    return stop_word_filter(word) is None


def stem(index: Index, word: str) -> str:
    """A word as the index stores it (folded and stemmed by the index's own pipeline)."""
    out: list[str] = index.pipeline.run_string(word)
    return out[0] if out else ""


def plan(index: Index, query: str, synonyms: dict[str, list[str]]) -> list[Planned]:
    """The query's words, each with the index terms that count as a match for it.

    Stop words are dropped unless the query has nothing else. A run of words that is a
    synonym key (stems joined by spaces) adds that key's expansion to each word of the run.
    """
    all_words = words(query)
    kept = [w for w in all_words if not is_stop_word(w)] or all_words
    items: list[Planned] = [
        {"word": w, "stem": stem(index, w), "prefix": len(w) >= PREFIX_MIN, "synonyms": []} for w in kept
    ]
    items = [i for i in items if i["stem"]]
    for start in range(len(items)):
        for size in range(1, SYNONYM_SPAN + 1):
            span = items[start : start + size]
            if len(span) < size:
                break
            key = " ".join(i["stem"] for i in span)
            for item in span:
                item["synonyms"] += [t for t in synonyms.get(key, []) if t not in item["synonyms"]]
    return items


def run(index: Index, items: list[Planned]) -> list[Result]:
    """Run the planned query against a lunr index: lunr's results, best first."""
    if not items:
        return []
    query = index.create_query()
    for item in items:
        query.term(item["stem"], use_pipeline=False, boost=EXACT_BOOST)
        if item["prefix"]:
            query.term(item["word"], use_pipeline=False, boost=PREFIX_BOOST, wildcard=Query.WILDCARD_TRAILING)
        for term in item["synonyms"]:
            query.term(term, use_pipeline=False, boost=SYNONYM_BOOST)
    results: list[Result] = index.query(query)
    return results


def matched_words(items: list[Planned], terms: list[str]) -> dict[str, bool]:
    """Material's `terms`: each query word, and whether this result matched it."""

    def hit(item: Planned) -> bool:
        return any(
            t == item["stem"] or (item["prefix"] and t.startswith(item["word"])) or t in item["synonyms"] for t in terms
        )

    return {item["word"]: hit(item) for item in items}


def rank(index: Index, docs: list[Stored], query: str, synonyms: dict[str, list[str]]) -> list[list[Ranked]]:
    """Results grouped by page, best page first, as our worker returns them (without highlighting).

    As in Material's own worker: a page's own entry gets a lift over its sections, and a
    result that matches more of the query's words goes up.
    """
    items = plan(index, query, synonyms)
    scored: list[Ranked] = []
    for result in run(index, items):
        doc = docs[int(result["ref"])]
        terms = matched_words(items, list(result["match_data"].metadata))
        share = sum(terms.values()) / len(terms) if terms else 0
        lift = (0 if "#" in doc["location"] else 1) + share
        scored.append({**doc, "score": result["score"] * (1 + lift**2), "terms": terms})
    scored.sort(key=lambda r: -r["score"])
    groups: dict[str, list[Ranked]] = {}
    for item in scored:
        groups.setdefault(item["location"].split("#")[0], []).append(item)
    return list(groups.values())
