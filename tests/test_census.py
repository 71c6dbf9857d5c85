"""census: ONS's Census 2021 ethnic-group CSV, uploaded as downloaded, read as the population table (20 or 6
categories, one area or many), and the Health page's comparison with residents drawn from it.

The files below are shaped as ONS's "Create a custom dataset" CSV; their counts are illustrative, not the
published figures."""
from __future__ import annotations

import pytest

from disparities import census
from disparities.filters import Filters
from disparities.ingest import UploadFile, ingest
from disparities.pages.health import queries
from disparities.report import Refused
from disparities.store import connect

HEADER = ('"Lower tier local authorities Code","Lower tier local authorities","Ethnic group (20 categories) Code",'
          '"Ethnic group (20 categories)","Observation"\n')
DETAILED = {name: 1000 + 10 * n for n, name in enumerate(census.DETAILED)}  # illustrative counts


def ons_file(groups: dict[str, int], areas=(("E09000030", "Tower Hamlets"),), header: str = HEADER) -> bytes:
    lines = [header]
    for code, area in areas:
        lines.append(f'"{code}","{area}","-8","Does not apply","0"\n')
        lines += [f'"{code}","{area}","{n}","{name}","{count:,}"\n' for n, (name, count) in enumerate(groups.items(), 1)]
    return "".join(lines).encode("utf-8")


def test_the_20_category_table_becomes_the_population_table():
    text, notes = census.as_population(ons_file(DETAILED).decode(), ",")
    lines = text.splitlines()
    assert lines[0] == "community,year,residents,source"
    assert len(lines) == 1 + 19  # "Does not apply" is not a group
    assert lines[1] == "Bangladeshi,2021,1000,\"Census 2021, ONS: ethnic group, Tower Hamlets\""
    assert "Other Mixed,2021,1110" in text  # "Other Mixed or Multiple ethnic groups" is the vocabulary's Other Mixed
    assert notes == [f"read as ONS's Census 2021 ethnic-group table for Tower Hamlets (E09000030): 19 Census groups, "
                     f"{sum(DETAILED.values()):,} residents, year 2021"]


def test_a_file_of_many_areas_keeps_tower_hamlets():
    text, _ = census.as_population(ons_file(DETAILED, areas=(("E09000001", "City of London"),
                                                           ("E09000030", "Tower Hamlets"))).decode(), ",")
    assert len(text.splitlines()) == 20 and "Tower Hamlets" in text and "City of London" not in text
    with pytest.raises(Refused, match="Tower Hamlets is not one of them"):
        census.as_population(ons_file(DETAILED, areas=(("E09000001", "City of London"),
                                                       ("E09000002", "Barking and Dagenham"))).decode(), ",")


def test_an_unknown_group_is_refused_with_what_to_download():
    with pytest.raises(Refused, match="Ethnic group \\(20 categories\\)"):
        census.as_population(ons_file({"Asian: Bangladeshi (old wording)": 5}).decode(), ",")


@pytest.mark.parametrize("count, refused", [
    ("12.9", "counts are whole numbers"), ("-3", "counts are whole numbers"),
    ("1e12", "more than any local authority holds"), ("many", "is not a count of residents"),
])
def test_a_count_that_cannot_be_residents_is_refused(count, refused):
    file = ons_file({"Asian, Asian British or Asian Welsh: Bangladeshi": 1}).decode().replace('"1"\n', f'"{count}"\n')
    with pytest.raises(Refused, match=refused):
        census.as_population(file, ",")


def test_a_group_given_twice_is_refused_not_added_up():
    name = next(iter(DETAILED))
    file = ons_file(DETAILED).decode() + f'"E09000030","Tower Hamlets","1","{name}","500"\n'
    with pytest.raises(Refused, match="more than once for one area"):
        census.as_population(file, ",")


def test_a_table_mixing_high_level_and_detailed_groups_is_refused():
    high = next(iter(census.HIGH_LEVEL))
    file = ons_file(DETAILED).decode() + f'"E09000030","Tower Hamlets","99","{high}","99999"\n'
    with pytest.raises(Refused, match="mixes the 6 high-level ethnic groups with the 20 detailed ones"):
        census.as_population(file, ",")


def test_two_areas_that_each_look_like_tower_hamlets_are_refused():
    with pytest.raises(Refused, match="more than one area that looks like Tower Hamlets"):
        census.as_population(ons_file(DETAILED, areas=(("E09000030", "Tower Hamlets (old boundary)"),
                                                       ("E09000099", "Tower Hamlets"))).decode(), ",")


@pytest.mark.parametrize("header, recognised", [
    (["Lower tier local authorities Code", "Lower tier local authorities", "Ethnic group (20 categories) Code",
      "Ethnic group (20 categories)", "Observation"], True),
    (["GEOGRAPHY_CODE", "GEOGRAPHY_NAME", "C2021_ETH_20_NAME", "OBS_VALUE"], True),
    (["community", "year", "residents", "source"], False),  # the template itself
    (["org_id", "name", "ward", "communities_served"], False),
])
def test_recognised_by_its_columns(header, recognised):
    assert census.is_census_table(header) is recognised


def test_uploaded_as_downloaded_it_sets_groups_beside_residents(sample_store, tmp_path):
    store = tmp_path / "store.duckdb"
    store.write_bytes(sample_store.read_bytes())
    result = ingest(store, [UploadFile("census2021-ts021-tower-hamlets.csv", ons_file(DETAILED))], uploaded_by="t")
    assert result.status == "applied", result.as_dict()
    assert result.files[0].kind == "population" and result.files[0].added == 19
    assert "read as ONS's Census 2021" in result.files[0].issues[0].message
    with connect(store, read_only=True) as con:
        table = queries.population_shares(con, Filters(community_level="census"))
    bangladeshi = table.set_index("community").loc["Bangladeshi"]
    assert bangladeshi["residents"] == 1000 and bangladeshi["compared_with_residents"] in ("higher", "similar")
    assert bangladeshi["resident_share"] == pytest.approx(1000 / sum(DETAILED.values()))


def test_the_six_category_table_compares_at_high_level_only(sample_store, tmp_path):
    store = tmp_path / "store.duckdb"
    store.write_bytes(sample_store.read_bytes())
    six = {"Asian, Asian British or Asian Welsh": 6000, "Black, Black British, Black Welsh, Caribbean or African": 1500,
           "Mixed or Multiple ethnic groups": 500, "White": 2000, "Other ethnic group": 0}
    header = HEADER.replace("20 categories", "6 categories")
    result = ingest(store, [UploadFile("ts021-6.csv", ons_file(six, header=header))], uploaded_by="t")
    assert result.status == "applied", result.as_dict()
    assert "5 high-level groups, 10,000 residents" in result.files[0].issues[0].message
    with connect(store, read_only=True) as con:
        high = queries.population_shares(con, Filters(community_level="high")).set_index("community")
        census_level = queries.population_shares(con, Filters(community_level="census"))
    assert high.loc["Asian", "resident_share"] == pytest.approx(0.6)
    assert high.loc["White", "compared_with_residents"] == "lower"  # no sample group serves White residents
    assert census_level["residents"].isna().all()  # 6 categories cannot be split into Census groups
