"""The policy's build, free of MkDocs: everything the hooks in hooks/ adapt to MkDocs' events.

The flow: content/ reads and checks the policy, history/ adds what changed and what is out for
consultation, pages/ writes what readers see on each page, search/ and pdf/ make the other
outputs; run.py says what this run is, build.py holds what one build learns, cache.py keeps the
slow steps' results between builds.

- content/: the content model. The schema of front matter and every data file (schema.py,
  tool_schema.py), loading and checking them (model.py, tools.py, errors.py), review dates
  (review.py), the limits on costly input (limits.py) and the trust boundary: the files of the
  content tree (files.py), page Jinja parsed and allowed (safety.py), page HTML (sanitise.py),
  raw links (links.py), text Material reads back as HTML (reparsed.py), those checks of each
  rendered page together (rendered.py) and where a problem found in built HTML came from
  (trace.py). mkdocs.yml is read safely first (config_check.py); its `extra:` settings are
  typed and checked once per build (settings.py); the preview checks changed pages again
  (preview.py).
- pages/: what the macros and templates put on a page: the macros' registry (macros.py), the
  fragments they write (fragments.py), the tools (tools.py) and the diagrams of the guides and
  the sharing rules, drawn with Graphviz (diagram.py), generated pages such as the
  audience views, built from parsed blocks (views.py) and loaded into the model (generated.py),
  te reo markup (te_reo.py) and the last touches to each page's HTML (finish.py), the
  plain-language measures of one text (readability.py) and the site's gate and report
  (plain_language.py), and the template context (context.py).
- search/: the prebuilt lunr index: the text pipeline shared with the browser (text.py), the
  documents (documents.py), synonyms, packing, lunr.js itself and the files written into the
  site (site_files.py).
- history/: what changed and what is out for consultation: each page's change entries and
  "What changed" list (changes.py), the Atom feeds (feeds.py), the comparison with the last
  kept version (compare.py), consultation banners and links (consultation.py) and the pull
  request check for missing entries (check.py).
- pdf/: the PDF editions: which there are (editions.py), their print HTML (print_html.py), the
  guides' posters (posters.py), rendering with WeasyPrint (render.py, tags.py), all of them made
  from the built pages (make.py), and the downloads page (downloads.py).
- office/: the Word and PowerPoint files to edit, made with the PDFs: which there are and what
  each is made from (documents.py), a page's Markdown read as blocks of plain runs, with only
  http(s) links (source.py), and writing them with python-docx (word.py) and python-pptx
  (slides.py).
- download.py: the record of a file the downloads page lists, which every output registers.
- text.py, local.py: small helpers shared by the hooks, tests and bench scripts.

Nothing here imports mkdocs, the parts import each other in one direction only, and build.py
depends on content/ and the top-level modules alone (tests/test_architecture.py checks all
three), so the policy logic would survive a move to another engine.
"""

from __future__ import annotations

from .content.errors import Problem

# The order of the hooks in mkdocs.yml, and why it matters:
# - content first: it starts the build and loads the model every other hook reads;
# - safe_html next, beside it: its checks run by event priority (first on a page's HTML, last on
#   the page as written), so its place only keeps the trust boundary together;
# - history next: each page's "What changed" list joins its Markdown before the pages hook reads it;
# - pages next: its generated pages need the model, and its plain-language gate the pages;
# - search after pages: the index reads every page as written, te reo and all;
# - offline before pdf: the offline zip is one of the downloads pdf lists;
# - pdf last: it fills the downloads page after every other hook has made its files.
HOOK_ORDER = ["content", "safe_html", "history", "pages", "search", "offline", "pdf"]


def hook_order_problems(hooks: list[str]) -> list[Problem]:
    """A problem unless mkdocs.yml lists exactly our hooks, in HOOK_ORDER."""
    if hooks == HOOK_ORDER:
        return []
    return [
        Problem(
            "mkdocs.yml",
            None,
            "hooks",
            f"the hooks must be listed in this order: {', '.join(f'hooks/{h}.py' for h in HOOK_ORDER)} "
            f"(got {', '.join(hooks) or 'none'}); dpup/__init__.py says why.",
        )
    ]
