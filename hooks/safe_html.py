"""Hook: every page's HTML, the trust boundary's last lines (CONTRIBUTING.md, "Security model").

Each page's HTML passes the allow-list before any other hook reads it (dpup/content/rendered.py,
sanitise.py); templates escape every value they print; no text that Material reads back as HTML
holds markup (dpup/content/reparsed.py). A problem found in a page stops the build before any page
is written, and one found in a written page before the search index and PDFs are made; each
names the file and line it came from, every one at once.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from adapter import project_dir, reported
from dpup import build
from dpup.content import rendered, reparsed
from dpup.content.errors import raise_problems


@event_priority(100)  # before any other hook reads the page's HTML
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Clean the page's HTML against the allow-list; anything it had to change stops the build."""
    current = build.current()
    src_uri, by_hand = page.file.src_uri, page.file.generated_by is None
    written, cached = current.model.pages.get(src_uri), current.cache("sanitised", "dpup.content.sanitise").get_or_make
    cleaned, problems = rendered.checked_html(
        html,
        src_uri,
        page.url,
        page.toc.items,
        written,
        by_hand,
        lambda: _site_urls(files),
        project_dir(config),
        cached,
    )
    current.page_problems += problems
    return cleaned


def _site_urls(files: Files) -> set[str]:
    """What a raw link may lead to: every page and file of the site."""
    return {f.url for f in files} | {f.dest_uri for f in files}


@event_priority(-100)  # last: the page as readers get it, te reo glosses and all
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Note markup in any text that Material reads back as HTML (dpup/content/reparsed.py)."""
    by_hand = page.file.generated_by is None
    build.current().output_problems += reparsed.problems(output, page.file.src_uri, by_hand, project_dir(config))
    return output


@event_priority(100)  # before the search index and PDFs are made of pages that must not ship
@reported
def on_post_build(config: MkDocsConfig) -> None:
    """Stop if a written page held markup that Material would read back as HTML (every one at once)."""
    raise_problems(list(dict.fromkeys(build.current().output_problems)))


@reported
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Stop before writing any page if a page was unsafe; then escape every value templates print."""
    raise_problems(list(dict.fromkeys(build.current().page_problems)))  # a data file's text on many pages counts once
    env.autoescape = True
    return env
