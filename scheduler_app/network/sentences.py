"""One plain sentence per measure: what the number means and what to do about it.

Lazy strings so they render in the reader's language; the page picks them by code.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "isolated": _l("Isolated"),
    "periphery": _l("At the edge"),
    "member": _l("Tied"),
    "core": _l("In the core"),
    "connector": _l("Connector"),
    "bridge": _l("Bridge"),
}

ROLE_SENTENCES = {
    "isolated": _l(
        "Has no tie with any member in the last two years. Invite it to the next exchange "
        "or introduce it to a member that offers what it needs."
    ),
    "periphery": _l(
        "Is tied to the network by a single thread. One more tie would keep it from "
        "drifting away: suggest a study visit to a member near it."
    ),
    "member": _l("Is well tied to several members. Keep the ties alive with regular activities."),
    "core": _l(
        "Belongs to the strong core, where every member knows several others. Ask it to "
        "host newcomers so the core reaches out."
    ),
    "connector": _l(
        "Knows more members than almost anyone. Ask it to introduce members at the edge "
        "to the people it knows."
    ),
    "bridge": _l(
        "Holds parts of the network together: without it some members would lose touch. "
        "Share its load by creating other ties between those groups."
    ),
}

EVIDENCE_LABELS = {
    "visit": _l("study visit"),
    "cohost": _l("hosted together"),
    "shared": _l("took part together"),
    "confirmed": _l("confirmed in a survey"),
}


def network_sentences(summary: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, value, sentence) for each whole-network number."""
    if not summary:
        return []
    share = round(summary["largest_component_share"] * 100)
    reciprocity = round(summary["reciprocity"] * 100)
    return [
        (_("Members"), str(summary["members"]), _("Members counted in the network picture.")),
        (
            _("Ties"),
            str(summary["ties"]),
            _("Pairs of members that met in the last two years. More ties, more paths for "
              "knowledge to travel."),
        ),
        (
            _("Confirmed ties"),
            str(summary["confirmed_ties"]),
            _("Ties people confirmed in the thank-you survey: they intend to keep in touch."),
        ),
        (
            _("Isolated members"),
            str(summary["isolated"]),
            _("Members with no tie at all. Each one is a member the network may lose: "
              "invite them to the next activity."),
        ),
        (
            _("Members at the edge"),
            str(summary["periphery"]),
            _("Members tied by a single thread. Introduce them to a second member."),
        ),
        (
            _("Core"),
            str(summary["core_size"]),
            _("Members in the strong core (each tied to at least %(k)s others in it). A "
              "growing core with a connected edge is a healthy network.", k=summary["max_core"]),
        ),
        (
            _("Clusters"),
            str(summary["communities"]),
            _("Groups that meet mostly among themselves. Activities that mix clusters "
              "join the network up."),
        ),
        (
            _("Connected"),
            f"{share}%",
            _("Share of members that can reach each other through ties. Below 100% the "
              "network is in pieces: bridge them."),
        ),
        (
            _("Visits returned"),
            f"{reciprocity}%",
            _("Of the pairs that visited, the share where both sides visited each other. "
              "Low means learning flows one way: invite the hosts to visit back."),
        ),
    ]  # fmt: skip


def visit_sentence(made: int, received: int) -> str:
    """What the balance of visits made and received says about a member."""
    if made == 0 and received == 0:
        return _("No study visits yet. A first visit to a member with the same topics is a "
                 "good start.")  # fmt: skip
    if received > 2 * max(made, 1):
        return _("Others come to learn here far more than it visits. It could visit its "
                 "visitors in return and learn from them too.")  # fmt: skip
    if made > 2 * max(received, 1):
        return _("Visits others much more than it is visited. It could invite them back "
                 "to show its own work.")  # fmt: skip
    return _("Visits made and received are in balance: learning flows both ways.")


def reason_sentences(
    reasons: list[dict[str, Any]],
    a: Any,
    b: Any,
    topic_names: dict[int, str],
    member_names: dict[int, str],
    locale: str,
) -> list[str]:
    """Each reason of a suggested introduction as a sentence in the reader's language."""
    lines = []
    for reason in reasons:
        values = reason.get("values", [])
        code = reason.get("code")
        if code == "need_offer":
            needer, giver = (a, b) if reason.get("member_id") == a.id else (b, a)
            lines.append(_(
                "%(needer)s wants to learn about %(topics)s, which %(giver)s offers",
                needer=needer.display_name(locale), giver=giver.display_name(locale),
                topics=", ".join(topic_names[t] for t in values if t in topic_names),
            ))  # fmt: skip
        elif code == "shared_topics":
            topics = ", ".join(topic_names[t] for t in values if t in topic_names)
            lines.append(_("Both work on %(topics)s", topics=topics))
        elif code == "common":
            members = ", ".join(member_names[m] for m in values if m in member_names)
            lines.append(_("Both know %(members)s", members=members))
        elif code == "distance":
            lines.append(_("%(km)s km apart", km=values[0]))
        elif code == "joins_clusters":
            lines.append(_("Would join two clusters of the network"))
    return lines
