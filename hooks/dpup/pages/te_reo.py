"""Mark te reo Māori (and other non-English) glossary terms so screen readers pronounce them.

Every use of a term becomes <span lang="mi">; the first use on a page also carries the
English gloss as a tooltip (<abbr title tabindex="0">), which Material shows on hover and on
keyboard focus, and screen readers can announce. Matching ignores case and macrons, so a word typed without its
macrons is still marked (and caught by the spelling check, not here).
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString  # where it is defined: bs4 itself does not export it

from ..content.schema import Term
from ..text import fold

# Text inside these is never marked: code, form controls, and things that are not prose.
SKIP = {"code", "pre", "kbd", "samp", "script", "style", "svg", "textarea", "option", "select", "title", "abbr"}


INTERACTIVE = {"a", "button", "summary", "label", "select"}
# Script and style blocks and comments are single tokens; then any tag; the text between.
TOKENS = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<[^>]+>)", re.DOTALL | re.IGNORECASE)
TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
WHOLE_BLOCK = re.compile(r"<(script|style)\b.*</\1>$", re.DOTALL | re.IGNORECASE)  # one token, start to end
FOREIGN = re.compile(r"""\slang=(?!["']?en\b)""")  # an element in another language than English


def term_pattern(terms: list[Term]) -> re.Pattern[str]:
    """One pattern for all terms, longest first, so 'He Tāngata' wins over 'tāngata'."""
    forms = sorted({fold(t.term) for t in terms}, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


class Marker:
    def __init__(self, terms: list[Term]):
        self.terms = [t for t in terms if t.lang != "en"]
        # By the words alone: the pattern matches any run of spaces between them, as text wraps.
        self.by_form = {" ".join(fold(t.term).split()): t for t in self.terms}
        self.pattern = term_pattern(self.terms)

    def mark(self, html: str) -> str:
        """The HTML with every term in its text wrapped; glossed on first use."""
        soup = BeautifulSoup(html, "html.parser")
        glossed: set[str] = set()
        for text in list(soup.find_all(string=True)):
            if type(text) is NavigableString and self._markable(text):  # not comments or CDATA
                self._wrap(soup, text, glossed)
        return str(soup)

    def mark_around(self, html: str) -> str:
        """Mark every term in the text of HTML outside the article (navigation, header, footer),
        which repeats page titles. No glosses there: they belong to the article.

        That HTML is Material's own markup, so a scan of tags and text is enough, and far faster
        than parsing each whole page.
        """
        out, skipping, depth = [], None, 0
        for token in TOKENS.split(html):
            if token.startswith("<"):
                out.append(token)
                tag = TAG_NAME.match(token)
                if tag is None or token.endswith("/>") or WHOLE_BLOCK.match(token):
                    continue
                closing, name = token.startswith("</"), tag.group(1).lower()
                if skipping == name:
                    depth += -1 if closing else 1
                    skipping = skipping if depth else None
                elif skipping is None and not closing and (name in SKIP or FOREIGN.search(token)):
                    skipping, depth = name, 1
            elif skipping is None and token.strip():
                pieces, last = [], 0
                for start, end, term in self._terms_in(token):
                    pieces += [token[last:start], f'<span lang="{term.lang}">{token[start:end]}</span>']
                    last = end
                out.append("".join(pieces) + token[last:])
            else:
                out.append(token)
        return "".join(out)

    def _terms_in(self, text: str) -> list[tuple[int, int, Term]]:
        """Where each term is in the text (its macrons and case ignored): (start, end, term)."""
        return [
            (m.start(), m.end(), self.by_form[" ".join(m.group(0).split())]) for m in self.pattern.finditer(fold(text))
        ]

    def _markable(self, text: NavigableString) -> bool:
        for parent in text.parents:
            if parent.name in SKIP or (isinstance(parent, Tag) and parent.get("lang") not in (None, "en")):
                return False
        return bool(text.strip())

    def _wrap(self, soup: BeautifulSoup, text: NavigableString, glossed: set[str]) -> None:
        original = str(text)
        matches = self._terms_in(original)
        if not matches:
            return
        pieces: list[str | Tag] = []
        last = 0
        for start, end, term in matches:
            pieces.append(original[last:start])
            span = soup.new_tag("span", attrs={"lang": term.lang})
            word = original[start:end]
            if term.id not in glossed and term.gloss:
                glossed.add(term.id)
                # Focusable, so the gloss shows to keyboard users too (Material's tooltips
                # show on focus as on hover; Escape hides them, keyboard.js).
                # Not inside a link or other control, which HTML forbids (it takes focus itself).
                focusable = not any(parent.name in INTERACTIVE for parent in text.parents)
                abbr = soup.new_tag("abbr", attrs={"title": term.gloss, **({"tabindex": "0"} if focusable else {})})
                abbr.string = word
                span.append(abbr)
            else:
                span.string = word
            pieces.append(span)
            last = end
        pieces.append(original[last:])
        for piece in pieces:
            if piece:
                text.insert_before(piece if isinstance(piece, Tag) else NavigableString(piece))
        text.extract()
