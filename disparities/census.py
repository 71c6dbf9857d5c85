"""ONS Census 2021 ethnic-group tables, as ONS publishes them, read as a population upload.

ONS's "Create a custom dataset" (and Nomis) give a long CSV: a geography (name and code), an ethnic group (name
and code) and a count per row, for the 19 detailed groups plus "Does not apply" (20 categories) or the 5
high-level groups plus "Does not apply" (6 categories). The officer uploads that file as it is; this module
recognises it by its columns and turns it into the population table (community, year, residents, source):
each ONS group mapped to the vocabulary's community or high-level group, for Tower Hamlets when the file holds
several areas.
"""
from __future__ import annotations

import csv
import io
import re

from disparities.report import Refused
from disparities.vocabularies import HIGH_LEVEL_NAMES

TOWER_HAMLETS = ("E09000030", "Tower Hamlets")
YEAR = 2021
DOWNLOAD = ("ons.gov.uk > Census 2021 > Create a custom dataset: usual residents, Local authorities: Tower Hamlets, "
            "Ethnic group (20 categories), CSV")

# ONS's 19 detailed groups ("<high-level name>: <group>") -> the community vocabulary's Census groups.
DETAILED = {
    "Asian, Asian British or Asian Welsh: Bangladeshi": "Bangladeshi",
    "Asian, Asian British or Asian Welsh: Chinese": "Chinese",
    "Asian, Asian British or Asian Welsh: Indian": "Indian",
    "Asian, Asian British or Asian Welsh: Pakistani": "Pakistani",
    "Asian, Asian British or Asian Welsh: Other Asian": "Other Asian",
    "Black, Black British, Black Welsh, Caribbean or African: African": "African",
    "Black, Black British, Black Welsh, Caribbean or African: Caribbean": "Caribbean",
    "Black, Black British, Black Welsh, Caribbean or African: Other Black": "Other Black",
    "Mixed or Multiple ethnic groups: White and Asian": "White and Asian",
    "Mixed or Multiple ethnic groups: White and Black African": "White and Black African",
    "Mixed or Multiple ethnic groups: White and Black Caribbean": "White and Black Caribbean",
    "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups": "Other Mixed",
    "White: English, Welsh, Scottish, Northern Irish or British": "English, Welsh, Scottish, Northern Irish or British",
    "White: Irish": "Irish",
    "White: Gypsy or Irish Traveller": "Gypsy or Irish Traveller",
    "White: Roma": "Roma",
    "White: Other White": "Other White",
    "Other ethnic group: Arab": "Arab",
    "Other ethnic group: Any other ethnic group": "Any other ethnic group",
}
HIGH_LEVEL = {name: group for group, name in HIGH_LEVEL_NAMES.items()}
NOT_GROUPS = ("does not apply", "total")  # "Does not apply" (nobody, in this table) and totals are not groups


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


_GROUPS = {_key(name): label for name, label in (DETAILED | HIGH_LEVEL).items()}


def _columns(header: list[str]) -> dict[str, int] | None:
    """Positions of the geography name and code, the ethnic group and the count, or None if not such a table."""
    found: dict[str, int] = {}
    for position, title in enumerate(header):
        words = _key(title)
        is_code = words.endswith("code") or words.endswith("_code")
        if ("ethnic" in words or re.search(r"(^|_)eth_\d+", words)) and not is_code:  # Nomis: C2021_ETH_20_NAME
            found.setdefault("group", position)
        elif any(w in words for w in ("local authorit", "geography", "area")):
            found.setdefault("code" if is_code else "area", position)
        elif words in ("observation", "obs_value", "count", "value"):
            found.setdefault("count", position)
    return found if {"group", "count"} <= set(found) and ({"area", "code"} & set(found)) else None


def is_census_table(header: list[str]) -> bool:
    """True for ONS's long Census CSV: geography, ethnic group and count columns (codes beside them)."""
    return _columns(header) is not None


MOST_RESIDENTS = 10_000_000  # more than any local authority holds: a count above it is a mistake


def _count(text: str) -> int:
    cleaned = text.replace(",", "").strip()
    try:
        number = float(cleaned)
    except ValueError:
        raise Refused(f"'{text}' is not a count of residents: the Census table's count column should hold numbers.")
    if not number.is_integer() or number < 0:
        raise Refused(f"'{text}' is not a count of residents: counts are whole numbers, 0 or more.")
    if number > MOST_RESIDENTS:
        raise Refused(f"'{text}' residents is more than any local authority holds: check the count column.")
    return int(number)


def as_population(text: str, delimiter: str) -> tuple[str, list[str]]:
    """The population table (CSV text) from a Census table's text, and notes for the officer."""
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    columns = _columns(rows[0])
    body = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    area_of = lambda row: (row[columns["code"]].strip() if "code" in columns else "",  # noqa: E731
                           row[columns["area"]].strip() if "area" in columns else "")
    areas = list(dict.fromkeys(area_of(row) for row in body))
    if len(areas) > 1:
        chosen = [a for a in areas if a[0] == TOWER_HAMLETS[0] or _key(a[1]) == _key(TOWER_HAMLETS[1])]
        if not chosen:
            raise Refused(f"The Census table covers {len(areas):,} areas and Tower Hamlets is not one of them: "
                          f"download it for Tower Hamlets ({DOWNLOAD}).")
        if len(chosen) > 1:
            named = "; ".join(" ".join(part for part in area if part) for area in chosen)
            raise Refused(f"The Census table has more than one area that looks like Tower Hamlets ({named}): keep "
                          f"the one for Tower Hamlets ({TOWER_HAMLETS[0]}) and upload again.")
        body = [row for row in body if area_of(row) == chosen[0]]
        areas = chosen
    code, name = areas[0] if areas else ("", "")
    residents: dict[str, int] = {}
    unknown, seen = [], set()
    for row in body:
        group = _key(row[columns["group"]])
        if any(group.startswith(word) for word in NOT_GROUPS):
            continue
        if group not in _GROUPS:
            unknown.append(row[columns["group"]].strip())
            continue
        if group in seen:  # two ONS groups may make one community; one ONS group twice is a mistake
            raise Refused(f"The Census table gives '{row[columns['group']].strip()}' more than once for one area: "
                          "keep one row per ethnic group and upload again.")
        seen.add(group)
        label = _GROUPS[group]
        residents[label] = residents.get(label, 0) + _count(row[columns["count"]])
    if unknown:
        raise Refused(f"The Census table has ethnic groups this dashboard does not know: {', '.join(unknown[:5])}. "
                      f"Use ONS's 'Ethnic group (20 categories)' or '(6 categories)' ({DOWNLOAD}).")
    if not residents:
        raise Refused("The Census table has no ethnic group with residents in it.")
    high = {_key(name) for name in HIGH_LEVEL}
    if seen & high and seen - high:  # a high-level group beside its own detailed groups counts residents twice
        raise Refused("The Census table mixes the 6 high-level ethnic groups with the 20 detailed ones, which would "
                      "count residents twice: upload one of the two tables.")
    source = f"Census 2021, ONS: ethnic group, {name or code}".rstrip(", ")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["community", "year", "residents", "source"])
    for label, count in residents.items():
        writer.writerow([label, YEAR, count, source])
    level = "high-level groups" if set(residents) <= set(HIGH_LEVEL.values()) else "Census groups"
    where = f"{name} ({code})" if name and code else (name or code)
    notes = [f"read as ONS's Census 2021 ethnic-group table for {where}: {len(residents)} {level}, "
             f"{sum(residents.values()):,} residents, year {YEAR}"]
    return out.getvalue(), notes
