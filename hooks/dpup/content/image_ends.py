"""Where an image file ends, by walking its own structure: anything after that end is not image.

A browser stops reading an image at its end, so bytes after it are invisible on the page, yet the
file is still served: `GIF89a...;` followed by a script is a GIF to the browser and a script to
anything told to run it (a polyglot). Each walker reads only the lengths the format gives, never
the pixels, and raises ValueError when the structure breaks off before its end.
"""

from __future__ import annotations

from collections.abc import Callable

PNG_SIGNATURE = 8
# JPEG markers that stand alone, with no length after them: TEM and the restart markers RST0-7.
JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}
JPEG_START_OF_SCAN, JPEG_END = 0xDA, 0xD9


def end(data: bytes, suffix: str) -> int:
    """The offset just after the image's last byte; ValueError if its structure is broken."""
    try:
        return WALKERS[suffix](data)
    except IndexError:
        raise ValueError("the file stops before the image's end") from None


def _png(data: bytes) -> int:
    """Chunks (length, type, data, CRC) from the signature to IEND."""
    at = PNG_SIGNATURE
    while at + 12 <= len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8]
        at += 12 + length
        if kind == b"IEND" and at <= len(data):
            return at
    raise ValueError("no IEND chunk")


def _jpeg(data: bytes) -> int:
    """Segments (marker, length, data) from SOI to EOI; after each start of scan, the compressed
    data runs to the next marker (a 0xFF there is written 0xFF 0x00, and restart markers sit inside)."""
    at = 2  # after SOI
    while True:
        if data[at] != 0xFF:
            raise ValueError("a segment does not start with a marker")
        while data[at] == 0xFF:  # a marker may follow any number of fill bytes
            at += 1
        marker = data[at]
        at += 1
        if marker == JPEG_END:
            return at
        if marker in JPEG_STANDALONE:
            continue
        at += int.from_bytes(data[at : at + 2], "big")
        if marker == JPEG_START_OF_SCAN:
            at = _jpeg_scan_end(data, at)


def _jpeg_scan_end(data: bytes, at: int) -> int:
    """Where the compressed data after a start of scan ends: at the next marker that is not a restart."""
    while True:
        at = data.index(b"\xff", at)
        following = data[at + 1]
        if following == 0x00 or following in JPEG_STANDALONE:
            at += 2
        elif following == 0xFF:
            at += 1  # a fill byte before the marker
        else:
            return at


def _gif(data: bytes) -> int:
    """Header and screen descriptor, then extensions (0x21) and images (0x2C), each followed by data
    sub-blocks (a length byte, then that many bytes; 0 ends them), to the trailer 0x3B."""
    at = 13 + _colour_table(data[10])
    while True:
        block = data[at]
        if block == 0x3B:
            return at + 1
        if block == 0x21:
            at += 2  # introducer and label
        elif block == 0x2C:
            at += 10 + _colour_table(data[at + 9]) + 1  # descriptor, its colours, LZW code size
        else:
            raise ValueError(f"an unknown block 0x{block:02x}")
        while size := data[at]:
            at += size + 1
        at += 1


def _colour_table(packed: int) -> int:
    """The bytes of the colour table a GIF descriptor's packed field announces (none if its top bit is 0)."""
    return 3 << ((packed & 7) + 1) if packed & 0x80 else 0


def _webp(data: bytes) -> int:
    """A RIFF file gives its own length after 'RIFF' (little-endian, padded to an even number)."""
    size = int.from_bytes(data[4:8], "little")
    at = 8 + size + (size & 1)
    if at > len(data):
        raise ValueError("the file stops before the image's end")
    return at


WALKERS: dict[str, Callable[[bytes], int]] = {
    ".png": _png,
    ".jpg": _jpeg,
    ".jpeg": _jpeg,
    ".gif": _gif,
    ".webp": _webp,
}
