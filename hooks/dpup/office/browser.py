"""The Word file the purpose statement builder fills in the browser (tools/word.js).

python-docx makes it like every other Word file here (word.py): the same heading styles, New
Zealand English and, first, what this edition is. The browser puts the reader's title where
TITLE stands, adds their text after the edition notice, and zips it again with fflate
(assets/javascripts/vendor/). Nothing is sent anywhere.

It travels as a script that sets one global, not as a .docx to fetch: a page opened from
file:// (the offline copy) may load a script but may not fetch a file. It is written into every
build, with or without the downloads, because the builder needs it on every copy of the site.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path

from ..pdf.print_html import Context
from . import word
from .documents import NOTICE, online

SCRIPT = "assets/javascripts/tools/word-template.js"  # in the built site only
TITLE = "Purpose statement"  # the builder's own title replaces it, in the body, footer and properties
SUBJECT = "Made with the purpose statement builder"


def write(site: Path, ctx: Context, date: dt.date) -> None:
    """Write the script into the built site, at SCRIPT."""
    (site / SCRIPT).write_text(script(template(ctx, online(ctx, NOTICE[1]), date)), encoding="utf-8")


def template(ctx: Context, online: str, date: dt.date) -> bytes:
    """The empty document: title, what this edition is, where it came from."""
    return word.save(word.new_document(TITLE, SUBJECT, ctx, online, date))


def script(docx: bytes) -> str:
    """The template as a script: a JSON object of ASCII only (base64), so nothing in it is code."""
    value = {"title": TITLE, "docx": base64.b64encode(docx).decode("ascii")}
    return f"window.dpupWordTemplate = {json.dumps(value)};\n"
