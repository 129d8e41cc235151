"""Points a principal can say, made from commitments recorded in the imperative.

A commitment is recorded as what its owner undertook to do ("Provide USD 25 million in grant
support for …"). The talking point asks about it in one sentence that opens with what to do:
"Press the U.S. to provide USD 25 million in grant support for …". A text that does not read
as an imperative, or a sentence that would run past MAX_WORDS, becomes a shorter point that
names the commitment by its annex number instead: saying less, not more.
"""

from __future__ import annotations

import re

from briefgen.compose.context import Point
from briefgen.compose.facts import PackFacts, Pledge
from briefgen.compose.localize import Localizer
from briefgen.compose.refs import word_count
from briefgen.textvalue import has_thai

#: No talking point is longer than this, its reference in brackets included.
MAX_WORDS = 40
# Cut an over-long action at a clause boundary, keeping at least this many words.
MIN_ACTION_WORDS = 5
_CLAUSE = re.compile(r"(?:,|;| –| —| \(| including | through | in support of )")
# First words that show a text is not an imperative: "The U.S. will …", "Both sides …".
_NOT_VERBS = frozenset(
    [
        "the",
        "a",
        "an",
        "both",
        "all",
        "each",
        "we",
        "they",
        "it",
        "he",
        "she",
        "this",
        "that",
        "there",
        "to",
        "parties",
        "sides",
    ]
)
_MODALS = frozenset(["will", "would", "shall", "should", "to", "must", "may", "can", "agreed"])
_ABBREVIATION_END = re.compile(r"\b\w\.\w\.$")


# English names written with "the": the U.S., the United Kingdom, the Philippines, the EU.
_THE_WORDS = frozenset(
    [
        "states",
        "kingdom",
        "republic",
        "emirates",
        "islands",
        "netherlands",
        "philippines",
        "union",
        "federation",
        "bahamas",
        "maldives",
        "gambia",
        "nations",
        "community",
    ]
)
_THE_NAMES = frozenset(["U.S.", "US", "USA", "UK", "U.K.", "EU", "E.U.", "UN", "U.N.", "UAE"])


def party_name(facts: PackFacts, loc: Localizer) -> str:
    """The counterpart's short name as it goes in a sentence: "the U.S.", "Japan"."""
    counterpart = facts.counterpart
    name = loc.text(counterpart.short_name or counterpart.name, "short_name")
    if loc.lang != "en":
        return name
    words = {w.lower().strip(".,") for w in name.split()}
    if name in _THE_NAMES or words & _THE_WORDS:
        return f"the {name}"
    return name


def lower_first(text: str) -> str:
    """ "Provide …" -> "provide …"; "ASEAN …", "U.S.-initiated …" stay as written."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].replace("-", "").islower():
        return text[0].lower() + text[1:]
    return text


def action(text: str) -> str:
    """The commitment as a verb phrase to go inside a sentence: no final full stop."""
    text = " ".join(text.split())
    if text.endswith(".") and not _ABBREVIATION_END.search(text):
        text = text[:-1]
    return lower_first(text)


def is_imperative(pledge: Pledge, facts: PackFacts) -> bool:
    """Whether the English text, where there is one, opens with a verb (the rule for records);
    a text without English is taken as recorded, unless it opens with a party's name."""
    names = {
        word.lower()
        for party in (facts.home, facts.counterpart)
        for name in party.names()
        for word in name.split()[:1]
    }
    english, fell_back = pledge.commitment.text.get("en")
    words = english.split()
    if not words:
        return False
    first = words[0].strip(",.;:").lower()
    if fell_back and not pledge.commitment.text.plain:
        return first not in names
    if first in _NOT_VERBS or first in names or not words[0][:1].isupper():
        return False
    if words[0].isupper() and len(words[0]) > 1:  # an acronym: "ASEAN members will …"
        return False
    return not (len(words) > 1 and words[1].lower() in _MODALS)


_REQUEST_VERBS = frozenset(["secure", "seek", "request", "obtain"])


def _is_request(pledge: Pledge) -> bool:
    english, _ = pledge.commitment.text.get("en")
    return english.split(" ", 1)[0].lower() in _REQUEST_VERBS


def spoken(text: str, facts: PackFacts, loc: Localizer, party: str) -> str:
    """The record's third person as the principal says it, in English: "with Thailand" ->
    "with us", "Thailand's" -> "our"; "cooperate with the U.S." (said to the U.S.) -> "with it"."""
    if loc.lang != "en":
        return text
    home = facts.home
    for name in dict.fromkeys(
        home.name.all_texts()[:1] + (home.short_name.all_texts()[:1] if home.short_name else [])
    ):
        if not name.isascii():
            continue
        quoted = re.escape(name)
        # "to Thailand" stays: "a visit of … to Thailand" names a place, not the listener.
        text = re.sub(rf"\b(with|for|from|and) {quoted}\b(?!['’]s)", r"\1 us", text)
        text = re.sub(rf"\b{quoted}['’]s\b", "our", text)
    return re.sub(rf"\bwith {re.escape(party)}(?=[\s,;])", "with it", text)


def shorten(text: str) -> str:
    """The action up to its first clause boundary after MIN_ACTION_WORDS words."""
    for match in _CLAUSE.finditer(text):
        if len(text[: match.start()].split()) >= MIN_ACTION_WORDS:
            return text[: match.start()].rstrip(" ,;")
    return text


def finish(sentence: str) -> str:
    """The sentence with its full stop; Thai writes none."""
    sentence = sentence.rstrip()
    if sentence.endswith((".", "?", "!")) or has_thai(sentence):
        return sentence
    return sentence + "."


def fits(point: Point) -> bool:
    return word_count(" ".join((point.text, point.overdue, point.note))) <= MAX_WORDS


def pledge_point(
    pledge: Pledge,
    facts: PackFacts,
    loc: Localizer,
    text: str,
    *,
    note: str,
    overdue: str,
) -> Point:
    """The sentence for one commitment, shortened or made generic to stay within MAX_WORDS."""
    owner = pledge.owner(facts.home.code)
    party = party_name(facts, loc)
    is_overdue = bool(overdue)
    due = pledge.commitment.current_due()
    if owner == "counterpart":
        if is_overdue:
            template = loc._("Press {party} to {action}")
        elif due:
            template = loc._("Ask {party} when it will {action}")
        else:
            template = loc._("Ask {party} for progress on its commitment to {action}")
        generic = loc._("Ask {party} for progress on its commitment")
    elif owner == "home" and _is_request(pledge):
        # "Secure U.S. support for …": a request of ours is the point itself.
        template = "{action}"
        generic = loc._("Update {party} on our commitment")
    elif owner == "home" and (news := _latest_news(pledge, loc)):
        # What the record says happened last is what the principal can tell them.
        template = loc._("Update {party} on our pledge to {action}: {news}").replace("{news}", news)
        generic = loc._("Update {party}: {news}").replace("{news}", news)
    elif owner == "home":
        # Nothing recorded since: say when we will do it, or where it stands.
        if due:
            template = loc._("Tell {party} when we will {action}")
        else:
            template = loc._("Tell {party} where we stand on our pledge to {action}")
        generic = loc._("Tell {party} where we stand on our pledge")
    else:
        if is_overdue:
            template = loc._("Propose a new date to {action}")
        else:
            template = loc._("Take stock of our joint commitment to {action}")
        generic = loc._("Take stock of our joint commitment")
    # A sentence in the pack's language is not made around words in another.
    _, fell_back = pledge.commitment.text.get(loc.lang)
    foreign = fell_back or (loc.lang == "th" and not has_thai(text))
    if is_imperative(pledge, facts) and not foreign:
        verb_phrase = action(text) if template != "{action}" else text.rstrip(".")
        verb_phrase = spoken(verb_phrase, facts, loc, party)
        for candidate in (verb_phrase, shorten(verb_phrase)):
            point = Point(finish(template.format(party=party, action=candidate)), note, overdue)
            if fits(point):
                return point
    return Point(finish(generic.format(party=party)), note, overdue)


def _latest_news(pledge: Pledge, loc: Localizer) -> str:
    """The note of the commitment's latest update, as a clause: "" when it has none."""
    commitment = pledge.commitment
    latest = commitment.latest_update()
    if latest is None or latest.note is None:
        return ""
    position = commitment.updates.index(latest)
    field_name = f"commitments[{pledge.index}].updates[{position}].note"
    note = " ".join(loc.text(latest.note, field_name, pledge.meeting.file).split())
    return note.rstrip(".").replace("{", "{{").replace("}", "}}")  # goes into a template
