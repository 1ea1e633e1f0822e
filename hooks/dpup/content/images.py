"""An image in docs/ is a real image of its type, of a size readers and the PDFs can draw, and
nothing more.

Its first bytes are checked in files.py; here, for an image that starts right:
- its width and height, read from its header without decoding it: a 280 KB PNG can hold 1.6
  gigapixels, which a browser shows broken and which would stop the PDF build late, unnamed;
- that it decodes as its type (Pillow, pinned in requirements.txt), which it does only once its
  size is known to be bounded: `GIF89a=0;/*...*/` followed by a script starts like a GIF;
- that nothing follows the image's own end (image_ends.py): a valid image with a script after it.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image

from . import image_ends

# The policy has no images yet; a 24-megapixel camera photo (6000 x 4000) still fits, and every
# reader's browser and every PDF would decode each one. A 100,000 x 1 strip is few pixels but
# still too wide to draw, hence a limit on each side too.
PIXEL_LIMIT = 25_000_000
SIDE_LIMIT = 10_000
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}


def problem(path: Path, suffix: str) -> str | None:
    """What is wrong with an image whose first bytes are its type's, as a message with its fix."""
    data = path.read_bytes()  # files.py has checked its size: at most 2 MB
    kind = FORMATS[suffix]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit is lower
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                if too_big := _too_big(*image.size):
                    return too_big
                image.load()
    except Image.DecompressionBombError:  # Pillow's own limit, far above ours: too big to say how big
        return _too_big(None, None)
    except Exception:  # whatever a broken file makes a decoder raise: the answer is the same
        return (
            f"this file starts like a {kind} image but does not decode as one (it is broken, or "
            f"something else in disguise); open it in an image editor, save it again as {suffix}, "
            "and check its extension."
        )
    try:
        after = len(data) - image_ends.end(data, suffix)
    except ValueError:
        after = -1
    if after:
        what = "its end cannot be found" if after < 0 else f"it has {after:,} bytes after its end"
        return (
            f"this {kind} image is not the image alone: {what}, which a browser ignores but which can hide "
            f"a script or another file. Open it in an image editor and save it again as {suffix}."
        )
    return None


def _too_big(width: int | None, height: int | None) -> str | None:
    """A message if an image has more pixels, or a longer side, than the limits (None: unknown, too many)."""
    limits = f"{PIXEL_LIMIT / 1e6:g} megapixels, and {SIDE_LIMIT:,} pixels a side"
    fix = "every reader's browser and every PDF would decode it. Save it with fewer pixels."
    if width is None or height is None:
        return f"this image has far more pixels than an image may have ({limits}); {fix}"
    if width * height > PIXEL_LIMIT or max(width, height) > SIDE_LIMIT:
        return f"this image is {width:,} × {height:,} pixels, more than an image may be ({limits}); {fix}"
    return None
