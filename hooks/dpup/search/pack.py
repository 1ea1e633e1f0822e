"""Pack a serialized lunr index for the wire, losslessly, and unpack it again.

lunr's JSON says everything twice: each (field, document, term) is in the inverted index
and again in the field vectors. With no metadata kept, the inverted index follows from the
vectors, so we ship only the sorted terms and the vectors (term numbers as gaps). The worker
(core.js `unpack`) rebuilds exactly `Index.serialize()` and hands it to `lunr.Index.load`.
"""

from __future__ import annotations

import math
from typing import Any

DIGITS = 2  # significant digits kept of each term score: ranks barely move, the file shrinks by a third
# A serialized or packed index: JSON whose lists hold terms and numbers side by side.
JSON = dict[str, Any]


def pack(serialized: JSON, digits: int = DIGITS) -> JSON:
    """A compact form of a lunr 2.3.9 serialized index built with no metadata.

    Scores are rounded to `digits` significant digits: search the unpacked index, not the
    original, to see what readers get (the tests do).
    """
    terms = [term for term, _ in serialized["invertedIndex"]]
    number = {posting["_index"]: i for i, (_, posting) in enumerate(serialized["invertedIndex"])}
    fields = serialized["fields"]
    by_ref: dict[str, dict[str, list[float]]] = {}  # the term gaps are whole numbers
    for field_ref, elements in serialized["fieldVectors"]:
        field, ref = field_ref.split("/", 1)
        pairs = sorted((number[elements[i]], elements[i + 1]) for i in range(0, len(elements), 2))
        flat: list[float] = []
        previous = 0
        for n, score in pairs:
            flat += [n - previous, significant(score, digits)]
            previous = n
        by_ref.setdefault(ref, {})[field] = flat
    refs = list(by_ref)
    vectors = {f: [by_ref[ref].get(f, []) for ref in refs] for f in fields}
    return {
        "version": serialized["version"],
        "pipeline": serialized["pipeline"],
        "fields": fields,
        "refs": refs,
        "terms": terms,
        "vectors": vectors,
    }


def unpack(packed: JSON) -> JSON:
    """The serialized index again, with terms numbered in sorted order (lunr.js does the same)."""
    fields, refs, terms = packed["fields"], packed["refs"], packed["terms"]
    inverted: list[list[Any]] = [[t, {"_index": i, **{f: {} for f in fields}}] for i, t in enumerate(terms)]
    vectors: list[list[Any]] = []
    for ref_no, ref in enumerate(refs):
        for field in fields:
            flat = packed["vectors"][field][ref_no]
            elements: list[float] = []
            n = 0
            for i in range(0, len(flat), 2):
                n += flat[i]
                elements += [n, flat[i + 1]]
                inverted[n][1][field][ref] = {}
            vectors.append([f"{field}/{ref}", elements])
    return {
        "version": packed["version"],
        "fields": fields,
        "fieldVectors": vectors,
        "invertedIndex": inverted,
        "pipeline": packed["pipeline"],
    }


def significant(x: float, digits: int) -> float:
    if x == 0:
        return 0
    rounded = round(x, digits - 1 - math.floor(math.log10(abs(x))))
    return int(rounded) if rounded == int(rounded) else rounded
