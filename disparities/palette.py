"""One colour per category, the same on every page, from colour-blind-safe palettes; never black.

Two kinds of vocabulary are drawn:

- **Coloured by category**: disparities (stacked by ward and income band, so the legend needs
  them), event types and programme statuses. Each label has its own colour, fixed here by hand, never by the
  order the data happens to arrive in, so "mental health" is the same colour on every chart.
- **One colour for the whole chart** (`CHART_COLOURS`): services, referral routes, barriers, support needs, age
  groups, languages and the mapping page's counts. Those charts put one category per labelled bar, so the name is
  already on the axis and a colour per bar would only pretend to carry meaning (and would repeat the colours of
  the page's other vocabularies). Their "other" bar stays grey.

The colours of the vocabularies drawn together on one page never coincide (`PAGES` lists them, and the tests
check it on every chart a page draws), and none is a RAG or status colour on a page that shows those: red, amber
and green keep their meaning. Vocabularies that no chart colours (wards, communities, income bands) still get a
colour each by position, from the same palettes without black, for any chart that needs one.

Grey (`OTHER`) is the one colour shared across vocabularies: it always means "other", unknown or "not a
category". Colour is never the only carrier of meaning: every status and category is also written as text
(labels, hover text and the summary sentence).
"""
from __future__ import annotations

from functools import lru_cache

from disparities import vocabularies

# Okabe & Ito (2008) without its black, strongest first: black bars read as "missing" or as a border, and black is
# the colour of text and reference lines.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442")
# Paul Tol's qualitative sets (personal.sron.nl/~pault), without their pale grey (kept for "other" below).
TOL_MUTED = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499")
TOL_LIGHT = ("#77AADD", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00", "#EEDD88", "#EE8866", "#FFAABB")
CATEGORICAL = OKABE_ITO + TOL_MUTED + TOL_LIGHT

OTHER = "#999999"  # "other", unknown values and "Other: ..." items: a neutral grey no category uses

# Red/amber/green for colour-blind readers: vermillion, orange and bluish green differ in lightness as well
# as hue. Red and green are still hard to tell apart for some readers, so a status must ALWAYS also be
# written as text (or shown by an icon or position), never by colour alone.
RAG = {"red": "#D55E00", "amber": "#E69F00", "green": "#009E73", "grey": OTHER}

# Programme timeline statuses (the `status` vocabulary): done reads as green, delayed as red, dropped is grey.
STATUS_COLOURS = {
    "planned": "#56B4E9",
    "in progress": "#0072B2",
    "done": RAG["green"],
    "delayed": RAG["red"],
    "dropped": OTHER,
}

# The 2021 Census high-level groups, in vocabularies.HIGH_LEVEL_GROUPS order.
HIGH_LEVEL_COLOURS = dict(zip(vocabularies.HIGH_LEVEL_GROUPS, OKABE_ITO))

# Health disparities, by hand: the commonest first take the clearest colours; none is RAG red or green (the
# Health page's "compared with residents" verdicts) or a colour of the verdicts or trends drawn beside them.
# Fourteen categories cannot all stay apart for colour-blind readers: every chart also writes the names.
DISPARITY_COLOURS = {
    "mental health": "#0072B2", "diabetes": "#E69F00", "cardiovascular disease": "#56B4E9",
    "high blood pressure": "#CC79A7", "obesity": "#117733", "respiratory": "#999933", "COVID-19": "#CC6677",
    "cancer": "#AA4499", "maternity and perinatal health": "#88CCEE", "oral health": "#DDCC77",
    "musculoskeletal": "#EE8866", "substance misuse": "#F0E442", "sexual health": "#BBCC33",
    "dementia": "#FFAABB",
}

# Event types, drawn on the Programme timeline beside the statuses' blues, green and red: none of those.
EVENT_TYPE_COLOURS = {"network meeting": "#E69F00", "community of practice": "#CC79A7",
                      "networking event": "#332288", "training": "#999933", "advisory group": "#882255"}

# Each organisation's share beside residents' (Health page): lower reach is the concern (red, as in the RAG
# statuses), similar is in line (green), higher is indigo rather than green, since more groups than residents
# is not in itself better.
VERDICT_COLOURS = {"lower": RAG["red"], "similar": RAG["green"], "higher": "#332288", "not compared": OTHER}

# A share between two rounds (Health, Mapping and Overview): wine up, teal down (apart in lightness as well as
# hue; the markers' shapes, arrows, also say which way), grey within chance.
TREND_COLOURS = {"increased": "#882255", "decreased": "#44AA99", "no significant change": OTHER}

# One colour for the whole chart where each bar is a category already named on the axis (module docstring).
# Keys are vocabularies (vocabularies.ALL) or, for charts of counts, the chart's own name.
CHART_COLOURS = {
    "service": "#0072B2", "referral_route": "#009E73", "barrier": "#D55E00", "support_need": "#CC79A7",
    "age_group": "#E69F00", "language": "#56B4E9", "beneficiary_band": "#117733",
    "funding_cliff": "#CC6677", "funding_running_total": "#332288",
}
NEAR_BLACK = "#1a1a1a"  # text: 17:1 on white
REFERENCE_LINE = "#444444"  # "today" and "as of" lines: dark grey, not black, and never a category

# Vocabularies whose colours carry meaning or are chosen by hand, rather than following position.
_FIXED = {"status": STATUS_COLOURS, "disparity": DISPARITY_COLOURS, "event_type": EVENT_TYPE_COLOURS}

# What each page colours (its charts' vocabularies): no two of them share a colour (grey aside).
PAGES = {
    "health": ("disparity", "verdict", "trend"),
    "mapping": ("service", "referral_route", "barrier", "support_need", "age_group", "language",
                "beneficiary_band", "funding_cliff", "funding_running_total", "trend"),
    "timeline": ("status", "event_type"),
    "organisations": ("disparity",),
    "outcomes": ("rag",),
}


def _is_other(vocabulary: vocabularies.Vocabulary, label: str) -> bool:
    """The catch-all label itself, or an unknown item kept as 'Other: ...' (see validate.map_list)."""
    names = {"other", (vocabulary.other or "other").lower()}
    lowered = label.lower()
    return lowered in names or any(lowered.startswith(f"{name}:") for name in names)


def _others(vocabulary: vocabularies.Vocabulary) -> list[str]:
    others = [label for label in vocabulary.labels if _is_other(vocabulary, label)]
    return others + ([vocabulary.other] if vocabulary.other and vocabulary.other not in others else [])


@lru_cache(maxsize=None)
def _colour_map(name: str) -> tuple[tuple[str, str], ...]:
    vocabulary = vocabularies.ALL[name]
    categories = [label for label in vocabulary.labels if not _is_other(vocabulary, label)]
    if name in _FIXED:
        pairs = [(label, _FIXED[name].get(label, OTHER)) for label in categories]
    elif name in CHART_COLOURS:
        pairs = [(label, CHART_COLOURS[name]) for label in categories]
    else:
        pairs = [(label, CATEGORICAL[i % len(CATEGORICAL)]) for i, label in enumerate(categories)]
    return tuple(pairs + [(label, OTHER) for label in _others(vocabulary)])


def page_colours(page: str) -> dict[str, set[str]]:
    """Vocabulary -> the colours it takes on `page` (PAGES), grey left out: for checking they never meet."""
    named = {"verdict": VERDICT_COLOURS, "trend": TREND_COLOURS, "rag": RAG}
    found = {}
    for name in PAGES[page]:
        colours = (set(named[name].values()) if name in named else set(color_map(name).values())
                   if name in vocabularies.ALL else {CHART_COLOURS[name]})
        found[name] = colours - {OTHER}
    return found


def color_map(vocabulary_name: str) -> dict[str, str]:
    """Label -> hex colour for every label of the vocabulary (and its 'other' label), e.g. for plotly's
    `color_discrete_map`. A fresh dict each call, so callers may add to it."""
    return dict(_colour_map(vocabulary_name))


def color_for(vocabulary_name: str, label: str) -> str:
    """The colour of one label; grey for 'Other: ...' items and values outside the vocabulary."""
    return dict(_colour_map(vocabulary_name)).get(label, OTHER)


def chart_colour(name: str) -> str:
    """The one colour of a chart whose bars are each a category named on the axis (CHART_COLOURS)."""
    return CHART_COLOURS[name]


def high_level_color(group: str) -> str:
    """The colour of a 2021 Census high-level group (Asian, Black, Mixed, White, Other)."""
    return HIGH_LEVEL_COLOURS.get(group, OTHER)


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #RRGGBB colour (or a few names plotly takes)."""
    colour = {"white": "#FFFFFF", "black": "#000000"}.get(str(colour).lower(), str(colour))
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours, 1 to 21."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_text(background: str | None) -> str:
    """Near-black text on `background`, or white where the background is too dark for near-black to read."""
    if not background or not str(background).startswith("#") and str(background).lower() not in ("white", "black"):
        return NEAR_BLACK
    return NEAR_BLACK if contrast(NEAR_BLACK, background) >= contrast("#FFFFFF", background) else "#FFFFFF"
