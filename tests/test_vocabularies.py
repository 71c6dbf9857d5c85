"""vocabularies.py: the matching key, synonyms, and the community roll-up."""
from __future__ import annotations

import pytest

from disparities import vocabularies as v
from disparities.kinds import KINDS
from disparities.vocabularies import normalise


@pytest.mark.parametrize("text, expected", [
    ("Mental Health", "mentalhealth"),
    ("  mental   health  ", "mentalhealth"),
    ("MENTAL-HEALTH", "mentalhealth"),
    ("mental_health", "mentalhealth"),
    ("St Dunstan's", "stdunstans"),
    ("St. Dunstan’s", "stdunstans"),  # curly apostrophe, full stop
    ("Blackwall & Cubitt Town", "blackwallandcubitttown"),
    ("Blackwall&Cubitt Town", "blackwallandcubitttown"),
    ("Blackwall and Cubitt Town", "blackwallandcubitttown"),
    ("ORG-001", "org001"),
    ("Org ID", "orgid"),
    ("(12-25)", "1225"),
    ("45%", "45%"),  # '%' is kept: 'percent' has '%' as a synonym
    ("£", "gbp"),
    (" £ ", "gbp"),
    ("", ""),
])
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize("spellings", [
    ("Org ID", "org_id", "ORG-ID", "org id", "Org.Id"),
    ("Spitalfields & Banglatown", "spitalfields and banglatown", "SPITALFIELDS AND BANGLATOWN"),
    ("children (0-11)", "Children 0-11", "CHILDREN: 0 - 11"),
])
def test_normalise_makes_spellings_equal(spellings: tuple[str, ...]) -> None:
    assert len({normalise(s) for s in spellings}) == 1


@pytest.mark.parametrize("vocabulary, text, label", [
    # wards: case, punctuation, '&' == 'and', documented synonyms
    (v.WARD, "whitechapel", "Whitechapel"),
    (v.WARD, "  BOW  EAST ", "Bow East"),
    (v.WARD, "Blackwall and Cubitt Town", "Blackwall & Cubitt Town"),
    (v.WARD, "st dunstans", "St Dunstan's"),
    (v.WARD, "Saint Katharine's and Wapping", "St Katharine's & Wapping"),
    (v.WARD, "St Katharines & Wapping", "St Katharine's & Wapping"),
    (v.WARD, "Spitalfields", "Spitalfields & Banglatown"),
    (v.WARD, "Hackney Wick", None),
    (v.WARD, "Bow", None),
    # communities: Census groups, their long names and local names
    (v.COMMUNITY, "bangladeshi", "Bangladeshi"),
    (v.COMMUNITY, "Black African", "African"),
    (v.COMMUNITY, "black-caribbean", "Caribbean"),
    (v.COMMUNITY, "White British", "English, Welsh, Scottish, Northern Irish or British"),
    (v.COMMUNITY, "Any other White background", "Other White"),
    (v.COMMUNITY, "somalian", "Somali"),
    (v.COMMUNITY, "SYLHETI", "Sylheti"),
    (v.COMMUNITY, "Tamil", "Sri Lankan"),
    (v.COMMUNITY, "Martian", None),
    # disparities
    (v.DISPARITY, "Mental-Health", "mental health"),
    (v.DISPARITY, "Type 2 Diabetes", "diabetes"),
    (v.DISPARITY, "heart disease", "cardiovascular disease"),
    (v.DISPARITY, "Stroke", "cardiovascular disease"),
    (v.DISPARITY, "CVD", "cardiovascular disease"),
    (v.DISPARITY, "hypertension", "high blood pressure"),
    (v.DISPARITY, "asthma", "respiratory"),
    (v.DISPARITY, "copd", "respiratory"),
    (v.DISPARITY, "Covid", "COVID-19"),
    (v.DISPARITY, "covid 19", "COVID-19"),
    (v.DISPARITY, "Maternity", "maternity and perinatal health"),
    (v.DISPARITY, "drugs & alcohol", "substance misuse"),
    (v.DISPARITY, "broken leg", None),
    # a few others
    (v.UNIT, "%", "percent"),
    (v.UNIT, "£", "GBP"),
    (v.INCOME, "under 10k", "under £10k"),
    (v.INCOME, "£10,000-£50,000", "£10k-£50k"),
    (v.EVENT_TYPE, "CoP", "community of practice"),
    (v.REFERRAL_ROUTE, "IAPT", "NHS Talking Therapies"),
    (v.STATUS, "Completed", "done"),
    (v.AGE_GROUP, "65+", "older people (65+)"),
])
def test_match(vocabulary: v.Vocabulary, text: str, label: str | None) -> None:
    assert vocabulary.match(text) == label


@pytest.mark.parametrize("vocabulary", list(v.ALL.values()), ids=list(v.ALL))
def test_every_label_matches_itself(vocabulary: v.Vocabulary) -> None:
    for label in vocabulary.labels:
        assert vocabulary.match(label) == label
        assert vocabulary.match(f"  {label.upper()} ") == label


@pytest.mark.parametrize("vocabulary", list(v.ALL.values()), ids=list(v.ALL))
def test_no_spelling_means_two_terms(vocabulary: v.Vocabulary) -> None:
    """A synonym shadowed by another term would be silently mis-matched."""
    owners: dict[str, set[str]] = {}
    for term in vocabulary.terms:
        for spelling in (term.label, *term.synonyms):
            owners.setdefault(normalise(spelling), set()).add(term.label)
    assert {key: labels for key, labels in owners.items() if len(labels) > 1} == {}


def test_the_twenty_wards() -> None:
    assert len(v.WARD.labels) == 20


def test_the_nineteen_census_groups() -> None:
    census = [t.label for t in v.COMMUNITY.terms if t.group == t.label]
    assert len(census) == 19
    assert {t.parent for t in v.COMMUNITY.terms} == set(v.HIGH_LEVEL_GROUPS)


@pytest.mark.parametrize("community, census_group, high_level", [
    ("Somali", "African", "Black"),
    ("Eritrean", "African", "Black"),
    ("African", "African", "Black"),
    ("Sylheti", "Bangladeshi", "Asian"),
    ("Bangladeshi", "Bangladeshi", "Asian"),
    ("Vietnamese", "Other Asian", "Asian"),
    ("Turkish", "Any other ethnic group", "Other"),
    ("Kurdish", "Any other ethnic group", "Other"),
    ("Moroccan", "Arab", "Other"),
    ("Polish", "Other White", "White"),
    ("White and Black Caribbean", "White and Black Caribbean", "Mixed"),
])
def test_community_rollup(community: str, census_group: str, high_level: str) -> None:
    assert v.community_rollup()[community] == (census_group, high_level)


def test_community_rollup_covers_every_community_and_ends_at_a_census_group() -> None:
    rollup = v.community_rollup()
    assert set(rollup) == set(v.COMMUNITY.labels)
    census = {t.label for t in v.COMMUNITY.terms if t.group == t.label}
    for community, (group, high_level) in rollup.items():
        assert group in census, community
        assert rollup[group] == (group, high_level), community


def test_unknown_list_items_have_somewhere_to_go() -> None:
    """Every list vocabulary names the label under which unknown items are kept."""
    for kind in KINDS.values():
        for column in kind.columns:
            if column.type == "list" and column.vocabulary:
                assert v.ALL[column.vocabulary].other, f"{kind.name}.{column.name}"
