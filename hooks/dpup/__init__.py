"""The policy's build, free of MkDocs: everything the hooks in hooks/ adapt to MkDocs' events.

The flow: content/ reads and checks the policy, history/ adds what changed and what is out for
consultation, pages/ writes what readers see on each page, search/ and pdf/ make the other
outputs; run.py says what this run is, build.py holds what one build learns, cache.py keeps the
slow steps' results between builds.

- content/: the content model. The schema of front matter and every data file (schema.py,
  tool_schema.py), loading and checking them (model.py, tools.py, errors.py), review dates
  (review.py), the limits on costly input (limits.py) and the trust boundary: the files of the
  content tree (files.py), page Jinja parsed and allowed (safety.py), page HTML (sanitise.py),
  raw links (links.py), text Material reads back as HTML (reparsed.py) and where a problem found
  in built HTML came from (trace.py). mkdocs.yml is read safely first (config_check.py);
  its `extra:` settings are typed and checked once per build (settings.py).
- pages/: what the macros and templates put on a page: the macros' registry (macros.py), the
  fragments they write (fragments.py), the tools (tools.py) and the diagrams of the guides and
  the sharing rules, drawn with Graphviz (diagram.py), generated pages such as the
  audience views, built from parsed blocks (views.py), te reo markup (te_reo.py), the
  plain-language measures (readability.py) and the template context (context.py).
- search/: the prebuilt lunr index: the text pipeline shared with the browser (text.py), the
  documents (documents.py), synonyms, packing and lunr.js itself.
- history/: what changed and what is out for consultation: each page's change entries and
  "What changed" list (changes.py), the Atom feeds (feeds.py), the comparison with the last
  kept version (compare.py), consultation banners and links (consultation.py) and the pull
  request check for missing entries (check.py).
- pdf/: the PDF editions: which there are (editions.py), their print HTML (print_html.py), the
  guides' posters (posters.py), rendering with WeasyPrint (render.py, tags.py) and the downloads
  page (downloads.py).
- office/: the Word and PowerPoint files to edit, made with the PDFs: which there are and what
  each is made from (documents.py), a page's Markdown read as blocks of plain runs, with only
  http(s) links (source.py), and writing them with python-docx (word.py) and python-pptx
  (slides.py).
- text.py, local.py: small helpers shared by the hooks, tests and bench scripts.

Nothing here imports mkdocs (tests/test_architecture.py checks), so the policy logic would
survive a move to another engine.
"""

from __future__ import annotations

from .content.errors import Problem

# The order of the hooks in mkdocs.yml, and why it matters:
# - content first: it starts the build and loads the model every other hook reads;
# - history next: each page's "What changed" list joins its Markdown before the pages hook reads it;
# - pages next: its generated pages need the model, and its plain-language gate the pages;
# - search after pages: the index reads every page as written, te reo and all;
# - offline before pdf: the offline zip is one of the downloads pdf lists;
# - pdf last: it fills the downloads page after every other hook has made its files.
HOOK_ORDER = ["content", "history", "pages", "search", "offline", "pdf"]


def hook_order_problems(hooks: list[str]) -> list[Problem]:
    """A problem unless mkdocs.yml lists exactly our hooks, in HOOK_ORDER."""
    if hooks == HOOK_ORDER:
        return []
    return [Problem("mkdocs.yml", None, "hooks",
                    f"the hooks must be listed in this order: {', '.join(f'hooks/{h}.py' for h in HOOK_ORDER)} "
                    f"(got {', '.join(hooks) or 'none'}); dpup/__init__.py says why.")]
