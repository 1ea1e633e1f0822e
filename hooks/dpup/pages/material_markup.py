"""Two fixes to the markup of Material's base.html (9.8.2), which cannot be overridden in part.

Its drawer and search toggles are checkboxes with `autocomplete="off"`, which HTML allows only on
text-like inputs (the W3C Nu checker reports it on every page). Material added it so Firefox would
not restore an open drawer on reload; nothing else reads it. If Material changes these lines the
build stops here, so the fix is looked at again rather than silently lost.
"""

from __future__ import annotations

TOGGLES = [
    (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">',
    ),
    (
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">',
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">',
    ),
]


def valid_toggles(page_html: str) -> str:
    """The page with Material's two toggles as valid HTML."""
    for material, valid in TOGGLES:
        if material not in page_html:
            raise ValueError(
                "Material's base.html no longer writes the drawer and search toggles as "
                "hooks/dpup/pages/material_markup.py expects: compare it with the installed "
                "Material and update TOGGLES."
            )
        page_html = page_html.replace(material, valid, 1)
    return page_html
