"""Who did what, read from one sentence by a small table of verb patterns per written standard.

A sentence states a role only where it names an actor next to a verb of owning,
leading, taking part, cooperating or handing over, in a shape these patterns
know; anything else states nothing, so the draft never guesses a role. The rules:

- the actor before a verb is the sentence's subject (from its start, or from an
  opening parenthesis, after an optional "eks"/"t.d."/"f.eks."); actors after a
  preposition (fra/frå, til, med, av) run to the next comma, stop, parenthesis,
  "i <year>" or small word ("som", "om", "i", "på" …); a work runs to the next
  punctuation, "i <year>", "som", "til", "fra"/"frå" or "om";
- an actor is a name: it starts with a capital letter, has at most five words and
  none of the small words that make a clause ("som", "til", "har", "dei" …);
  a subject that is a pronoun or a common noun that opens sentences ("De",
  "Kommunane", "Regionen" …) names no one, and states no role — except as the
  former owner of a transfer the sentence states, where it is kept as unnamed;
- the work is the verb's object as written ("prosjektet Y", "traineeprogrammet"),
  or, where the verb takes none ("deltek", "i regi av X"), the item the sentence stands in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Role kinds, as the ontology's lls:RoleKinds name them (``lls:Owner`` …).
OWNER, FORMER_OWNER, LEADER, PARTICIPANT = "Owner", "FormerOwner", "ProjectLeader", "Participant"

#: Verbs by what they state, in Bokmål and Nynorsk. Every page is read with both, since pages mix them (the
#: seed page has Bokmål headings over Nynorsk text). "leier" is left out: in Bokmål it means "rents".
VERBS = {
    "owns": {"nb": ("eier",), "nn": ("eig",)},
    "leads": {"nb": ("leder",), "nn": ("leiar",)},
    "takes part": {"nb": ("deltar", "deltok", "tar del"), "nn": ("deltek", "deltok", "tek del", "tar del")},
    "cooperates": {"nb": ("samarbeider",), "nn": ("samarbeider", "samarbeidar")},
    "handed over": {"nb": ("overførte", "har overført"), "nn": ("overførte", "overførde", "har overført")},
    "was handed over": {"nb": ("ble overført", "er overført", "har blitt overført"),
                        "nn": ("vart overført", "blei overført", "er overført", "har vorte overført")},
    "run by": {"nb": ("i regi av",), "nn": ("i regi av",)},
}
#: Words that start a subject but name no one.
UNNAMED = frozenset({"de", "dei", "vi", "me", "det", "den", "dette", "desse", "disse", "han", "ho", "hun", "alle",
                     "begge", "kommunane", "kommunene", "kommunen", "regionen", "prosjektet", "programmet",
                     "partane", "partene", "samarbeidet", "eks", "t.d", "f.eks"})
#: Words no name holds: a subject with one of them is a clause ("Gje prosjekta til dei som"), not a name.
NOT_IN_NAMES = frozenset({"som", "til", "at", "er", "var", "vart", "ble", "har", "skal", "kan", "vil", "må", "dei",
                          "de", "det", "den", "seg", "sin", "sitt", "ikkje", "ikke", "alle", "dersom", "om"})
_NAME_WORDS = 5
_FROM = r"(?:fra|frå)"
_SMALL = r"(?:som|om|og|i|på|med|for|til|fra|frå|etter|gjennom|ved)"
#: Where a phrase after a verb or preposition ends.
_END = rf"(?=\s*(?:[,.;:()!?]|$)|\s+(?:i\s+(?:19|20)\d\d\b|{_SMALL}\b))"
_NAME = rf"[A-ZÆØÅ][\w\-]*(?:\s+[\w\-]+){{0,{_NAME_WORDS - 1}}}?{_END}"
#: Where a work's name ends: a work may hold small words ("arbeidet med ny næringsplan"), not a clause or a party.
_WORK_END = r"(?=\s*(?:[,.;:()!?]|$)|\s+(?:i\s+(?:19|20)\d\d\b|(?:som|til|fra|frå|om)\b))"
_WORK = rf"[^,.;:()]+?{_WORK_END}"
#: A subject: from the sentence's start (after a "Name: " prefix) or an opening parenthesis ("(eks de …").
_SUBJECT = r"(?:^(?:[^:]{2,60}:\s+)?|\(\s*(?:(?:eks|t\.d|f\.eks)\.?\s+)?)(?P<actor>[\w][^,.;:()]*?)"
_YEAR = r"(?:\s+i\s+(?P<year>(?:19|20)\d\d)\b)?"


def _verbs(meaning: str) -> str:
    """The verbs of one meaning, both standards, as a regex alternation (longest first)."""
    words = sorted({verb for forms in VERBS[meaning].values() for verb in forms}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words) + ")"


#: meaning -> pattern; the groups: actor (subject), work (object), other (a second actor), year.
PATTERNS = {
    "owns": re.compile(rf"{_SUBJECT}\s+{_verbs('owns')}\s+(?P<work>{_WORK})"),
    "leads": re.compile(rf"{_SUBJECT}\s+{_verbs('leads')}\s+(?P<work>{_WORK})"),
    "takes part": re.compile(rf"{_SUBJECT}\s+{_verbs('takes part')}(?:\s+i\s+(?P<work>{_WORK}))?"),
    "cooperates": re.compile(rf"{_SUBJECT}\s+{_verbs('cooperates')}\s+med\s+(?P<other>{_NAME})"
                             rf"(?:\s+om\s+(?P<work>{_WORK}))?"),
    "handed over": re.compile(rf"{_SUBJECT}\s+{_verbs('handed over')}\s+(?P<work>{_WORK})\s+til\s+"
                              rf"(?P<other>{_NAME}){_YEAR}"),
    "run by": re.compile(rf"\b{_verbs('run by')}\s+(?P<actor>{_NAME})"),
}
#: The clause after "X eier Y" that says Y was handed over to X: ", som ble overført fra Z [i år]".
_HANDED = re.compile(rf",?\s+som\s+{_verbs('was handed over')}\s+{_FROM}\s+(?P<other>{_NAME}){_YEAR}")


@dataclass(frozen=True)
class Actor:
    """An actor as the sentence writes it; ``named`` is False for a pronoun or a common noun ("de")."""

    words: str
    named: bool = True


@dataclass(frozen=True)
class Role:
    """``actor`` holds a role of ``kind`` in ``work`` (as written; None: the item the sentence stands in)."""

    actor: Actor
    kind: str
    work: str | None


@dataclass(frozen=True)
class Transfer:
    """``work`` passed from ``source`` to ``target``, in ``year`` if the sentence gives one."""

    work: str
    source: Actor
    target: Actor
    year: str | None


@dataclass(frozen=True)
class Said:
    """The roles and transfers one sentence states (both empty when it states none)."""

    roles: tuple[Role, ...] = ()
    transfers: tuple[Transfer, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.roles or self.transfers)


def read(sentence: str) -> Said:
    """The roles and transfers ``sentence`` states, by the patterns above; nothing where it states none.

    >>> said = read("Fjordby kommune eier traineeprogrammet, som ble overført fra Dalen næringsforening i 2017.")
    >>> [(role.actor.words, role.kind) for role in said.roles]
    [('Fjordby kommune', 'Owner'), ('Dalen næringsforening', 'FormerOwner')]
    >>> said.transfers[0].year
    '2017'
    >>> bool(read("Dei tre planavdelingane har etablert samarbeid."))
    False
    """
    roles: list[Role] = []
    transfers: list[Transfer] = []
    for meaning, pattern in PATTERNS.items():
        for match in pattern.finditer(sentence):
            found = _STATES[meaning](match, sentence)
            roles += [role for role in found.roles if role not in roles]
            transfers += found.transfers
    return Said(tuple(roles), tuple(transfers))


def _actors(words: str | None) -> list[Actor]:
    """The actors a subject or object names ("A, B og C"), or none if any part is not a name."""
    if not words:
        return []
    parts = [part.strip() for part in re.split(r",\s*|\s+og\s+", words.strip())]
    actors = [Actor(part, part.split()[0].casefold().rstrip(".") not in UNNAMED) for part in parts if part]
    fits = all((actor.words[:1].isupper() and not NOT_IN_NAMES & set(actor.words.casefold().split()[1:])
                and len(actor.words.split()) <= _NAME_WORDS) or not actor.named for actor in actors)
    return actors if actors and fits else []


def _named(words: str | None) -> list[Actor]:
    return [actor for actor in _actors(words) if actor.named]


def _work(match: re.Match[str]) -> str | None:
    work = match.groupdict().get("work")
    return work.strip() if work and work.strip() else None


def _simple(kind: str, *groups: str):  # noqa: ANN202 (a factory of the table's readers)
    """A reader giving every named actor of ``groups`` a role of ``kind`` in the match's work."""
    def state(match: re.Match[str], _sentence: str) -> Said:
        actors = [actor for group in groups for actor in _named(match[group])]
        return Said(tuple(Role(actor, kind, _work(match)) for actor in actors))
    return state


def _owns(match: re.Match[str], sentence: str) -> Said:
    """"X eier Y": X owns Y; ", som ble overført fra Z [i år]" after it: Z owned Y before, and Y passed to X."""
    owners, work = _named(match["actor"]), _work(match)
    if not owners or work is None:
        return Said()
    roles = [Role(owner, OWNER, work) for owner in owners]
    handed = _HANDED.match(sentence, match.end("work"))
    sources = _actors(handed["other"]) if handed else []
    if len(owners) != 1 or len(sources) != 1:  # a transfer has one owner before and one after
        return Said(tuple(roles))
    return Said((*roles, Role(sources[0], FORMER_OWNER, work)),
                (Transfer(work, sources[0], owners[0], handed["year"]),))


def _handed_over(match: re.Match[str], _sentence: str) -> Said:
    """"X overførte Y til Z [i år]": X owned Y before (named or not: the transfer is stated), Z owns it now."""
    sources, targets, work = _actors(match["actor"]), _named(match["other"]), _work(match)
    if len(sources) != 1 or len(targets) != 1 or work is None:
        return Said()
    return Said((Role(targets[0], OWNER, work), Role(sources[0], FORMER_OWNER, work)),
                (Transfer(work, sources[0], targets[0], match["year"]),))


_STATES = {
    "owns": _owns,
    "leads": _simple(LEADER, "actor"),
    "takes part": _simple(PARTICIPANT, "actor"),
    "cooperates": _simple(PARTICIPANT, "actor", "other"),
    "handed over": _handed_over,
    "run by": _simple(LEADER, "actor"),
}
