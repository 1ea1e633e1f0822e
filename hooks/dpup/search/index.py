"""The prebuilt search index: Material's sections of each page, with our front matter, in lunr.

Built once, after the build, and shipped with the synonyms the worker needs, so readers'
browsers never build an index (overrides/assets/javascripts/search/).
"""

from __future__ import annotations

import html
import json
from typing import Any, TypedDict

from ..content.model import ContentModel
from . import documents, pack, synonyms, text


class Shipped(TypedDict):
    """What the worker needs besides the store: the packed index and the synonym map."""

    index: pack.JSON
    synonyms: dict[str, list[str]]


def build_index(indexed: list[documents.Indexed], content: ContentModel) -> Shipped:
    """The lunr index (packed) and the synonym map the worker needs: the slow part, cached."""
    builder = text.new_builder()
    builder.ref("ref")
    builder.b(documents.B)
    for name, boost in documents.FIELDS:
        builder.field(name, boost=boost)
    for doc, attributes in indexed:
        builder.add(doc, attributes)
    index = builder.build()
    found = synonyms.synonym_map(index, list(content.data.glossary.values()), content.data.search)
    return {"index": pack.pack(index.serialize()), "synonyms": found}


def cache_inputs(indexed: list[documents.Indexed], content: ContentModel) -> tuple[str, ...]:
    """Everything the index depends on, as text, for the cache key."""
    return (compact(indexed), repr([t.model_dump() for t in content.data.glossary.values()]), repr(content.data.search))


def escape_page_titles(material_index: dict[str, Any]) -> dict[str, Any]:
    """For Material's own search (DPUP_STOCK_SEARCH=1): its results show titles as HTML, and a
    page's own entry takes its title from front matter as written, so escape those."""
    for doc in material_index["docs"]:
        if "#" not in doc["location"]:
            doc["title"] = html.escape(doc["title"], quote=False)
    return material_index


def compact(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
