"""Search-as-you-type pickers: one WTForms field for "pick one" or "pick several"
members (or anything else a ``PickSource`` can search), which works without JavaScript.

The field renders a text box with ARIA combobox semantics, an empty listbox that
``static/js/member-picker.js`` fills from the source's JSON endpoint, and hidden inputs
(pick one) or checked checkboxes (pick several) carrying the chosen ids. Without the
script the typed text is resolved on the server: one exact match (or a single match) is
taken; several are shown beside the field as radio buttons to choose from; none is an
error. The page never lists every choice.

Form data, for a field named ``host``: ``host`` the chosen id(s), ``host-text`` the
typed text, ``host-pick`` a candidate the reader chose from the radio buttons.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from flask import get_template_attribute
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import Field
from wtforms.validators import ValidationError

#: Candidates shown beside the field when the typed text matches several.
MAX_CANDIDATES = 10
#: Longest text the field reads (longer is refused, never searched).
MAX_TEXT = 200


@dataclass(frozen=True)
class Pick:
    """One choice: its id, the label shown and a hint (district, kind)."""

    id: int
    label: str
    hint: str = ""

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "label": self.label, "hint": self.hint}


class PickSource(Protocol):
    """Where a picker finds its choices (``directory.lookup.MemberSource`` for members)."""

    @property
    def url(self) -> str:
        """The JSON endpoint the script asks (``?q=`` is added)."""

    def search(self, text: str, limit: int) -> Sequence[Pick]:
        """Allowed choices matching ``text``, best first (exact, prefix, substring)."""

    def named(self, ids: Collection[int]) -> dict[int, Pick]:
        """The allowed choices among ``ids`` (an id missing from the answer is refused)."""


class _NoChoices:
    """The source of a picker no view has given one: nothing can be chosen."""

    url = ""

    def search(self, text: str, limit: int) -> Sequence[Pick]:
        return []

    def named(self, ids: Collection[int]) -> dict[int, Pick]:
        return {}


NO_CHOICES = _NoChoices()


def fold(text: str) -> str:
    """Text compared for an exact match: NFC, single spaces, case-folded."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


@dataclass
class Resolution:
    """What the reader picked: ids, or candidates to choose from, or an error."""

    ids: list[int]
    candidates: list[Pick]
    error: str | None = None


def _int_or_none(value: object) -> int | None:
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 12:
        return None
    number = int(text)
    return number if number > 0 else None


def resolve_text(source: PickSource, text: str) -> Resolution:
    """The typed ``text`` as one choice: an exact match (label, or code the source
    matches exactly) or the only match; several → candidates; none → an error."""
    if len(text) > MAX_TEXT:
        return Resolution([], [], _("That is too long to search for."))
    found = list(source.search(text, MAX_CANDIDATES + 1))
    if not found:
        return Resolution(
            [], [], _("Nothing matches “%(text)s”. Please try another name.", text=text)
        )
    exact = [p for p in found if fold(p.label) == fold(text)]
    if len(exact) == 1:
        return Resolution([exact[0].id], [])
    if len(found) == 1:
        return Resolution([found[0].id], [])
    shown = (exact or found)[:MAX_CANDIDATES]
    more = len(found) > MAX_CANDIDATES and not exact
    message = (
        _(
            "More than %(n)d match “%(text)s”: choose one below or type more of the name.",
            n=MAX_CANDIDATES,
            text=text,
        )
        if more
        else _("Several match “%(text)s”: please choose one below.", text=text)
    )
    return Resolution([], shown, message)


class PickerInput:
    """The combobox: a text box, its listbox, and the chosen id(s) (``_picker.html``)."""

    def __call__(self, field: PickerField, **kwargs: Any) -> Markup:
        list_id = f"{field.id}-listbox"
        if field.multiple:
            kwargs.pop("required", None)  # the chosen boxes count, not the text box
        attrs = {
            "type": "text",
            "id": field.id,
            "name": f"{field.name}-text",
            "value": field.text_value(),
            "role": "combobox",
            "aria-autocomplete": "list",
            "aria-controls": list_id,
            "aria-expanded": "false",
            "autocomplete": "off",
            "spellcheck": "false",
            "maxlength": MAX_TEXT,
            "class": "picker-text",
            **{k: v for k, v in kwargs.items() if v is not False and v is not None},
        }
        words = {
            "none": _("Nothing matches. Please try another name."),
            "many": _("%(n)s suggestions. Use the arrow keys to choose, Enter to take one."),
            "one": _("1 suggestion. Press Enter to take it."),
            "failed": _("Suggestions could not be loaded; the name is looked up when you save."),
        }
        macro = get_template_attribute("_picker.html", "picker")
        url = field.source.url if field.source is not None else ""
        html: Markup = macro(field, attrs, list_id, field.chosen(), url, words)
        return html


class PickerField(Field):
    """Pick one (``data`` an id or None) or several (``multiple=True``: a list of ids).

    The view sets ``field.source`` (a ``PickSource``) before validating or rendering, as
    it would set a select's choices. ``required`` is the message when nothing is picked.
    """

    widget = PickerInput()
    data: Any

    def __init__(
        self,
        label: Any = None,
        validators: Any = None,
        multiple: bool = False,
        required: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.multiple = multiple
        self.required_message = required
        self.source: PickSource | None = None
        self.typed: str | None = None  # the text box as sent (None: not sent)
        self.sent_ids: list[int] = []
        self.radio_id: int | None = None
        self.candidates: list[Pick] = []
        self._resolved = False

    # Reading -------------------------------------------------------------------
    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        super().process(formdata, data, extra_filters)
        if formdata is None or not hasattr(formdata, "getlist"):
            return
        texts = formdata.getlist(f"{self.name}-text")
        self.typed = str(texts[0]).strip() if texts else None
        picks = formdata.getlist(f"{self.name}-pick")
        self.radio_id = _int_or_none(picks[0]) if picks else None

    def process_formdata(self, valuelist: list[Any]) -> None:
        ids: list[int] = []
        for raw in valuelist:
            if str(raw).strip() in ("", "0"):
                continue
            number = _int_or_none(raw)
            if number is None:
                self.data = [] if self.multiple else None
                raise ValueError(_("Not a valid choice."))
            if number not in ids:
                ids.append(number)
        self.sent_ids = ids
        self.data = ids if self.multiple else (ids[0] if ids else None)

    def pre_validate(self, form: Any) -> None:
        source = self.source or NO_CHOICES
        if self.process_errors:
            raise ValidationError(self.process_errors[0])
        ids = list(self.data or []) if self.multiple else ([self.data] if self.data else [])
        named = source.named(ids) if ids else {}
        if any(i not in named for i in ids):
            self.data = [i for i in ids if i in named] if self.multiple else None
            raise ValidationError(_("Not a valid choice."))
        if self.radio_id is not None:
            if not source.named([self.radio_id]):
                raise ValidationError(_("Not a valid choice."))
            self._take(self.radio_id)
        elif self.typed:
            if not self.multiple and ids and fold(named[ids[0]].label) == fold(self.typed):
                pass  # the chosen one's name, unchanged
            else:
                found = resolve_text(self.source, self.typed)
                if found.error:
                    self.candidates = found.candidates
                    raise ValidationError(found.error)
                self._take(found.ids[0])
        elif self.typed is not None and not self.multiple:
            self.data = None  # the text box was emptied: nothing chosen
        if self.required_message and not self.data:
            raise ValidationError(str(self.required_message))

    def _take(self, pick_id: int) -> None:
        if self.multiple:
            if pick_id not in self.data:
                self.data = [*self.data, pick_id]
        else:
            self.data = pick_id
        self.typed = "" if self.multiple else None

    # Showing -------------------------------------------------------------------
    def chosen(self) -> list[Pick]:
        """The current choice(s) with their labels (ids the source does not name are
        left out: they cannot be picked)."""
        ids = list(self.data or []) if self.multiple else ([self.data] if self.data else [])
        if not ids or self.source is None:
            return []
        named = self.source.named(ids)
        return [named[i] for i in ids if i in named]

    def text_value(self) -> str:
        """What the text box shows: what was typed when it needs another look, else the
        chosen one's name (edit forms show the saved value)."""
        if self.multiple:
            return self.typed or "" if (self.errors or self.candidates) else ""
        if self.typed is not None and (self.errors or self.candidates):
            return self.typed
        chosen = self.chosen()
        if chosen:
            return chosen[0].label
        return self.typed or ""

    def _value(self) -> str:
        return self.text_value()


def no_choice() -> Any:
    """The usual "please choose" message for a required picker."""
    return _l("Please choose one.")
