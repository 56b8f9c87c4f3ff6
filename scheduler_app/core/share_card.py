"""The picture a shared link shows (Open Graph / Twitter card): a 1200×630 PNG with the
app's name, a kind label, the title and up to three detail lines, drawn with Pillow.

Thai has no spaces between words and its vowels and tone marks stack on the letter
before them, so lines break at spaces where there are any, otherwise between character
clusters (never before a combining mark); Thai runs use the Thai font file and the rest
the Latin one (the shipped Sarabun comes as two subsets). Whatever the text, the result
is a valid PNG: control characters are dropped, text is clipped with an ellipsis.

Pure code: no Flask; font paths passed in.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
GREEN, GREEN_DARK, GOLD = (31, 111, 74), (20, 81, 58), (183, 121, 31)
INK, MUTED, PAPER = (29, 35, 32), (86, 98, 91), (248, 250, 248)
MAX_TEXT = 300  # characters kept of any one line of input
ELLIPSIS = "…"
LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")

FontFile = Path


@dataclass(frozen=True)
class Fonts:
    """Sarabun subsets: Thai and Latin, regular and bold."""

    thai: FontFile
    thai_bold: FontFile
    latin: FontFile
    latin_bold: FontFile


@dataclass(frozen=True)
class Card:
    brand: str
    label: str
    title: str
    lines: tuple[str, ...] = ()


def clean(text: str) -> str:
    """Printable text on one line: controls and format characters dropped (bidi
    overrides, zero-width joiners, NUL), runs of whitespace made one space."""
    kept = []
    for ch in text[: MAX_TEXT * 2]:
        category = unicodedata.category(ch)
        if ch.isspace():
            kept.append(" ")
        elif category[0] != "C":
            kept.append(ch)
    return " ".join("".join(kept).split())[:MAX_TEXT]


def is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def clusters(text: str) -> list[str]:
    """Characters with their combining marks (Thai vowels above/below, tone marks)."""
    found: list[str] = []
    for ch in text:
        # Marks join the letter before; so does any letter after a Thai leading vowel
        # (เ แ โ ใ ไ are written before the consonant they follow in speech).
        joins = unicodedata.category(ch) == "Mn" or (
            bool(found) and found[-1][-1] in LEADING_VOWELS and ch != " "
        )
        if found and joins:
            found[-1] += ch
        else:
            found.append(ch)
    return found


@lru_cache(maxsize=32)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def runs(text: str) -> Iterator[tuple[str, bool]]:
    """(run, is Thai) pieces of ``text``; spaces and marks stay with the run before."""
    current, thai = "", False
    for ch in text:
        ch_thai = is_thai(ch)
        neutral = ch == " " or unicodedata.category(ch) == "Mn"
        if current and not neutral and ch_thai != thai:
            yield current, thai
            current = ""
        if not neutral or not current:
            thai = ch_thai
        current += ch
    if current:
        yield current, thai


class Writer:
    """Measures and draws mixed Thai/Latin text at one size and weight."""

    def __init__(self, fonts: Fonts, size: int, bold: bool) -> None:
        thai = fonts.thai_bold if bold else fonts.thai
        latin = fonts.latin_bold if bold else fonts.latin
        self.thai = _font(str(thai), size)
        self.latin = _font(str(latin), size)
        self.size = size

    def _face(self, thai: bool) -> ImageFont.FreeTypeFont:
        return self.thai if thai else self.latin

    def width(self, text: str) -> float:
        return sum(self._face(thai).getlength(run) for run, thai in runs(text))

    def draw(self, draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str,
             fill: tuple[int, int, int]) -> None:  # fmt: skip
        x, y = xy
        for run, thai in runs(text):
            draw.text((x, y), run, font=self._face(thai), fill=fill)
            x += self._face(thai).getlength(run)

    def wrap(self, text: str, width: float, max_lines: int) -> list[str]:
        """Lines no wider than ``width``; the last ends with an ellipsis if text is left."""
        lines: list[str] = []
        line = ""
        pieces = clusters(text)
        i = 0
        while i < len(pieces):
            candidate = line + pieces[i]
            if self.width(candidate) <= width or not line:
                line = candidate
                i += 1
                continue
            cut = line.rfind(" ")
            if cut > len(line) // 3:  # break at a space when one is near the end
                i -= len(clusters(line[cut + 1 :]))
                line = line[:cut]
            lines.append(line.rstrip())
            line = ""
            while i < len(pieces) and pieces[i] == " ":
                i += 1
            if len(lines) == max_lines:
                break
        if line and len(lines) < max_lines:
            lines.append(line)
        elif i < len(pieces) and lines:
            lines[-1] = self._ellipsize(lines[-1], width)
        return lines

    def _ellipsize(self, line: str, width: float) -> str:
        pieces = clusters(line)
        while pieces and self.width("".join(pieces) + ELLIPSIS) > width:
            pieces.pop()
        return "".join(pieces).rstrip() + ELLIPSIS


def render(card: Card, fonts: Fonts) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 18), fill=GREEN)
    draw.rectangle((0, HEIGHT - 96, WIDTH, HEIGHT), fill=GREEN_DARK)
    inner = WIDTH - 2 * MARGIN
    label = Writer(fonts, 34, bold=True)
    title = Writer(fonts, 64, bold=True)
    detail = Writer(fonts, 36, bold=False)
    brand = Writer(fonts, 40, bold=True)
    y = 60.0
    label_text = clean(card.label)
    if label_text:
        text = label.wrap(label_text, inner - 40, 1)[0]
        pill = label.width(text) + 40
        draw.rounded_rectangle((MARGIN, y, MARGIN + pill, y + 58), radius=29, fill=GOLD)
        label.draw(draw, (MARGIN + 20, y + 4), text, (255, 255, 255))
        y += 90
    for line in title.wrap(clean(card.title) or ELLIPSIS, inner, 3):
        title.draw(draw, (MARGIN, y), line, INK)
        y += 84
    y += 14
    for raw in _details(card.lines):
        if y > HEIGHT - 96 - 56:
            break
        for line in detail.wrap(raw, inner, 1):
            detail.draw(draw, (MARGIN, y), line, MUTED)
            y += 52
    brand.draw(draw, (MARGIN, HEIGHT - 76), brand.wrap(clean(card.brand), inner, 1)[0]
               if clean(card.brand) else "", (255, 255, 255))  # fmt: skip
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _details(lines: Sequence[str]) -> Iterator[str]:
    for line in lines:
        text = clean(line)
        if text:
            yield text
