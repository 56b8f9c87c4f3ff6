"""Line folding: the bytes of icalendar's own fold, by slicing rather than a loop."""

from __future__ import annotations

_FOLD_AT = 74  # icalendar's fold: a line's part holds at most 74 octets (+ CRLF + space)
_FOLD = b"\r\n "


def fold(line: str) -> bytes:
    """One content line as icalendar's ``Contentline.to_ical`` writes it, plus CRLF.

    Parts of at most 74 octets joined by CRLF + space, never splitting a UTF-8 character,
    and a part never ends in the ``\\`` or ``^`` that starts an escape (it moves to the
    next part), exactly as icalendar 7's ``_foldline``, but by slicing the encoded line
    rather than walking it character by character (that loop was 40 % of a VEVENT's
    cost; a test compares the two on random text).
    """
    data = line.encode()
    size = len(data)
    if size <= _FOLD_AT:
        return data + b"\r\n"
    pieces: list[bytes] = []
    start = 0
    while size - start > _FOLD_AT:
        cut = start + _FOLD_AT
        while data[cut] & 0xC0 == 0x80:  # inside a UTF-8 character: cut before it
            cut -= 1
        if data[cut - 1] in b"\\^":
            cut -= 1
        pieces.append(data[start:cut])
        start = cut
    pieces.append(data[start:])
    return _FOLD.join(pieces) + b"\r\n"
