"""File names every system can hold: what Windows and macOS would refuse, misread or merge.

Linux takes any name but '/', so a pull request could add `x\\..\\..\\Desktop\\policy.png`: MkDocs
publishes it as it is, and the offline zip would carry it to a Windows unzip tool that reads the
backslashes as folders, outside the folder it unpacks to. Such names also break every Windows
checkout of the project. So every name under docs/ and data/ (a file's or a folder's, hidden or
not) is refused if it holds a backslash, a character Windows forbids or a control character,
ends in a dot or a space, is a name Windows keeps for a device, or differs from another name in
its folder only in case (Windows and macOS would see one file where Linux sees two).
"""

from __future__ import annotations

import re
import unicodedata

from .limits import CONTROL as INVISIBLE

# A control character, or one of the characters Windows forbids in a name (a backslash among them).
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
FORBIDDEN = re.compile(r'[\\<>:"|?*]')
# Names Windows keeps for devices, with or without an extension ("nul.md", "COM1.tar.gz"); the
# digits include 0 and the superscripts, which newer Windows treats the same way.
DEVICES = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)", re.IGNORECASE)


def problem(name: str) -> str | None:
    """What is wrong with one file or folder name (not a path), as a message with its fix."""
    if CONTROL.search(name):
        return "this file name holds a control character (a line break or tab); rename it."
    if char := INVISIBLE.search(name):
        return (
            f"this name holds an invisible character (U+{ord(char.group()):04X}) that can make it look like "
            "another name, or read backwards; rename it."
        )
    if forbidden := sorted(set(FORBIDDEN.findall(name))):
        shown = " ".join(forbidden)
        return (
            f"this name holds {shown}, which Windows does not allow in a file name (a backslash would "
            "be read as a folder, even outside the site); rename it, with letters, digits and hyphens."
        )
    if name.endswith((".", " ")):
        return (
            "this name ends in a dot or a space, which Windows drops, so it would be another file "
            "there; rename it, without the dot or space at the end."
        )
    if DEVICES.fullmatch(name.split(".")[0].rstrip(" ")):
        return (
            f"'{name.split('.')[0]}' is a name Windows keeps for a device, with any extension, so "
            "the file could not be checked out or unzipped there; rename it."
        )
    return None


def case_clashes(names: list[str]) -> dict[str, str]:
    """The names of one folder that differ from an earlier one only in case (or in how an accent is
    written, which macOS ignores): each with the name it clashes with, for the message."""
    first: dict[str, str] = {}
    clashes = {}
    for name in sorted(names):
        key = unicodedata.normalize("NFC", name).casefold()
        if key in first:
            clashes[name] = first[key]
        else:
            first[key] = name
    return clashes
