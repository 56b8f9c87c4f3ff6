"""Photo checks and re-encoding (pure), with images Pillow makes in the test."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from scheduler_app.directory import photos

MB = 2**20


def image_bytes(
    fmt: str, size: tuple[int, int] = (800, 600), mode: str = "RGB", **kw: object
) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGBA", size, (200, 30, 30, 128))
    image = image.convert("1") if mode == "1" else image.convert(mode)
    image.save(out, format=fmt, **kw)
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° to display
    return image_bytes("JPEG", (300, 100), exif=exif.tobytes())


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize(
    ("fmt", "mode"),
    [("PNG", "RGB"), ("PNG", "RGBA"), ("JPEG", "RGB"), ("WEBP", "RGB"), ("PNG", "P")],
)
def test_good_images_become_small_jpegs(fmt: str, mode: str) -> None:
    data = image_bytes(fmt, (1200, 900), mode)
    assert Image.open(io.BytesIO(data)).mode == mode
    result = opened(photos.process_photo(data, 5 * MB))
    assert result.format == "JPEG"
    assert result.size == (400, 300)
    assert result.mode == "RGB"


def test_small_images_are_not_enlarged() -> None:
    result = opened(photos.process_photo(image_bytes("PNG", (120, 80)), 5 * MB))
    assert result.size == (120, 80)


def test_exif_is_stripped_after_applying_the_orientation() -> None:
    result = opened(photos.process_photo(jpeg_with_exif(), 5 * MB))
    assert result.size == (100, 300)  # turned upright
    assert not result.getexif()
    assert b"SecretCam" not in photos.process_photo(jpeg_with_exif(), 5 * MB)


def bad_inputs() -> list[tuple[str, bytes, int]]:
    jpeg = image_bytes("JPEG", (600, 600))
    return [
        ("empty", b"", 5 * MB),
        ("text renamed .jpg", b"this is not a picture, just text\n" * 20, 5 * MB),
        ("truncated jpeg", jpeg[: len(jpeg) // 2], 5 * MB),
        ("truncated png", image_bytes("PNG")[:200], 5 * MB),
        ("oversized file", jpeg, len(jpeg) - 1),
        ("gif is not accepted", image_bytes("GIF", (50, 50), "L"), 5 * MB),
        ("bmp is not accepted", image_bytes("BMP", (50, 50)), 5 * MB),
        ("too wide", image_bytes("PNG", (9000, 10), "1"), 5 * MB),
        ("too many pixels", image_bytes("PNG", (7000, 7000), "1"), 5 * MB),
    ]


@pytest.mark.parametrize(("case", "data", "limit"), bad_inputs(), ids=[c[0] for c in bad_inputs()])
def test_bad_uploads_are_refused(case: str, data: bytes, limit: int) -> None:
    with pytest.raises(photos.PhotoError) as caught:
        photos.process_photo(data, limit)
    assert str(caught.value.message)


@pytest.mark.parametrize("side", [40, 100])  # 1,600 px warns; 10,000 px errors in Pillow
def test_a_decompression_bomb_is_refused_before_decoding(
    monkeypatch: pytest.MonkeyPatch, side: int
) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(photos.PhotoError):
        photos.process_photo(image_bytes("PNG", (side, side)), 5 * MB)


def test_store_and_delete(tmp_path: Path) -> None:
    name = photos.store_photo(tmp_path, b"jpeg bytes")
    assert photos.is_photo_filename(name)
    assert (tmp_path / "photos" / name).read_bytes() == b"jpeg bytes"
    assert photos.store_photo(tmp_path, b"x") != name
    photos.delete_photo(tmp_path, name)
    assert not (tmp_path / "photos" / name).exists()
    photos.delete_photo(tmp_path, name)  # already gone: no error


@pytest.mark.parametrize(
    "name", ["../secret.jpg", "a" * 32 + ".png", "A" * 32 + ".jpg", "/etc/passwd", "", "x.jpg"]
)
def test_only_generated_names_are_photo_names(tmp_path: Path, name: str) -> None:
    victim = tmp_path / "secret.jpg"
    victim.write_bytes(b"keep")
    assert not photos.is_photo_filename(name)
    photos.delete_photo(tmp_path / "photos", name)
    assert victim.exists()
