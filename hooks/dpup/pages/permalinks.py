"""The "¶" link Python-Markdown's table of contents adds inside every heading.

Inside the heading it becomes part of the heading's accessible name ("Purpose ¶"), so a screen
reader's list of headings reads a pilcrow after each. It is hidden from assistive technology and
the Tab order: the table of contents links to every section, and the mouse can still use it.
"""

from __future__ import annotations

import re

# As Python-Markdown writes it (mkdocs.yml: toc permalink and permalink_title).
PERMALINK = re.compile(r'<a class="headerlink" href="#[^"]*" title="[^"]*"(?=>)')


def quiet(html: str) -> str:
    """The page's HTML with each heading's permalink out of its accessible name and the Tab order."""
    return PERMALINK.sub(lambda m: m.group(0) + ' aria-hidden="true" tabindex="-1"', html)
