"""Addresses that lead somewhere other than they seem. A host name that looks like another:
`www.prіvacy.org.nz` with a Cyrillic "і" is a different
site from `www.privacy.org.nz`, and reads the same in a diff.

Browsers show such a host in its encoded form (`xn--…`) when one label mixes scripts, and so
does this check refuse it: a label may hold letters of one script only. Te reo Māori hosts
(`māori.nz`) are Latin letters with macrons, so they pass. And a name before '@':
`https://www.privacy.org.nz@elsewhere.example/` leads to elsewhere.example.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit


def _script(letter: str) -> str:
    """The script a letter belongs to, from its Unicode name: 'LATIN SMALL LETTER A' -> 'LATIN'."""
    return unicodedata.name(letter, "UNKNOWN").split(" ")[0]


def _readable(label: str) -> str | None:
    """A label as people read it (`xn--` labels decoded); None if it cannot be decoded."""
    if not label.lower().startswith("xn--"):
        return label
    try:
        return label.encode("ascii").decode("idna")
    except UnicodeError:
        return None


def look_alike(address: str) -> str | None:
    """The label of an address's host that mixes scripts (or cannot be read), if there is one."""
    try:
        host = urlsplit(address.strip()).hostname or ""
    except ValueError:
        return None  # not an address a browser can follow; other checks judge it
    for label in host.split("."):
        readable = _readable(label)
        if readable is None or len({_script(c) for c in readable if c.isalpha()}) > 1:
            return readable or label
    return None


def names_a_user(address: str) -> bool:
    """The address has a name (or a password) before '@' in its host part."""
    try:
        return "@" in urlsplit(address.strip()).netloc
    except ValueError:
        return False  # not an address a browser can follow; other checks judge it
