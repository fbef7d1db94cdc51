"""Making many objects that all live, without garbage-collector storms.

A view at a million triples is built from hundreds of thousands of rows into millions of small
tuples, sets and dicts that all live until the view is done; an import's triples and a large answer's
rdflib terms likewise. Python's cyclic collector walks every one of them again at each full collection
while they grow: a quarter of ``report``'s time at 1 M triples (bench/RESULTS.md). Nothing built there
is garbage in a cycle, so the collector is paused while they are made and resumes (as it was)
afterwards; any cycle made meanwhile is found by its next collection.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (nested blocks leave it to the outermost).

    >>> import gc
    >>> with no_collection():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    >>> with no_collection():
    ...     made = [[n] for n in range(1000)]
    >>> any(made[0] is old for old in gc.get_objects(generation=2))  # taken as old: no young collection walks it
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            _aged()
            gc.enable()


def _aged() -> None:
    """Count every object as old, as if it had survived the collections it was spared: else the first young
    collection after the block walks all it made (1.5 s after an import of 20,000 rows). They are collected, if
    garbage, with the oldest generation (freezing and thawing moves whole lists: no object is visited)."""
    gc.freeze()
    gc.unfreeze()
