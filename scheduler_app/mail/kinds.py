"""What each kind of mail is, in words: the outbox pages show these, not the codes.

A kind is the name of its templates (``templates/mail/<kind>.*``); a kind without a label
here is shown by its code, and a test fails until it gets one.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "digest": _l("Digest of upcoming events"),
    "event_cancelled": _l("Event cancelled"),
    "event_changed": _l("Event changed"),
    "event_promoted": _l("Place freed: moved up from the waitlist"),
    "event_registered": _l("Registration confirmed"),
    "event_unregistered": _l("Registration withdrawn"),
    "event_waitlisted": _l("On the waitlist"),
    "generic_notice": _l("Notice"),
    "introduction": _l("Introduction between organisations"),
    "introduction_accepted": _l("Introduction accepted"),
    "password_reset": _l("Password reset"),
    "reminder": _l("Reminder before an event"),
    "rotation_chase": _l("Rotation: answer still awaited"),
    "rotation_confirmed": _l("Rotation: host confirmed"),
    "rotation_declined": _l("Rotation: host declined"),
    "rotation_proposed": _l("Rotation: asked to host"),
    "rotation_swap_requested": _l("Rotation: swap requested"),
    "signup_attempt": _l("Sign-up with an address already registered"),
    "signup_confirm": _l("Confirm sign-up"),
    "study_visit_briefing": _l("Study visit briefing"),
    "study_visit_step": _l("Study visit request update"),
    "thank_you_survey": _l("Thank you and survey"),
    "we_miss_you": _l("Invitation to come back"),
    "welcome": _l("Welcome"),
}
LANGUAGE_NAMES = {"th": "ไทย", "en": "English"}  # each language named in itself


def kind_label(kind: str) -> str:
    """The kind in words, or its code when it has no label yet."""
    label = KIND_LABELS.get(kind)
    return str(label) if label is not None else kind


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)
