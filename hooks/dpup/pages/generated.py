"""The generated pages (views.py writes them) loaded into the content model, as the written pages
are, so the templates and the other outputs read them the same way."""

from __future__ import annotations

from collections.abc import Callable

from ..content.errors import Problem, raise_problems
from ..content.model import ContentModel, Page, load_page
from .views import generated_pages


def load_all(content: ContentModel) -> tuple[dict[str, str], list[Problem]]:
    """Every generated page's Markdown by docs path, each loaded into the model; what was wrong."""
    problems: list[Problem] = []
    made = generated_pages(content)
    for src_uri, markdown in made.items():
        page, found = load_page(src_uri, markdown, content.data)
        problems += found
        if page:
            content.generated[src_uri] = page
    return made, problems


def load_changed(content: ContentModel, markdown_of: Callable[[str], str | None]) -> dict[str, str]:
    """After only the text of written pages changed (the preview, bin/preview.py): the generated
    pages that came out different from `markdown_of` (None: no such page), loaded into the model
    once all are good; a problem in any stops the preview first."""
    again: dict[str, tuple[str, Page]] = {}
    for src_uri, markdown in generated_pages(content).items():
        before = markdown_of(src_uri)
        if before is not None and before != markdown:
            page, problems = load_page(src_uri, markdown, content.data)
            raise_problems(problems)
            assert page is not None  # load_page gives the page or, raised above, its problems
            again[src_uri] = (markdown, page)
    for src_uri, (_, page) in again.items():  # only once all are good
        content.generated[src_uri] = page
    return {src_uri: markdown for src_uri, (markdown, _) in again.items()}
