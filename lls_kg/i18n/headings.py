"""The column names of the named queries and tables, marked for the catalogs.

A table for people shows a column under its translated heading; a machine format
(CSV header, JSON key) keeps the variable name. English shows the variable name itself.
"""

from __future__ import annotations

from . import N_, Speech

HEADINGS = frozenset({
    N_("activity"), N_("activity_label"), N_("actor"), N_("actor_label"), N_("address"), N_("advice"),
    N_("applicant_label"), N_("area_km2"), N_("class"), N_("date"), N_("decided"), N_("deviation"), N_("document"),
    N_("effective"), N_("environment"), N_("environment_label"), N_("example"), N_("example_label"), N_("forced"),
    N_("from"), N_("from_label"), N_("gap"), N_("goal"), N_("goal_label"), N_("goal_number"), N_("heading"),
    N_("in_programme"), N_("into"), N_("into_label"), N_("involvement"), N_("item"), N_("item_class"),
    N_("item_label"), N_("label"), N_("left_open"), N_("lesson"), N_("lesson_label"), N_("linked"),
    N_("linked_label"), N_("located_in"), N_("located_in_label"), N_("member_count"), N_("members"), N_("merged"),
    N_("merged_label"), N_("merger"), N_("municipalities"), N_("municipality"), N_("municipality_label"),
    N_("number"), N_("owner"), N_("owner_label"), N_("population"), N_("population_date"), N_("project"),
    N_("project_label"), N_("projection"), N_("projection_label"), N_("quote"), N_("reason"), N_("reason_en"),
    N_("region"), N_("region_label"), N_("relation"), N_("resource"), N_("role"), N_("since"), N_("source"),
    N_("status"), N_("to"), N_("to_label"), N_("transfer"), N_("unit"), N_("until"), N_("via"), N_("via_label"),
    N_("year"),
    # lls-kg stats, lls-kg queries, lls-kg import
    N_("measure"), N_("count"), N_("name"), N_("title"), N_("parameters"), N_("change"), N_("row"),
    # lls-kg analyse
    N_("node"), N_("degree"), N_("weighted_degree"), N_("betweenness"), N_("closeness"), N_("community"),
    N_("value"), N_("size"), N_("owned"), N_("share"), N_("activities"), N_("actors"), N_("cross_border"),
    N_("partners"), N_("work"), N_("one"), N_("other"), N_("shared"), N_("one_iri"), N_("other_iri"), N_("links"),
    N_("shared_work"), N_("broker_rank"), N_("results_reported"), N_("with_current_owner"), N_("crosses_borders"),
    N_("current_owner"),
    # the region's story: who, what, when, through what
    N_("amount"), N_("confidence"), N_("end"), N_("event"), N_("identified"), N_("identified_label"),
    N_("kind_label"), N_("part"), N_("partner"), N_("partner_label"), N_("programme"), N_("said"), N_("start"),
    N_("text"), N_("through"), N_("what"), N_("what_label"), N_("who"), N_("who_label"), N_("work_label"),
    N_("work_labels"),
    # lls-kg compare
    N_("applicant"), N_("area_date"), N_("goals"), N_("results"), N_("cross_border_share"), N_("strongest_pair"),
    N_("strongest_pair_work"),
})


def heading(name: str, words: Speech) -> str:
    """The heading people read over the column ``name``: its translation, or the name itself.

    >>> from lls_kg.i18n import speech
    >>> heading("owner_label", speech("nn")), heading("owner_label", speech("en")), heading("x", speech("nb"))
    ('eigar (namn)', 'owner_label', 'x')
    """
    return words._(name) if name in HEADINGS else name
