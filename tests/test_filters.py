"""filters.py: the URL round trip, forgiving parsing, plain-English descriptions and the SQL fragments."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from disparities.filters import (
    Filters, community_labels, date_clause, describe, from_query_params, is_default, organisation_clause,
    to_query_params,
)

D = dt.date

VALID = [
    Filters(),
    Filters(communities=("Somali",)),
    Filters(communities=("African", "Caribbean"), community_level="census"),
    Filters(communities=("Black",), community_level="high"),
    Filters(communities=("Other",), community_level="high"),
    Filters(communities=("English, Welsh, Scottish, Northern Irish or British",), community_level="census"),
    Filters(community_level="census"),
    Filters(wards=("Whitechapel", "Shadwell", "St Katharine's & Wapping", "Blackwall & Cubitt Town")),
    Filters(income_bands=("under £10k", "over £250k")),
    Filters(org_ids=("ORG-002", "ORG-001")),
    Filters(date_from=D(2021, 1, 1)),
    Filters(date_to=D(2021, 12, 31)),
    Filters(date_from=D(2021, 3, 1), date_to=D(2021, 3, 1)),
    Filters(("Somali", "Bangladeshi"), "local", ("Whitechapel",), ("£10k-£50k",), ("ORG-001",), D(2021, 1, 1), D(2021, 12, 31)),
]


@pytest.mark.parametrize("filters", VALID, ids=repr)
def test_round_trip(filters: Filters) -> None:
    assert from_query_params(to_query_params(filters)) == filters


@pytest.mark.parametrize("filters", VALID, ids=repr)
def test_filters_are_hashable_cache_keys(filters: Filters) -> None:
    assert {filters: 1}[Filters(**vars(filters))] == 1


def test_query_params_hold_only_non_default_values_under_short_keys() -> None:
    assert to_query_params(Filters()) == {}
    filters = Filters(("Somali",), "census", ("Whitechapel", "Shadwell"), ("under £10k",), ("ORG-001",),
                      D(2021, 1, 1), D(2021, 12, 31))
    assert to_query_params(filters) == {
        "community": ["Somali"], "level": "census", "ward": ["Shadwell", "Whitechapel"], "income": ["under £10k"],
        "org": ["ORG-001"], "from": "2021-01-01", "to": "2021-12-31",
    }


def test_equal_views_give_equal_filters() -> None:
    a = Filters(wards=("Whitechapel", "Shadwell", "Whitechapel"), org_ids=("ORG-2", "ORG-1"))
    b = Filters(wards=("Shadwell", "Whitechapel"), org_ids=("ORG-1", "ORG-2"))
    assert a == b and hash(a) == hash(b)
    assert a.wards == ("Shadwell", "Whitechapel")  # vocabulary order


def test_a_bad_level_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        Filters(community_level="borough")


@pytest.mark.parametrize("params, expected", [
    ({}, Filters()),
    ({"utm_source": "email", "page": "2"}, Filters()),  # unknown keys ignored
    ({"ward": "whitechapel"}, Filters(wards=("Whitechapel",))),
    ({"ward": ["WHITECHAPEL", "st dunstans", "Hackney Wick"]}, Filters(wards=("St Dunstan's", "Whitechapel"))),
    ({"ward": "Whitechapel, Shadwell"}, Filters(wards=("Shadwell", "Whitechapel"))),  # a list typed by hand
    ({"ward": ["Whitechapel", "whitechapel"]}, Filters(wards=("Whitechapel",))),
    ({"community": "somalian"}, Filters(communities=("Somali",))),
    ({"community": "English, Welsh, Scottish, Northern Irish or British", "level": "census"},
     Filters(communities=("English, Welsh, Scottish, Northern Irish or British",), community_level="census")),
    ({"community": ["Somali", "Eritrean"], "level": "census"}, Filters(communities=("African",), community_level="census")),
    ({"community": ["black", "Somali"], "level": "High"}, Filters(communities=("Black",), community_level="high")),
    ({"community": "Atlantean"}, Filters()),
    ({"community": "Somali", "level": "borough"}, Filters(communities=("Somali",))),  # bad level -> local
    ({"income": ["under 10k", ">£250k", "a lot"]}, Filters(income_bands=("under £10k", "over £250k"))),
    ({"org": ["org-001", " ORG-002 ", "", "org-001"]}, Filters(org_ids=("ORG-001", "ORG-002"))),
    ({"org": "x" * 500}, Filters()),
    ({"from": "2021-01-01"}, Filters(date_from=D(2021, 1, 1))),
    ({"from": "yesterday", "to": "2021-02-30"}, Filters()),
    ({"from": "2021-12-31", "to": "2021-01-01"}, Filters(date_from=D(2021, 1, 1), date_to=D(2021, 12, 31))),
    ({"from": ["2020-01-01", "2021-01-01"]}, Filters(date_from=D(2021, 1, 1))),  # the last value wins
    ({"ward": 3, "org": None, "to": [None]}, Filters()),  # not even strings
])
def test_from_query_params_is_forgiving(params: dict, expected: Filters) -> None:
    assert from_query_params(params) == expected


@pytest.mark.parametrize("filters, default", [
    (Filters(), True),
    (from_query_params({"ward": "nowhere"}), True),
    (Filters(wards=("Poplar",)), False),
    (Filters(date_to=D(2021, 1, 1)), False),
    (Filters(community_level="high"), False),  # the chosen grouping is part of the URL, and reset clears it
])
def test_is_default(filters: Filters, default: bool) -> None:
    assert is_default(filters) is default


@pytest.mark.parametrize("filters, text", [
    (Filters(), "All organisations, all dates"),
    (Filters(community_level="census"), "All organisations, all dates"),
    (Filters(communities=("Somali",), wards=("Whitechapel", "Shadwell"), date_from=D(2021, 1, 1), date_to=D(2021, 12, 31)),
     "Organisations serving Somali communities in Shadwell or Whitechapel, "
     "assessments and returns from 1 Jan 2021 to 31 Dec 2021"),
    (Filters(communities=("African",), community_level="census"),
     "Organisations serving African communities (2021 Census group), all dates"),
    (Filters(communities=("Black", "Asian"), community_level="high"),
     "Organisations serving Asian or Black communities (high-level groups), all dates"),
    (Filters(org_ids=("ORG-001",)), "Organisation ORG-001, all dates"),
    (Filters(org_ids=("ORG-001", "ORG-002", "ORG-003")), "Organisations ORG-001, ORG-002 and ORG-003, all dates"),
    (Filters(income_bands=("£10k-£50k", "under £10k")),
     "Organisations with an annual income of under £10k or £10k-£50k, all dates"),
    (Filters(date_from=D(2021, 7, 14)), "All organisations, assessments and returns from 14 Jul 2021"),
    (Filters(date_to=D(2021, 3, 31)), "All organisations, assessments and returns up to 31 Mar 2021"),
])
def test_describe(filters: Filters, text: str) -> None:
    assert describe(filters) == text


# ---- SQL against a real DuckDB ---------------------------------------------------------------

ORGS = [
    ("ORG-001", "Whitechapel", ["Bangladeshi", "Sylheti"], "£10k-£50k"),
    ("ORG-002", "Bow East", ["Somali"], "under £10k"),
    ("ORG-003", "Poplar", ["Caribbean"], None),
    ("ORG-004", "Whitechapel", ["Eritrean", "Other: Oromo"], "under £10k"),
    ("ORG-005", None, None, None),
    ("ORG-006", "Shadwell", ["Polish", "Turkish"], "over £250k"),
    ("ORG-007", "Hackney Wick", [], "£50k-£250k"),  # an unknown ward is kept as written
]
ALL = [org[0] for org in ORGS]


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    con.execute("CREATE TABLE organisations (org_id VARCHAR, ward VARCHAR, communities_served VARCHAR[], income_band VARCHAR)")
    con.executemany("INSERT INTO organisations VALUES (?, ?, ?, ?)", ORGS)
    yield con
    con.close()


def selected(con, filters: Filters) -> list[str]:
    where, params = organisation_clause(filters)
    return [row[0] for row in con.execute(f"SELECT org_id FROM organisations o WHERE {where} ORDER BY org_id", params).fetchall()]


@pytest.mark.parametrize("filters, expected", [
    (Filters(), ALL),
    (Filters(community_level="high"), ALL),
    (Filters(wards=("Whitechapel",)), ["ORG-001", "ORG-004"]),
    (Filters(wards=("Whitechapel", "Shadwell")), ["ORG-001", "ORG-004", "ORG-006"]),
    (Filters(wards=("Mile End",)), []),
    (Filters(communities=("Somali",)), ["ORG-002"]),
    (Filters(communities=("Bangladeshi",)), ["ORG-001"]),  # local level: the label itself only
    (Filters(communities=("African",)), []),
    (Filters(communities=("African",), community_level="census"), ["ORG-002", "ORG-004"]),  # Somali, Eritrean
    (Filters(communities=("Any other ethnic group",), community_level="census"), ["ORG-006"]),  # Turkish
    (Filters(communities=("Black",), community_level="high"), ["ORG-002", "ORG-003", "ORG-004"]),
    (Filters(communities=("Asian", "White"), community_level="high"), ["ORG-001", "ORG-006"]),
    (Filters(communities=("Mixed",), community_level="high"), []),
    (Filters(income_bands=("under £10k",)), ["ORG-002", "ORG-004"]),
    (Filters(org_ids=("ORG-003", "ORG-005")), ["ORG-003", "ORG-005"]),
    (Filters(org_ids=("ORG-999",)), []),
    (Filters(communities=("Black",), community_level="high", wards=("Whitechapel",)), ["ORG-004"]),
    (Filters(communities=("Black",), community_level="high", wards=("Whitechapel",), income_bands=("£10k-£50k",)), []),
    (Filters(wards=("Whitechapel", "Bow East"), income_bands=("under £10k",), org_ids=("ORG-002", "ORG-001")), ["ORG-002"]),
])
def test_organisation_clause_selects(con, filters: Filters, expected: list[str]) -> None:
    assert selected(con, filters) == expected


def test_organisation_clause_binds_every_value() -> None:
    filters = Filters(communities=("Somali",), wards=("Whitechapel", "Shadwell"))
    assert organisation_clause(filters) == (
        "list_has_any(o.communities_served, ?) AND o.ward IN (?, ?)", [["Somali"], "Shadwell", "Whitechapel"])
    assert organisation_clause(Filters()) == ("TRUE", [])


def test_no_value_reaches_the_sql_text(con) -> None:
    hostile = "x'); DROP TABLE organisations; --"
    filters = Filters(org_ids=(hostile,), wards=(hostile,), communities=(hostile,))
    where, params = organisation_clause(filters, alias="org")
    assert hostile not in where and "DROP" not in where
    assert con.execute(f"SELECT count(*) FROM organisations org WHERE {where}", params).fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM organisations").fetchone() == (len(ORGS),)


@pytest.mark.parametrize("alias", ["o; DROP TABLE organisations", "1o", "o.x.y", "o o"])
def test_only_plain_identifiers_are_accepted(alias: str) -> None:
    with pytest.raises(ValueError):
        organisation_clause(Filters(wards=("Poplar",)), alias=alias)
    with pytest.raises(ValueError):
        date_clause(Filters(), alias)


def test_community_labels_expand_groups_to_local_names() -> None:
    labels = community_labels(Filters(communities=("African",), community_level="census"))
    assert set(labels) == {"African", "Somali", "Eritrean", "Nigerian", "Ghanaian", "Sudanese"}
    assert "Caribbean" in community_labels(Filters(communities=("Black",), community_level="high"))
    assert community_labels(Filters(communities=("Somali",))) == ["Somali"]


ASSESSED = [D(2020, 12, 31), D(2021, 1, 1), D(2021, 6, 30), D(2021, 12, 31), D(2022, 1, 1)]


@pytest.mark.parametrize("filters, expected", [
    (Filters(), ASSESSED),
    (Filters(date_from=D(2021, 1, 1)), ASSESSED[1:]),
    (Filters(date_to=D(2021, 6, 30)), ASSESSED[:3]),
    (Filters(date_from=D(2021, 1, 1), date_to=D(2021, 12, 31)), ASSESSED[1:4]),  # both ends inclusive
    (Filters(date_from=D(2021, 6, 30), date_to=D(2021, 6, 30)), [D(2021, 6, 30)]),
    (Filters(date_from=D(2023, 1, 1)), []),
])
def test_date_clause_selects(filters: Filters, expected: list[dt.date]) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE assessment (org_id VARCHAR, assessed_on DATE)")
    con.executemany("INSERT INTO assessment VALUES ('ORG-001', ?)", [[d] for d in ASSESSED])
    where, params = date_clause(filters, "a.assessed_on")
    rows = con.execute(f"SELECT assessed_on FROM assessment a WHERE {where} ORDER BY 1", params).fetchall()
    assert [row[0] for row in rows] == expected


def test_date_clause_binds_dates() -> None:
    assert date_clause(Filters(), "returned_on") == ("TRUE", [])
    assert date_clause(Filters(date_from=D(2021, 1, 1), date_to=D(2021, 2, 1)), "t.returned_on") == (
        "t.returned_on >= ? AND t.returned_on <= ?", [D(2021, 1, 1), D(2021, 2, 1)])
