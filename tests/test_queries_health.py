"""queries.health on a small literal store: every question of the Health disparities page, under each filter.

Seven organisations. ORG-001 was assessed twice (January: diabetes first; June: mental health first), so the
date range decides which of its assessments counts. ORG-005 serves a community not in the vocabulary (kept as
'Other: Atlantean'); ORG-006 gave no rank 1; ORG-007 was never assessed.
"""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from disparities.filters import Filters
from disparities.ingest import UploadFile, ingest
from disparities.pages.health import queries as health
from disparities.store import connect

ORGANISATIONS = """\
org_id,name,ward,communities_served,income_band
ORG-001,Alpha Group,Whitechapel,Bangladeshi; Sylheti,£10k-£50k
ORG-002,Beta Group,Whitechapel,Somali,under £10k
ORG-003,Gamma Group,Poplar,Somali; Caribbean,£10k-£50k
ORG-004,Delta Group,Poplar,Bangladeshi,
ORG-005,Epsilon Group,,Caribbean; Atlantean,over £250k
ORG-006,Zeta Group,Bow East,Indian,over £250k
ORG-007,Eta Group,Bow West,Chinese,under £10k
"""

ASSESSMENT = """\
org_id,assessed_on,disparity,rank,beneficiaries_affected
ORG-001,2021-01-10,diabetes,1,100
ORG-001,2021-01-10,mental health,2,50
ORG-001,2021-06-10,mental health,1,120
ORG-001,2021-06-10,diabetes,2,
ORG-002,2021-03-01,mental health,1,40
ORG-002,2021-03-01,obesity,2,10
ORG-003,2021-03-05,diabetes,1,
ORG-003,2021-03-05,mental health,2,
ORG-004,2021-04-01,mental health,1,200
ORG-004,2021-04-01,cancer,2,30
ORG-005,2021-02-01,COVID-19,1,15
ORG-006,2021-05-01,dementia,2,
"""

POPULATION = """\
community,year,residents,source
Bangladeshi,2011,50,Census 2011
Bangladeshi,2021,60,Census 2021 TS021
Sylheti,2021,20,Local survey
African,2021,30,Census 2021 TS021
Caribbean,2021,10,Census 2021 TS021
"""

MH, DIABETES, COVID = "mental health", "diabetes", "COVID-19"
ATLANTEAN = "Other: Atlantean"

# Filter cases: none, a community, a ward, an organisation, a date range, an end date (ORG-001's January
# assessment then counts), and one leaving no organisation.
CASES = {
    "none": Filters(),
    "community": Filters(communities=("Somali",)),
    "ward": Filters(wards=("Poplar",)),
    "organisation": Filters(org_ids=("ORG-001",)),
    "date range": Filters(date_from=dt.date(2021, 3, 1), date_to=dt.date(2021, 4, 30)),
    "up to March": Filters(date_to=dt.date(2021, 3, 31)),
    "nobody": Filters(communities=("Roma",)),
}


def _store(path, *files: tuple[str, str]):
    """The literal files uploaded as one batch, as the `load` fixture does; built once per module because the
    tests only read it (one ingest per test would take most of this module's run time)."""
    result = ingest(path, [UploadFile(name, text.encode()) for name, text in files], uploaded_by="tests")
    assert result.status == "applied", result.as_dict()
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return _store(tmp_path_factory.mktemp("health") / "store.duckdb",
                  ("organisations.csv", ORGANISATIONS), ("assessment.csv", ASSESSMENT))


@pytest.fixture(scope="module")
def store_with_population(tmp_path_factory):
    return _store(tmp_path_factory.mktemp("health-population") / "store.duckdb",
                  ("organisations.csv", ORGANISATIONS), ("assessment.csv", ASSESSMENT),
                  ("population.csv", POPULATION))


def ask(db, query, filters: Filters) -> pd.DataFrame:
    with connect(db, read_only=True) as con:
        return query(con, filters)


@pytest.mark.parametrize("case, counts, assessed", [
    ("none", {MH: 3, DIABETES: 1, COVID: 1}, 6),
    ("community", {MH: 1, DIABETES: 1}, 2),
    ("ward", {MH: 1, DIABETES: 1}, 2),
    ("organisation", {MH: 1}, 1),
    ("date range", {MH: 2, DIABETES: 1}, 3),
    ("up to March", {DIABETES: 2, MH: 1, COVID: 1}, 4),
    ("nobody", {}, 0),
])
def test_main_disparity_shares_use_each_organisations_latest_assessment_in_range(store, case, counts, assessed):
    table = ask(store, health.main_disparity_shares, CASES[case])
    assert dict(zip(table["disparity"], table["organisations"])) == counts
    assert set(table["assessed"]) <= {assessed}


@pytest.mark.parametrize("case, cells, sizes", [
    ("none", {("Bangladeshi", MH): 2, ("Caribbean", DIABETES): 1, ("Caribbean", COVID): 1, ("Somali", MH): 1,
              ("Somali", DIABETES): 1, (ATLANTEAN, COVID): 1, ("Sylheti", MH): 1},
     {"Bangladeshi": 2, "Caribbean": 2, "Somali": 2, "Indian": 1, ATLANTEAN: 1, "Sylheti": 1}),
    ("community", {("Somali", MH): 1, ("Somali", DIABETES): 1, ("Caribbean", DIABETES): 1},
     {"Somali": 2, "Caribbean": 1}),
    ("ward", {("Bangladeshi", MH): 1, ("Caribbean", DIABETES): 1, ("Somali", DIABETES): 1},
     {"Bangladeshi": 1, "Caribbean": 1, "Somali": 1}),
    ("organisation", {("Bangladeshi", MH): 1, ("Sylheti", MH): 1}, {"Bangladeshi": 1, "Sylheti": 1}),
    ("date range", {("Somali", MH): 1, ("Somali", DIABETES): 1, ("Bangladeshi", MH): 1, ("Caribbean", DIABETES): 1},
     {"Somali": 2, "Bangladeshi": 1, "Caribbean": 1}),
    ("up to March", {("Bangladeshi", DIABETES): 1, ("Sylheti", DIABETES): 1, ("Somali", MH): 1,
                     ("Somali", DIABETES): 1, ("Caribbean", DIABETES): 1, ("Caribbean", COVID): 1,
                     (ATLANTEAN, COVID): 1},
     {"Caribbean": 2, "Somali": 2, "Bangladeshi": 1, ATLANTEAN: 1, "Sylheti": 1}),
    ("nobody", {}, {}),
])
def test_heat_map_counts_rank_1_by_community_served(store, case, cells, sizes):
    table = ask(store, health.community_disparity_matrix, CASES[case])
    filled = table[table["organisations"] > 0]
    assert dict(zip(zip(filled["community"], filled["disparity"]), filled["organisations"])) == cells
    rows = table.drop_duplicates("community")
    assert list(rows["community"]) == list(sizes)  # most assessed first, then by name
    assert dict(zip(rows["community"], rows["assessed"])) == sizes
    assert len(table) == len(sizes) * table["disparity"].nunique()  # every cell, zeros included
    assert (table["share"] == table["organisations"] / table["assessed"]).all()


def test_heat_map_orders_columns_by_organisations_naming_the_disparity(store):
    table = ask(store, health.community_disparity_matrix, Filters())
    assert list(pd.unique(table["disparity"])) == [MH, COVID, DIABETES]  # 3, then 1 each by name


@pytest.mark.parametrize("level, sizes, cells", [
    # ORG-001 serves Bangladeshi and Sylheti: one Bangladeshi organisation at Census level, not two.
    ("census", {"African": 2, "Bangladeshi": 2, "Caribbean": 2, "Indian": 1, health.UNLISTED: 1},
     {("African", MH): 1, ("African", DIABETES): 1, ("Bangladeshi", MH): 2, ("Caribbean", DIABETES): 1,
      ("Caribbean", COVID): 1, (health.UNLISTED, COVID): 1}),
    # ORG-003 serves Somali and Caribbean residents: both Black, so it counts once there.
    ("high", {"Asian": 3, "Black": 3, health.UNLISTED: 1},
     {("Asian", MH): 2, ("Black", MH): 1, ("Black", DIABETES): 1, ("Black", COVID): 1, (health.UNLISTED, COVID): 1}),
])
def test_heat_map_rolls_communities_up_to_the_chosen_level(store, level, sizes, cells):
    table = ask(store, health.community_disparity_matrix, Filters(community_level=level))
    rows = table.drop_duplicates("community")
    assert dict(zip(rows["community"], rows["assessed"])) == sizes
    filled = table[table["organisations"] > 0]
    assert dict(zip(zip(filled["community"], filled["disparity"]), filled["organisations"])) == cells


NR = health.NOT_RECORDED


@pytest.mark.parametrize("case, by_ward, by_income", [
    ("none",
     [("Bow East", None, 0, 1), ("Poplar", DIABETES, 1, 2), ("Poplar", MH, 1, 2), ("Whitechapel", MH, 2, 2),
      (NR, COVID, 1, 1)],
     [("under £10k", MH, 1, 1), ("£10k-£50k", DIABETES, 1, 2), ("£10k-£50k", MH, 1, 2),
      ("over £250k", COVID, 1, 2), (NR, MH, 1, 1)]),
    ("community", [("Poplar", DIABETES, 1, 1), ("Whitechapel", MH, 1, 1)],
     [("under £10k", MH, 1, 1), ("£10k-£50k", DIABETES, 1, 1)]),
    ("ward", [("Poplar", DIABETES, 1, 2), ("Poplar", MH, 1, 2)],
     [("£10k-£50k", DIABETES, 1, 1), (NR, MH, 1, 1)]),
    ("organisation", [("Whitechapel", MH, 1, 1)], [("£10k-£50k", MH, 1, 1)]),
    ("date range", [("Poplar", DIABETES, 1, 2), ("Poplar", MH, 1, 2), ("Whitechapel", MH, 1, 1)],
     [("under £10k", MH, 1, 1), ("£10k-£50k", DIABETES, 1, 1), (NR, MH, 1, 1)]),
    ("up to March", [("Poplar", DIABETES, 1, 1), ("Whitechapel", DIABETES, 1, 2), ("Whitechapel", MH, 1, 2),
                     (NR, COVID, 1, 1)],
     [("under £10k", MH, 1, 1), ("£10k-£50k", DIABETES, 2, 2), ("over £250k", COVID, 1, 1)]),
    ("nobody", [], []),
])
def test_breakdowns_by_ward_and_income_band(store, case, by_ward, by_income):
    def rows(table: pd.DataFrame, column: str) -> list[tuple]:
        return [(g, None if pd.isna(d) else d, n, a) for g, d, n, a in
                zip(table[column], table["disparity"], table["organisations"], table["assessed"])]
    assert rows(ask(store, health.main_disparity_by_ward, CASES[case]), "ward") == by_ward
    assert rows(ask(store, health.main_disparity_by_income, CASES[case]), "income_band") == by_income


@pytest.mark.parametrize("case, figures, reporting, assessed", [
    ("none", {MH: (360, 3), "cancer": (30, 1), COVID: (15, 1), "obesity": (10, 1)}, 4, 6),
    ("community", {MH: (40, 1), "obesity": (10, 1)}, 1, 2),
    ("ward", {MH: (200, 1), "cancer": (30, 1)}, 1, 2),
    ("organisation", {MH: (120, 1)}, 1, 1),
    ("date range", {MH: (240, 2), "cancer": (30, 1), "obesity": (10, 1)}, 2, 3),
    ("up to March", {DIABETES: (100, 1), MH: (90, 2), COVID: (15, 1), "obesity": (10, 1)}, 3, 4),
    ("nobody", {}, None, None),
])
def test_beneficiaries_affected_where_reported(store, case, figures, reporting, assessed):
    table = ask(store, health.beneficiaries_affected, CASES[case])
    assert {d: (b, k) for d, b, k in zip(table["disparity"], table["beneficiaries_affected"],
                                         table["organisations_reporting"])} == figures
    assert list(table["disparity"]) == sorted(figures)  # by name: an order by exact sums would place a hidden one
    if figures:
        assert set(table["reporting"]) == {reporting} and set(table["assessed"]) == {assessed}


def test_beneficiaries_affected_is_empty_when_nobody_gave_a_figure(store):
    assert ask(store, health.beneficiaries_affected, Filters(org_ids=("ORG-003",))).empty


def _shares(table: pd.DataFrame) -> dict[str, tuple]:
    def number(value):
        return None if pd.isna(value) else round(float(value), 4)
    return {c: (o, number(s), None if pd.isna(r) else int(r), number(p))
            for c, o, s, r, p in zip(table["community"], table["organisations"], table["organisation_share"],
                                     table["residents"], table["resident_share"])}


@pytest.mark.parametrize("filters, in_view, expected", [
    # Local names: Sylheti's own figure is used; the borough total is the Census groups' latest (60+30+10).
    (Filters(), 7, {"Bangladeshi": (2, 0.2857, 60, 0.6), "African": (0, 0.0, 30, 0.3), "Sylheti": (1, 0.1429, 20, 0.2),
                    "Caribbean": (2, 0.2857, 10, 0.1), "Somali": (2, 0.2857, None, None),
                    "Chinese": (1, 0.1429, None, None), "Indian": (1, 0.1429, None, None),
                    ATLANTEAN: (1, 0.1429, None, None)}),
    # Census groups: Sylheti residents are part of Bangladeshi, so its row is not added again.
    (Filters(community_level="census"), 7,
     {"Bangladeshi": (2, 0.2857, 60, 0.6), "African": (2, 0.2857, 30, 0.3), "Caribbean": (2, 0.2857, 10, 0.1),
      "Chinese": (1, 0.1429, None, None), "Indian": (1, 0.1429, None, None), health.UNLISTED: (1, 0.1429, None, None)}),
    (Filters(community_level="high"), 7,
     {"Asian": (4, 0.5714, 60, 0.6), "Black": (3, 0.4286, 40, 0.4), health.UNLISTED: (1, 0.1429, None, None)}),
    (Filters(communities=("Somali",)), 2,
     {"Bangladeshi": (0, 0.0, 60, 0.6), "African": (0, 0.0, 30, 0.3), "Sylheti": (0, 0.0, 20, 0.2),
      "Caribbean": (1, 0.5, 10, 0.1), "Somali": (2, 1.0, None, None)}),
    (Filters(communities=("Roma",)), 0,
     {"Bangladeshi": (0, None, 60, 0.6), "African": (0, None, 30, 0.3), "Sylheti": (0, None, 20, 0.2),
      "Caribbean": (0, None, 10, 0.1)}),
])
def test_population_shares_set_organisations_beside_residents(store_with_population, filters, in_view, expected):
    table = ask(store_with_population, health.population_shares, filters)
    assert _shares(table) == expected
    assert set(table["in_view"]) == {in_view}
    # By organisations' share, then name: an order by residents would place a suppressed figure among the others.
    shares = list(table["organisation_share"].fillna(0))
    assert shares == sorted(shares, reverse=True)


def test_population_shares_use_each_communitys_latest_year(store_with_population):
    table = ask(store_with_population, health.population_shares, Filters())
    bangladeshi = table[table["community"] == "Bangladeshi"].iloc[0]
    assert (bangladeshi["year"], bangladeshi["source"]) == (2021, "Census 2021 TS021")


def test_population_shares_are_empty_without_population_figures(store):
    table = ask(store, health.population_shares, Filters())
    assert table.empty
    assert "resident_share" in table.columns


def test_population_shares_are_not_affected_by_the_date_range(store_with_population):
    dated = ask(store_with_population, health.population_shares, CASES["date range"])
    assert _shares(dated) == _shares(ask(store_with_population, health.population_shares, Filters()))
    assert not math.isnan(dated["organisation_share"].iloc[0])
