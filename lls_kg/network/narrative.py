"""A few plain sentences on what the measures say about the region, for people who do not read tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..i18n import N_, Speech, speech
from .analysis import Analysis
from .region import GoalCoverage

#: Each view as the sentences name it.
VIEW_NAMES = {"actors": N_("actors view"), "ownership": N_("ownership view"), "goals": N_("goals view"),
              "municipalities": N_("municipalities view"), "full": N_("full view")}


def summary(analysis: Analysis, lang: str | None = None) -> list[str]:
    """A few plain sentences on what the measures say about the region, each naming what it counts.

    Which ties are counted; who works with whom most; who bridges most; what each goal has;
    how much work crosses municipal borders; which municipalities take part most; how
    concentrated ownership is; and the shape of the view, with a caveat for small ones.

    Parameters
    ----------
    analysis
        The result of :func:`lls_kg.network.analysis.analyse`.
    lang
        The reader's language (:mod:`lls_kg.i18n`): words, numbers and labels.

    Returns
    -------
    list of str
        One sentence (or two closely tied ones) per item.

    Example
    -------
    >>> import lls_kg
    >>> summary(lls_kg.open().analyse(), "en")[4]
    '3 of the 6 pieces of joint work with known participants (50%) involve more than one municipality.'
    >>> summary(lls_kg.open().analyse(), "nn")[4]
    '3 av dei 6 arbeid (felles arbeid) med kjende deltakarar (50\xa0%) omfattar meir enn éin kommune.'
    """
    words = speech(lang)
    return [_ties_sentence(analysis, words), _pairs_sentence(analysis, words), _brokers(analysis, words),
            _goal_sentence(analysis, words), _border_sentence(analysis, words), _footprint_sentence(analysis, words),
            _ownership_sentence(analysis, words), _structure_sentence(analysis, words)]


def names(labels: Sequence[str], words: Speech, limit: int = 5) -> str:
    """``a``, ``a and b``, ``a, b and c``; beyond ``limit``, ``… and N others``."""
    labels = list(labels)
    if len(labels) > limit + 1:
        labels = labels[:limit] + [words.ngettext("{n} other", "{n} others", len(labels) - limit)]
    if len(labels) == 1:
        return labels[0]
    return words._("{first} and {last}", first=", ".join(labels[:-1]), last=labels[-1])


def ties(a: Analysis, words: Speech, limit: int = 5) -> str:
    """The kinds of tie counted, named in the reader's language."""
    return names(a.tie_names(words.lang), words, limit)


def _label(a: Analysis, node: str, words: Speech) -> str:
    return a.label(node, words.lang) or node


def _label_all(a: Analysis, nodes: Iterable[str], words: Speech) -> list[str]:
    return sorted(_label(a, n, words) for n in nodes)


def _view(a: Analysis, words: Speech) -> str:
    return words._(VIEW_NAMES[a.view]) if a.view in VIEW_NAMES else a.view


def _ties_sentence(a: Analysis, words: Speech) -> str:
    if a.ties == ["joint-work"]:
        return words._("Counted here: ties of {ties}; the other kinds of tie (programme structure, authorship, "
                       "funding, ownership, succession, membership) are left out unless asked for.",
                       ties=ties(a, words, 9))
    return words._("Counted here: ties of {ties}.", ties=ties(a, words, 9))


def _pairs_sentence(a: Analysis, words: Speech) -> str:
    if not a.pairs:
        return words._("No two actors share a piece of work by the ties counted.")
    most = [p for p in a.pairs if len(p.work) == len(a.pairs[0].work)]
    who = names([words._("{one} and {other}", one=_label(a, p.one, words), other=_label(a, p.other, words))
                 for p in most], words)
    shared = len(most[0].work)
    if len(most) > 1:
        return words.ngettext("{who} share the most work ({n} piece each).",
                              "{who} share the most work ({n} pieces each).", shared, who=who)
    work = names(sorted(words._("“{goal}”", goal=_label(a, w, words)) for w in most[0].work), words)
    return words.ngettext("{who} share the most work ({n} piece: {work}).",
                          "{who} share the most work ({n} pieces: {work}).", shared, who=who, work=work)


def _brokers(a: Analysis, words: Speech) -> str:
    best = max(a.betweenness.values(), default=0.0)
    if best == 0:
        return words._("No one in the {view} stands between others: within each connected group, everyone is linked "
                       "directly.", view=_view(a, words))
    brokers = _label_all(a, (n for n, b in a.betweenness.items() if b == best), words)
    if a.small:
        return words.ngettext(
            "{names} stands between others most in the {view}: it links actors that are not linked directly. "
            "On {nodes}, read that as a rank, not as a measure: centralities on a few dozen nodes say little.",
            "{names} stand between others most in the {view}: they link actors that are not linked directly. "
            "On {nodes}, read that as a rank, not as a measure: centralities on a few dozen nodes say little.",
            len(brokers), names=names(brokers, words), view=_view(a, words),
            nodes=words.ngettext("{n} node", "{n} nodes", a.structure.nodes))
    return words.ngettext(
        "{names} bridges most in the {view}: it lies on more shortest paths between others than anyone else "
        "(betweenness {best}).",
        "{names} bridge most in the {view}: they lie on more shortest paths between others than anyone else "
        "(betweenness {best}).", len(brokers),
        names=names(brokers, words), view=_view(a, words), best=words.number(float(f"{best:.3g}")))


def _goal_sentence(a: Analysis, words: Speech) -> str:
    if not a.goals:
        return words._("The graph holds no goals.")
    listed = names([words._("“{goal}” {n}", goal=_label(a, g.goal, words), n=words.number(g.results))
                    for g in reversed(a.goals)], words)
    text = words._("Results and work reported under each goal: {listed}.", listed=listed)
    unowned = [g for g in a.goals if g.owned == 0]
    if len(unowned) == len(a.goals):
        return text + " " + words._("None of it has an owner the sources name.")
    if unowned:
        return text + " " + words.ngettext("{goals} has none with a named owner.",
                                           "{goals} have none with a named owner.", len(unowned),
                                           goals=_quoted(a, unowned, words))
    return text


def _quoted(a: Analysis, goals: Sequence[GoalCoverage], words: Speech) -> str:
    return names([words._("“{goal}”", goal=_label(a, g.goal, words)) for g in goals], words)


def _border_sentence(a: Analysis, words: Speech) -> str:
    c = a.cross_border
    if not c.municipalities:
        return words._("No work has known participants.")
    return words.ngettext(
        "{n} of the {pieces} of {ties} with known participants ({share}) involves more than one municipality.",
        "{n} of the {pieces} of {ties} with known participants ({share}) involve more than one municipality.",
        len(c.crossing), pieces=words.ngettext("{n} piece", "{n} pieces", len(c.municipalities)),
        ties=ties(a, words), share=words.percent(c.share))


def _footprint_sentence(a: Analysis, words: Speech) -> str:
    if not a.footprint or a.footprint[0].activities == 0:
        return words._("No municipality takes part in any work.")
    first = a.footprint[0]
    most = [f for f in a.footprint if f.activities == first.activities]
    pieces = words.ngettext("{n} piece", "{n} pieces", first.activities)
    if len(most) > 1:
        pieces = words._("{pieces} each", pieces=pieces)
    if all(f.cross_border == first.cross_border for f in most):
        pieces = words._("{pieces}, {n} across borders", pieces=pieces, n=words.number(first.cross_border))
    text = words.ngettext("{names} takes part in the most work ({pieces})",
                          "{names} take part in the most work ({pieces})",
                          len(most), names=names(_label_all(a, (f.municipality for f in most), words), words),
                          pieces=pieces)
    idle = _label_all(a, (f.municipality for f in a.footprint if f.activities == 0), words)
    return text + (words._("; {names} in none.", names=names(idle, words)) if idle else ".")


def _ownership_sentence(a: Analysis, words: Speech) -> str:
    o = a.concentration
    unowned = words.ngettext("; {n} of the {projects} has no current owner",
                             "; {n} of the {projects} have no current owner", len(o.unowned_projects),
                             projects=words.ngettext("{n} project", "{n} projects", o.projects)) if o.projects else ""
    if not o.owned:
        return words._("No work has a current owner{unowned}.", unowned=unowned)
    largest = max(o.owned.values())
    leaders = names(_label_all(a, (n for n, k in o.owned.items() if k == largest), words), words)
    if len(o.owned) == 1:
        text = words.ngettext("{leaders} is the only current owner ({n} piece of work, Herfindahl index {one})",
                              "{leaders} is the only current owner ({n} pieces of work, Herfindahl index {one})",
                              largest, leaders=leaders, one=words.fixed(1.0, 2))
    else:
        text = words._("{owners} current owners hold {pieces} pieces of work, {leaders} most ({largest}); "
                       "Herfindahl index {index}, where {even} is an even spread and 1 one owner",
                       owners=words.number(len(o.owned)), pieces=words.number(sum(o.owned.values())),
                       leaders=leaders, largest=words.number(largest), index=words.fixed(o.herfindahl, 2),
                       even=words.fixed(1 / len(o.owned), 2))
    return text + unowned + "."


def _structure_sentence(a: Analysis, words: Speech) -> str:
    s = a.structure
    groups = sum(len(g) > 1 for g in a.communities)
    return words._("The {view} ({ties}) has {nodes} and {links} in {groups}; {isolates} no link, and Louvain finds "
                   "{communities} of two or more.", view=_view(a, words), ties=ties(a, words),
                   nodes=words.ngettext("{n} node", "{n} nodes", s.nodes),
                   links=words.ngettext("{n} link", "{n} links", s.edges),
                   groups=words.ngettext("{n} connected group", "{n} connected groups", s.components),
                   isolates=words.ngettext("{n} has", "{n} have", len(s.isolates)),
                   communities=words.ngettext("{n} community", "{n} communities", groups))
