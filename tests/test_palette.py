"""palette.py: every category has a colour-blind-safe colour, the same one every time."""
from __future__ import annotations

import re

import pytest

from disparities import palette, vocabularies

HEX = re.compile(r"#[0-9A-F]{6}")
NAMES = sorted(vocabularies.ALL)


@pytest.mark.parametrize("name", NAMES)
def test_every_label_has_a_hex_colour(name: str) -> None:
    colours = palette.color_map(name)
    assert set(vocabularies.ALL[name].labels) <= set(colours)
    assert all(HEX.fullmatch(c) for c in colours.values())
    assert all(palette.color_for(name, label) == colours[label] for label in vocabularies.ALL[name].labels)


@pytest.mark.parametrize("name", [n for n in NAMES if len(vocabularies.ALL[n].labels) <= 8
                                  and n not in palette.CHART_COLOURS])
def test_short_vocabularies_have_distinct_colours(name: str) -> None:
    labels = vocabularies.ALL[name].labels
    assert len({palette.color_for(name, label) for label in labels}) == len(labels)


@pytest.mark.parametrize("name", [n for n in NAMES if len(vocabularies.ALL[n].labels) <= len(palette.CATEGORICAL)
                                  and n not in palette.CHART_COLOURS])
def test_categories_never_share_a_colour_or_take_the_other_grey(name: str) -> None:
    vocabulary = vocabularies.ALL[name]
    categories = [label for label in vocabulary.labels if label.lower() != "other"]
    colours = [palette.color_for(name, label) for label in categories]
    assert len(set(colours)) == len(colours)
    assert name == "status" or palette.OTHER not in colours  # status: 'dropped' is grey on purpose


def test_short_vocabularies_use_okabe_ito() -> None:
    assert set(palette.color_map("income").values()) <= set(palette.OKABE_ITO)


def test_mapping_is_deterministic_and_fixed() -> None:
    assert palette.color_map("disparity") == palette.color_map("disparity")
    assert palette.color_for("disparity", "mental health") == palette.OKABE_ITO[0]
    assert palette.color_for("disparity", "diabetes") == palette.OKABE_ITO[1]
    assert palette.color_for("ward", "Whitechapel") == "#BBCC33"  # 20th ward: into Tol's light set


def test_color_map_returns_a_copy() -> None:
    palette.color_map("income")["under £10k"] = "#FFFFFF"
    assert palette.color_for("income", "under £10k") == palette.OKABE_ITO[0]


@pytest.mark.parametrize("name, label", [
    ("disparity", "other"),
    ("disparity", "other: sickle cell"),
    ("community", "Other"),
    ("community", "Other: Oromo"),
    ("barrier", "other: housing"),
    ("event_type", "other"),
    ("ward", "Hackney Wick"),  # kept as written with a warning; not a category of its own
    ("disparity", "not a disparity"),
])
def test_other_and_unknown_values_are_grey(name: str, label: str) -> None:
    assert palette.color_for(name, label) == palette.OTHER


def test_community_other_label_is_in_the_map() -> None:
    assert palette.color_map("community")["Other"] == palette.OTHER
    assert palette.color_for("community", "Other Asian") != palette.OTHER  # a real Census group, not "Other"


def test_rag_colours() -> None:
    assert set(palette.RAG) == {"red", "amber", "green", "grey"}
    assert len(set(palette.RAG.values())) == 4
    assert all(HEX.fullmatch(c) for c in palette.RAG.values())


def test_status_colours_cover_the_status_vocabulary() -> None:
    assert palette.color_map("status") == palette.STATUS_COLOURS
    assert set(palette.STATUS_COLOURS) == set(vocabularies.STATUS.labels)
    assert palette.STATUS_COLOURS["done"] == palette.RAG["green"]
    assert palette.STATUS_COLOURS["delayed"] == palette.RAG["red"]


def test_high_level_groups_have_distinct_colours() -> None:
    colours = [palette.high_level_color(g) for g in vocabularies.HIGH_LEVEL_GROUPS]
    assert len(set(colours)) == len(vocabularies.HIGH_LEVEL_GROUPS)
    assert palette.OTHER not in colours  # "Other" here is a real Census group
    assert palette.high_level_color("Martian") == palette.OTHER


def test_palettes_hold_no_duplicates() -> None:
    assert len(set(palette.CATEGORICAL)) == len(palette.CATEGORICAL) == 24
    assert palette.OTHER not in palette.CATEGORICAL


def _is_black(colour: str) -> bool:
    colour = {"black": "#000000", "white": "#FFFFFF"}.get(colour.lower(), colour)
    return all(int(colour[i:i + 2], 16) < 0x30 for i in (1, 3, 5))


def test_no_palette_holds_black() -> None:
    named = [*palette.CATEGORICAL, *palette.RAG.values(), *palette.STATUS_COLOURS.values(),
             *palette.DISPARITY_COLOURS.values(), *palette.EVENT_TYPE_COLOURS.values(),
             *palette.VERDICT_COLOURS.values(), *palette.TREND_COLOURS.values(), *palette.CHART_COLOURS.values(),
             *(c for name in NAMES for c in palette.color_map(name).values())]
    assert not [c for c in named if _is_black(c)]


@pytest.mark.parametrize("name", sorted(palette.CHART_COLOURS))
def test_charts_of_labelled_bars_take_one_colour_and_grey_for_other(name: str) -> None:
    if name not in vocabularies.ALL:
        return
    colours = palette.color_map(name)
    vocabulary = vocabularies.ALL[name]
    assert {colours[label] for label in vocabulary.labels if label != "other"} == {palette.CHART_COLOURS[name]}
    assert palette.color_for(name, "other: something") == palette.OTHER


@pytest.mark.parametrize("page", sorted(palette.PAGES))
def test_vocabularies_on_one_page_never_share_a_colour(page: str) -> None:
    """The plan (palette.PAGES): each colour on a page belongs to one vocabulary; the RAG and status colours keep
    their meaning."""
    seen: dict[str, str] = {}
    for name, colours in palette.page_colours(page).items():
        for colour in colours:
            assert seen.setdefault(colour, name) == name, (page, colour, seen[colour], name)
    if page == "health":
        assert palette.VERDICT_COLOURS["lower"] == palette.RAG["red"]
        assert palette.VERDICT_COLOURS["similar"] == palette.RAG["green"]


def test_disparities_keep_hand_picked_colours_apart_from_rag() -> None:
    colours = list(palette.DISPARITY_COLOURS.values())
    assert len(set(colours)) == len(colours) == len(vocabularies.ALL["disparity"].labels) - 1  # 'other' is grey
    assert not {palette.RAG["red"], palette.RAG["green"]} & set(colours)


@pytest.mark.parametrize("colour", [*palette.DISPARITY_COLOURS.values(), *palette.CHART_COLOURS.values(),
                                    *palette.RAG.values(), *palette.EVENT_TYPE_COLOURS.values()])
def test_text_on_a_bar_reads(colour: str) -> None:
    assert palette.contrast(palette.readable_text(colour), colour) >= 4.5

