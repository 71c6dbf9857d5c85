"""The Organisations page's exportable register, as sections."""
from disparities.store import connect
from disparities.filters import Filters
from disparities.pages import organisations


def test_register_section_covers_the_organisations_in_view(sample_store):
    with connect(sample_store, read_only=True) as con:
        [register] = organisations.sections(con, Filters(communities=("Somali",)))
    assert register.key == "register" and register.chart is None
    assert len(register.table) == 5 and register.summary() == "Showing all 5 organisations in view."


def test_small_beneficiary_counts_are_starred_when_published(load, db):
    load(("orgs.csv", "org_id,name,beneficiaries_per_year\nORG-1,A,3\nORG-2,B,120\nORG-3,C,48\n"))
    with connect(db, read_only=True) as con:
        [register] = organisations.sections(con, Filters())
    shown = register.publishable().display_table().set_index("org_id")["beneficiaries_per_year"]
    assert shown["ORG-1"] == "*" and shown["ORG-2"] == 125 and shown["ORG-3"] == "*"  # 48 would reveal 3


def test_empty_store_says_what_to_upload(empty_store):
    with connect(empty_store, read_only=True) as con:
        [register] = organisations.sections(con, Filters())
    assert not register.has_data and "upload an organisations file" in register.empty


def test_a_small_staff_or_volunteer_count_hides_only_itself(load, db):
    """Beneficiaries, staff and volunteers are different measures, not parts of one total: a hidden volunteer
    count does not take the row's beneficiaries with it."""
    load(("orgs.csv", "org_id,name,beneficiaries_per_year,staff,volunteers\nORG-1,A,300,0,3\nORG-2,B,120,9,40\n"
                      "ORG-3,C,200,12,25\n"))
    with connect(db, read_only=True) as con:
        [register] = organisations.sections(con, Filters())
    shown = register.publishable().display_table().set_index("org_id")
    assert shown.loc["ORG-1", "volunteers"] == "*" and shown.loc["ORG-1", "beneficiaries_per_year"] != "*"
