"""One colour per category, the same on every page, from colour-blind-safe palettes.

Colours are assigned by a label's position in its vocabulary (vocabularies.py),
never by the order the data happens to arrive in, so "mental health" is the
same colour on every chart whatever else is shown. The first eight categories
of a vocabulary take the Okabe-Ito palette; longer vocabularies continue with
Paul Tol's "muted" and then "light" sets. Beyond those 25 colours they repeat:
no palette keeps more categories apart for colour-blind readers, so charts with
that many categories must label them as well.

Colour is never the only carrier of meaning: every status and category is also
written as text (labels, hover text and the summary sentence).
"""
from __future__ import annotations

from functools import lru_cache

from disparities import vocabularies

# Okabe & Ito (2008), strongest first so that short vocabularies get the clearest contrasts.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
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

# Vocabularies whose colours carry meaning, rather than following position.
_FIXED = {"status": STATUS_COLOURS}


def _is_other(vocabulary: vocabularies.Vocabulary, label: str) -> bool:
    """The catch-all label itself, or an unknown item kept as 'Other: ...' (see validate.map_list)."""
    names = {"other", (vocabulary.other or "other").lower()}
    lowered = label.lower()
    return lowered in names or any(lowered.startswith(f"{name}:") for name in names)


@lru_cache(maxsize=None)
def _colour_map(name: str) -> tuple[tuple[str, str], ...]:
    vocabulary = vocabularies.ALL[name]
    if name in _FIXED:
        return tuple(_FIXED[name].items())
    categories = [label for label in vocabulary.labels if not _is_other(vocabulary, label)]
    pairs = [(label, CATEGORICAL[i % len(CATEGORICAL)]) for i, label in enumerate(categories)]
    others = [label for label in vocabulary.labels if _is_other(vocabulary, label)]
    others += [vocabulary.other] if vocabulary.other and vocabulary.other not in others else []
    return tuple(pairs + [(label, OTHER) for label in others])


def color_map(vocabulary_name: str) -> dict[str, str]:
    """Label -> hex colour for every label of the vocabulary (and its 'other' label), e.g. for plotly's
    `color_discrete_map`. A fresh dict each call, so callers may add to it."""
    return dict(_colour_map(vocabulary_name))


def color_for(vocabulary_name: str, label: str) -> str:
    """The colour of one label; grey for 'Other: ...' items and values outside the vocabulary."""
    return dict(_colour_map(vocabulary_name)).get(label, OTHER)


def high_level_color(group: str) -> str:
    """The colour of a 2021 Census high-level group (Asian, Black, Mixed, White, Other)."""
    return HIGH_LEVEL_COLOURS.get(group, OTHER)
