"""One voice for what people read: the formatter every table, export and sentence uses."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from disparities import formats


@pytest.mark.parametrize("value, expected", [
    (dt.date(2021, 7, 14), "14 Jul 2021"),
    (dt.date(2022, 3, 1), "1 Mar 2022"),
    (dt.datetime(2026, 12, 1, 9, 5), "1 Dec 2026, 09:05"),
    (dt.datetime(2026, 12, 1), "1 Dec 2026"),
    (pd.Timestamp("2021-10-31 00:00"), "31 Oct 2021"),
    (None, formats.MISSING), (float("nan"), formats.MISSING), (pd.NaT, formats.MISSING), (pd.NA, formats.MISSING),
    (True, "yes"), (["Bengali", "Sylheti"], "Bengali; Sylheti"), (np.array(["a"]), "a"), ([], formats.MISSING),
    ("as typed", "as typed"),
])
def test_a_value_as_people_read_it(value, expected):
    assert formats.text(value) == expected


@pytest.mark.parametrize("column, expected", [
    ("ci_low", "Lower 95% limit (%)"), ("share", "Share (%)"), ("organisations_ranking_it", "Organisations ranking it"),
    ("last changed (UTC)", "Last changed (UTC)"), ("org_id", "Organisation ID"), ("Community", "Community"),
    ("resident_share", "Share of residents (%)"), ("latest_low", "Latest: lower 95% limit (%)"),
])
def test_headers_in_words(column, expected):
    assert formats.header(column) == expected


def test_a_table_for_people_reads_as_the_screen_does():
    table = pd.DataFrame({
        "disparity": ["mental health", "diabetes"], "organisations": [12, 3],
        "beneficiaries": pd.Series([40, "*"], dtype=object), "share": [0.123456, "*"], "ci_low": [0.05, 0.01],
        "last_return": [dt.date(2021, 7, 14), None], "note": [None, "typed"]})
    shown = formats.for_people(table, shares=("share",))
    assert list(shown.columns) == ["Disparity", "Organisations", "Beneficiaries", "Share (%)",
                                   "Lower 95% limit (%)", "Last return", "Note"]
    assert shown["Disparity"].tolist() == ["Mental health", "Diabetes"]  # as the charts write them
    assert shown["Share (%)"].tolist() == [12.3, "*"]  # a percentage to one place, the suppression sign kept
    assert shown["Beneficiaries"].tolist() == [40, "*"]  # a people count stays a number beside its sign
    assert shown["Organisations"].dtype.kind == "i" and shown["Lower 95% limit (%)"].tolist() == [5.0, 1.0]
    assert shown["Last return"].tolist() == ["14 Jul 2021", formats.MISSING]
    assert shown["Note"].tolist() == [formats.MISSING, "typed"]


def test_free_text_is_not_capitalised_as_a_category():
    shown = formats.for_people(pd.DataFrame({"name": ["mental health", "sample group ltd"]}))
    assert shown["Name"].tolist() == ["mental health", "sample group ltd"]


@pytest.mark.parametrize("dtype", ["datetime64[us]", "datetime64[ns, UTC]", "timestamp[us][pyarrow]"])
def test_a_datetime_column_of_any_backing_reads_the_same(dtype):
    stamps = pd.Series([pd.Timestamp("2021-07-14 09:05"), pd.Timestamp("2021-07-15"), None])
    stamps = stamps.dt.tz_localize("UTC") if "UTC" in dtype else stamps.astype(dtype)
    assert formats.for_people(pd.DataFrame({"at": stamps}))["At"].tolist() == [
        "14 Jul 2021, 09:05", "15 Jul 2021", formats.MISSING]
