"""A few plain sentences on what the measures say about the region, for people who do not read tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .analysis import Analysis
from .region import GoalCoverage


def summary(analysis: Analysis) -> list[str]:
    """A few plain sentences on what the measures say about the region.

    Who bridges most, which goal has least activity, how much work crosses municipal
    borders, which municipalities take part most, how concentrated ownership is, and
    the shape of the view.

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
    >>> summary(lls_kg.open().analyse())[2]
    '7 of the 13 pieces of work with known participants (54%) involve more than one municipality.'
    """
    return [_brokers(analysis), _goal_sentence(analysis), _border_sentence(analysis),
            _footprint_sentence(analysis), _ownership_sentence(analysis), _structure_sentence(analysis)]


def _names(labels: Sequence[str], limit: int = 5) -> str:
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
    verb, pronoun = ("bridges", "it lies") if len(brokers) == 1 else ("bridge", "they lie")
    return (f"{_names(brokers)} {verb} most in the {a.view} view: {pronoun} on more shortest paths "
            f"between others than anyone else (betweenness {best:.3g}).")


def _goal_sentence(a: Analysis) -> str:
    if not a.goals:
        return "The graph holds no goals."
    least = [g for g in a.goals if g.activities == a.goals[0].activities]
    pieces = _count(least[0].activities, "piece", "pieces")
    if len(least) == 1:
        text = (f"The goal {_quoted(a, least)} has the least activity: {pieces} of work "
                f"and {_count(least[0].actors, 'actor', 'actors')}.")
    else:
        text = f"The goals {_quoted(a, least)} have the least activity: {pieces} of work each."
    unowned = [g for g in a.goals if g.owned == 0]
    if len(unowned) == len(a.goals):
        return text + " No goal has work with a current owner."
    if unowned:
        return text + f" {_quoted(a, unowned)} {'has' if len(unowned) == 1 else 'have'} no work with a current owner."
    return text


def _quoted(a: Analysis, goals: Sequence[GoalCoverage]) -> str:
    return _names([f"“{a.labels.get(g.goal, g.goal)}”" for g in goals])


def _border_sentence(a: Analysis) -> str:
    c = a.cross_border
    if not c.municipalities:
        return "No work has known participants."
    verb = "involves" if len(c.crossing) == 1 else "involve"
    return (f"{len(c.crossing)} of the {_count(len(c.municipalities), 'piece', 'pieces')} of work "
            f"with known participants ({c.share:.0%}) {verb} more than one municipality.")


def _footprint_sentence(a: Analysis) -> str:
    if not a.footprint or a.footprint[0].activities == 0:
        return "No municipality takes part in any work."
    first = a.footprint[0]
    most = [f for f in a.footprint if f.activities == first.activities]
    across = f", {first.cross_border} across borders" if all(f.cross_border == first.cross_border for f in most) else ""
    each = " each" if len(most) > 1 else ""
    text = (f"{_names(_label_all(a, (f.municipality for f in most)))} {'takes' if len(most) == 1 else 'take'} part in "
            f"the most work ({_count(first.activities, 'piece', 'pieces')}{each}{across})")
    idle = _label_all(a, (f.municipality for f in a.footprint if f.activities == 0))
    return text + (f"; {_names(idle)} in none." if idle else ".")


def _ownership_sentence(a: Analysis) -> str:
    o = a.concentration
    unowned = (f"; {len(o.unowned_projects)} of the {_count(o.projects, 'project', 'projects')} "
               f"{'has' if len(o.unowned_projects) == 1 else 'have'} no current owner") if o.projects else ""
    if not o.owned:
        return f"No work has a current owner{unowned}."
    largest = max(o.owned.values())
    leaders = _names(_label_all(a, (n for n, k in o.owned.items() if k == largest)))
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
    return (f"The {a.view} view has {_count(s.nodes, 'node', 'nodes')} and {_count(s.edges, 'link', 'links')} "
            f"in {_count(s.components, 'connected group', 'connected groups')}; "
            f"{_count(len(s.isolates), 'has', 'have')} no link, and Louvain finds "
            f"{_count(groups, 'community', 'communities')} of two or more.")
