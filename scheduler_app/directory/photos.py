"""Profile photos: check uploaded bytes really are a safe image, re-encode them, store them.

``process_photo`` is pure (bytes in, bytes out); ``store_photo``/``delete_photo`` only
touch the given directory. Re-encoding drops EXIF (location, camera) and anything
hidden after the image data.
"""

from __future__ import annotations

import io
import re
import secrets
import warnings
from pathlib import Path

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_SIDE = 8000
MAX_PIXELS = 40_000_000
OUTPUT_SIZE = (400, 400)
JPEG_QUALITY = 85
FILENAME_RE = re.compile(r"^[0-9a-f]{32}\.jpg$")


class PhotoError(ValueError):
    """The upload is not an acceptable photo; ``message`` is shown to the person."""

    def __init__(self, message: str) -> None:
        super().__init__(str(message))
        self.message = message


def _open_checked(data: bytes) -> Image.Image:
    """Open ``data`` as an image after checking its format and dimensions."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(io.BytesIO(data))
            probe.verify()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PhotoError(_l("This image has too many pixels.")) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise PhotoError(_l("This file is not a picture we can read.")) from exc
    if probe.format not in ALLOWED_FORMATS:
        raise PhotoError(_l("Please upload a JPEG, PNG or WebP picture."))
    width, height = probe.size
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise PhotoError(_l("This image has too many pixels."))
    if width < 1 or height < 1:
        raise PhotoError(_l("This file is not a picture we can read."))
    return Image.open(io.BytesIO(data))  # verify() leaves the first handle unusable


def process_photo(data: bytes, max_bytes: int) -> bytes:
    """Check an upload and return it as a JPEG that fits in 400×400, without metadata.

    Raises ``PhotoError`` for an empty or too large file, a file that is not a JPEG,
    PNG or WebP image, a truncated image or one with too many pixels.
    """
    if not data:
        raise PhotoError(_l("Please choose a picture to upload."))
    if len(data) > max_bytes:
        raise PhotoError(
            _l("The picture is too large (at most %(mb)s MB).", mb=round(max_bytes / 2**20, 1))
        )
    image = _open_checked(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            image = ImageOps.exif_transpose(image) or image
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                background = Image.new("RGB", image.size, (255, 255, 255))
                background.paste(image, mask=image.getchannel("A"))
                image = background
            else:
                image = image.convert("RGB")
            image.thumbnail(OUTPUT_SIZE, Image.Resampling.LANCZOS)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning) as exc:
        raise PhotoError(_l("This file is not a picture we can read.")) from exc
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def photo_dir(upload_dir: str | Path) -> Path:
    return Path(upload_dir) / "photos"


def is_photo_filename(filename: str) -> bool:
    """Only names this module generates: 32 hex digits and ``.jpg``."""
    return bool(FILENAME_RE.fullmatch(filename))


def store_photo(upload_dir: str | Path, jpeg: bytes) -> str:
    """Write ``jpeg`` under a new random name in ``upload_dir/photos``; return the name."""
    folder = photo_dir(upload_dir)
    folder.mkdir(parents=True, exist_ok=True)
    filename = f"{secrets.token_hex(16)}.jpg"
    (folder / filename).write_bytes(jpeg)
    return filename


def delete_photo(upload_dir: str | Path, filename: str | None) -> None:
    """Remove a stored photo; names this module did not generate are left alone."""
    if not filename or not is_photo_filename(filename):
        return
    (photo_dir(upload_dir) / filename).unlink(missing_ok=True)
