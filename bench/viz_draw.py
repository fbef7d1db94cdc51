"""How long a big network view takes to build (Python) and to open and draw (headless Chromium, offline).

    python bench/viz_draw.py                 # 5,000 nodes, 3 browser runs
    python bench/viz_draw.py --nodes 20000 --runs 1 --keep /tmp/big.html

The graph is synthetic and seeded, shaped like a national actors view: city regions of
30-80 actors, each actor working with a few others in its region, and national agencies
and companies working across regions, so one connected group holds nearly everything
(the case the layout finds hardest). Nodes carry the attributes the views give (labels in
both languages, class, municipality, a source quote), edges a relation, weight and quote.

It prints the time to build the page in Python (layout, measures, rendering), the file
size, and per browser run: the time from navigation start to the first drawn frame
(``performance.now()`` at vis-network's first ``afterDrawing``) and the wall time from
``goto`` until the page reports it. Every request that is not the file is aborted and
counted; the run fails if any was made or the page logged an error.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from lls_kg.html import viz
from lls_kg.html.page import document
from lls_kg.namespaces import ID, LLS

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
LOCAL = ("Municipality", "Department", "Company", "Association", "CompetenceEnvironment", "UnnamedGroup")
NATIONAL = ("PublicAgency", "Company", "Organisation")


def synthetic(nodes: int, seed: int) -> viz.Scene:
    """A seeded actors-view-like scene of ``nodes`` nodes (see the module docstring)."""
    rng = random.Random(seed)
    G = nx.Graph(name="actors")
    national = [_add(G, rng, f"national-{i}", rng.choice(NATIONAL), None) for i in range(max(1, nodes // 100))]
    region = 0
    while len(G) < nodes:
        size = min(rng.randint(30, 80), nodes - len(G))
        place = f"{ID}municipality/r{region}"
        members = [_add(G, rng, f"r{region}-{i}", rng.choice(LOCAL), place) for i in range(size)]
        for actor in members:
            for partner in rng.sample(members, min(len(members), rng.randint(1, 3))):
                if partner != actor:
                    _link(G, rng, actor, partner)
            if rng.random() < 0.05:
                _link(G, rng, actor, rng.choice(national))
        region += 1
    return viz.Scene(G, f"Synthetic actors view, {len(G):,} nodes", {n: [] for n in G},
                     {n: list(d["municipality"]) for n, d in G.nodes(data=True)}, dict(G.nodes(data=True)))


def _add(G: nx.Graph, rng: random.Random, slug: str, kind: str, place: str | None) -> str:
    node = f"{ID}organisation/{slug}"
    G.add_node(node, iri=node, label_nn=f"Aktør {slug}", label_en=f"Actor {slug}", class_iri=LLS + kind,
               **{"class": re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind).lower()}, municipality=[place] if place else [],
               quote=[f"Aktør {slug} er med i {rng.randint(1, 9)} prosjekt i regionen."])
    return node


def _link(G: nx.Graph, rng: random.Random, a: str, b: str) -> None:
    weight = rng.randint(1, 4)
    G.add_edge(a, b, relation="works with", weight=weight, activity_labels=[f"Project {weight}"],
               quote=["Dei arbeider saman i prosjektet."])


def draw_times(path: Path, runs: int) -> list[tuple[float, float]]:
    """(first frame after navigation start, wall time of goto until drawn), in seconds, per run."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            blocked, errors = [], []
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                       else (blocked.append(route.request.url), route.abort()))
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            started = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_selector("[data-drawn-ms]", state="attached", timeout=120_000)
            wall = time.perf_counter() - started
            first = int(page.get_attribute("[data-drawn-ms]", "data-drawn-ms")) / 1000
            if blocked or errors:
                sys.exit(f"viz_draw: requests {blocked}, errors {errors}")
            times.append((first, wall))
            page.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=5000, help="nodes of the synthetic view (default 5000)")
    parser.add_argument("--runs", type=int, default=3, help="browser runs (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic graph (default 1)")
    parser.add_argument("--keep", type=Path, help="write the page here instead of a temporary file")
    args = parser.parse_args()

    shown = synthetic(args.nodes, args.seed)
    started = time.perf_counter()
    drawing = viz.draw(shown)
    laid = time.perf_counter()
    page = document("viz.html", title=shown.title, net=viz.network_data(drawing))
    built = time.perf_counter()
    print(f"view: {len(shown.graph):,} nodes, {shown.graph.number_of_edges():,} links, "
          f"largest group {max(len(c) for c in nx.connected_components(shown.graph)):,} nodes")
    print(f"python: layout and sizes {laid - started:.2f} s, page {built - laid:.2f} s; "
          f"file {len(page.encode('utf-8')) / 1e6:.2f} MB")
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "view.html"
        path.write_text(page, encoding="utf-8")
        times = draw_times(path, args.runs)
    for i, (first, wall) in enumerate(times, 1):
        print(f"chromium run {i}: first frame {first:.2f} s after navigation start, goto until drawn {wall:.2f} s")
    print(f"median: first frame {statistics.median(t for t, _ in times):.2f} s, "
          f"goto until drawn {statistics.median(w for _, w in times):.2f} s")


if __name__ == "__main__":
    main()
