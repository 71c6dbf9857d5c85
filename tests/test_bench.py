"""The page benchmark's scaled store: proportional, valid, and renderable."""
import pytest

from disparities import bench, history
from disparities.store import connect


@pytest.mark.parametrize("factor", [1, 3])
def test_scaled_sample_is_proportional_with_unique_keys(factor):
    one, scaled = bench.scaled_sample(1), bench.scaled_sample(factor)
    for kind in ("organisations", "assessment", "toolkit", "events", "indicators"):
        assert len(scaled[kind]) == factor * len(one[kind])
    assert len(scaled["timeline"]) == len(one["timeline"])
    assert len({row["org_id"] for row in scaled["organisations"]}) == factor * len(one["organisations"])
    if factor > 1:
        assert len(scaled["readings"]) == bench.READINGS_PER_FACTOR * factor


def test_events_of_a_copy_refer_to_organisations_of_the_same_copy():
    scaled = bench.scaled_sample(2)
    copy = [e for e in scaled["events"] if e["event_id"].endswith("-C001")]
    assert copy and all(org.endswith("-C001") for e in copy for org in e["organisations"])


def test_build_store_applies_every_kind_and_a_page_renders(tmp_path):
    db = bench.build_store(tmp_path, 2)
    with connect(db, read_only=True) as con:
        counts = history.row_counts(con)
    assert counts["organisations"] == 60 and counts["readings"] == 2 * bench.READINGS_PER_FACTOR
    assert bench.render_seconds(db, "pages/1_Health_disparities.py", cold=True) > 0
