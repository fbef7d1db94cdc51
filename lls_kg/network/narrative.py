"""A few plain sentences on what the measures say about the region, for people who do not read tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .analysis import Analysis
from .region import GoalCoverage


def summary(analysis: Analysis) -> list[str]:
    """A few plain sentences on what the measures say about the region, each naming what it counts.

    Which ties are counted; who works with whom most; who bridges most; what each goal has;
    how much work crosses municipal borders; which municipalities take part most; how
    concentrated ownership is; and the shape of the view, with a caveat for small ones.

    Parameters
    ----------
    analysis
        The result of :func:`lls_kg.network.analysis.analyse`.

    Returns
    -------
    list of str
        One sentence (or two closely tied ones) per item.

    Example
    -------
    >>> import lls_kg
    >>> summary(lls_kg.open().analyse())[4]
    '3 of the 6 pieces of joint work with known participants (50%) involve more than one municipality.'
    """
    return [_ties_sentence(analysis), _pairs_sentence(analysis), _brokers(analysis), _goal_sentence(analysis),
            _border_sentence(analysis), _footprint_sentence(analysis), _ownership_sentence(analysis),
            _structure_sentence(analysis)]


def _ties_sentence(a: Analysis) -> str:
    return (f"Counted here: ties of {names(a.tie_labels, 9)}; the other kinds of tie "
            "(programme structure, authorship, funding, ownership, succession, membership) are left out unless "
            "asked for." if a.ties == ["joint-work"] else f"Counted here: ties of {names(a.tie_labels, 9)}.")


def _pairs_sentence(a: Analysis) -> str:
    if not a.pairs:
        return "No two actors share a piece of work by the ties counted."
    most = [p for p in a.pairs if len(p.work) == len(a.pairs[0].work)]
    who = names([f"{a.labels.get(p.one, p.one)} and {a.labels.get(p.other, p.other)}" for p in most])
    work = names(sorted(f"“{a.labels.get(w, w)}”" for w in most[0].work)) if len(most) == 1 else ""
    return (f"{who} share the most work ({_count(len(most[0].work), 'piece', 'pieces')}"
            f"{': ' + work if work else ' each'}).")


def names(labels: Sequence[str], limit: int = 5) -> str:
    """``a``, ``a and b``, ``a, b and c``; beyond ``limit``, ``… and N others``."""
    labels = list(labels)
    if len(labels) > limit + 1:
        labels = labels[:limit] + [f"{len(labels) - limit} others"]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _label_all(analysis: Analysis, nodes: Iterable[str]) -> list[str]:
    return sorted(analysis.labels.get(n) or n for n in nodes)


def _brokers(a: Analysis) -> str:
    best = max(a.betweenness.values(), default=0.0)
    if best == 0:
        return (f"No one in the {a.view} view stands between others: "
                "within each connected group, everyone is linked directly.")
    brokers = _label_all(a, (n for n, b in a.betweenness.items() if b == best))
    if a.small:
        verb, pronoun = ("stands", "it links") if len(brokers) == 1 else ("stand", "they link")
        return (f"{names(brokers)} {verb} between others most in the {a.view} view: {pronoun} actors that are "
                f"not linked directly. On {_count(a.structure.nodes, 'node', 'nodes')}, read that as a rank, "
                "not as a measure: centralities on a few dozen nodes say little.")
    verb, pronoun = ("bridges", "it lies") if len(brokers) == 1 else ("bridge", "they lie")
    return (f"{names(brokers)} {verb} most in the {a.view} view: {pronoun} on more shortest paths "
            f"between others than anyone else (betweenness {best:.3g}).")


def _goal_sentence(a: Analysis) -> str:
    if not a.goals:
        return "The graph holds no goals."
    listed = names([f"“{a.labels.get(g.goal, g.goal)}” {g.results}" for g in reversed(a.goals)])
    text = f"Results and work reported under each goal: {listed}."
    unowned = [g for g in a.goals if g.owned == 0]
    if len(unowned) == len(a.goals):
        return text + " None of it has an owner the sources name."
    if unowned:
        return text + f" {_quoted(a, unowned)} {'has' if len(unowned) == 1 else 'have'} none with a named owner."
    return text


def _quoted(a: Analysis, goals: Sequence[GoalCoverage]) -> str:
    return names([f"“{a.labels.get(g.goal, g.goal)}”" for g in goals])


def _border_sentence(a: Analysis) -> str:
    c = a.cross_border
    if not c.municipalities:
        return "No work has known participants."
    verb = "involves" if len(c.crossing) == 1 else "involve"
    return (f"{len(c.crossing)} of the {_count(len(c.municipalities), 'piece', 'pieces')} of {names(a.tie_labels)} "
            f"with known participants ({c.share:.0%}) {verb} more than one municipality.")


def _footprint_sentence(a: Analysis) -> str:
    if not a.footprint or a.footprint[0].activities == 0:
        return "No municipality takes part in any work."
    first = a.footprint[0]
    most = [f for f in a.footprint if f.activities == first.activities]
    across = f", {first.cross_border} across borders" if all(f.cross_border == first.cross_border for f in most) else ""
    each = " each" if len(most) > 1 else ""
    text = (f"{names(_label_all(a, (f.municipality for f in most)))} {'takes' if len(most) == 1 else 'take'} part in "
            f"the most work ({_count(first.activities, 'piece', 'pieces')}{each}{across})")
    idle = _label_all(a, (f.municipality for f in a.footprint if f.activities == 0))
    return text + (f"; {names(idle)} in none." if idle else ".")


def _ownership_sentence(a: Analysis) -> str:
    o = a.concentration
    unowned = (f"; {len(o.unowned_projects)} of the {_count(o.projects, 'project', 'projects')} "
               f"{'has' if len(o.unowned_projects) == 1 else 'have'} no current owner") if o.projects else ""
    if not o.owned:
        return f"No work has a current owner{unowned}."
    largest = max(o.owned.values())
    leaders = names(_label_all(a, (n for n, k in o.owned.items() if k == largest)))
    if len(o.owned) == 1:
        text = (f"{leaders} is the only current owner "
                f"({_count(largest, 'piece', 'pieces')} of work, Herfindahl index 1.00)")
    else:
        text = (f"{len(o.owned)} current owners hold {sum(o.owned.values())} pieces of work, "
                f"{leaders} most ({largest}); "
                f"Herfindahl index {o.herfindahl:.2f}, where {1 / len(o.owned):.2f} is an even spread and 1 one owner")
    return text + unowned + "."


def _structure_sentence(a: Analysis) -> str:
    s = a.structure
    groups = sum(len(g) > 1 for g in a.communities)
    return (f"The {a.view} view ({names(a.tie_labels)}) has {_count(s.nodes, 'node', 'nodes')} and "
            f"{_count(s.edges, 'link', 'links')} "
            f"in {_count(s.components, 'connected group', 'connected groups')}; "
            f"{_count(len(s.isolates), 'has', 'have')} no link, and Louvain finds "
            f"{_count(groups, 'community', 'communities')} of two or more.")
