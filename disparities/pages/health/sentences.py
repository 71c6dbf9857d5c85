"""Sentences of the Health disparities page: each takes the DataFrame its chart draws (queries.health)."""
from __future__ import annotations

import pandas as pd

from disparities.intervals import HIGHER, LOWER, SIMILAR
from disparities.summaries import SMALL_SAMPLE, count_phrase, escape_markdown, join_words, percent, sentence_case

NO_ASSESSMENTS = "No assessments match these filters."


def ranking_summary(table: pd.DataFrame) -> str:
    """'Mental health scores highest, with 98 points from 24 organisations that ranked it.'"""
    if table.empty:
        return NO_ASSESSMENTS
    top = table.sort_values(["points", "disparity"], ascending=[False, True]).iloc[0]
    return (f"{sentence_case(top['disparity'])} scores highest, with {int(top['points'])} points from "
            f"{count_phrase(int(top['organisations_ranking_it']), 'organisation')} that ranked it.")


def _leaders(cells: pd.DataFrame) -> list[str]:
    """The disparities with the most organisations in one group's cells (several when tied; none when all 0)."""
    most = cells["organisations"].max() if len(cells) else 0
    return [] if not most else list(cells.loc[cells["organisations"] == most, "disparity"])


def heat_map_summary(table: pd.DataFrame) -> str:
    """The fullest cell and how often the most named disparity also leads within a community.

    'The fullest cell: 5 of the 11 assessed organisations serving Bangladeshi communities (45%) name mental health
    as their main disparity. Mental health is the most common main disparity, alone or tied, in 14 of 24
    communities.'
    """
    if table.empty or not table["organisations"].any():
        return NO_ASSESSMENTS
    fullest = table[table["organisations"] == table["organisations"].max()]
    cell = fullest.iloc[0]
    which = f"One of {len(fullest):,} fullest cells" if len(fullest) > 1 else "The fullest cell"
    community = escape_markdown(cell["community"])  # may be an 'Other: ...' item as the uploader wrote it
    if cell["assessed"] == 1:
        first = (f"{which}: the one assessed organisation serving {community} communities names "
                 f"{cell['disparity']} as its main disparity.")
    else:
        first = (f"{which}: {cell['organisations']:,} of the {cell['assessed']:,} assessed organisations serving "
                 f"{community} communities ({percent(cell['share'])}) name {cell['disparity']} as their "
                 "main disparity.")
    overall = table["disparity"].iloc[0]  # the query puts the disparity most organisations name first
    communities = table.groupby("community", sort=False)
    leading = sum(overall in _leaders(cells) for _, cells in communities)
    return (first + f" {sentence_case(overall)} is the most common main disparity, alone or tied, in "
            f"{leading:,} of {count_phrase(communities.ngroups, 'community', 'communities')}.")


def _groups(table: pd.DataFrame, group: str) -> list[tuple[str, pd.DataFrame]]:
    """(name, cells with a disparity) per group in the frame's order; names as given in the frame."""
    return [(str(name), cells.dropna(subset=["disparity"])) for name, cells in table.groupby(group, sort=False)]


def breakdown_summary(table: pd.DataFrame, group: str, plural: str) -> str:
    """The main disparity in each group (a ward, an income band), from `_main_disparity_by`'s frame.

    Up to six groups are each named ('under £10k: mental health (3 of 5 organisations)'); more are counted
    ('Mental health is the most common main disparity in 8 of 20 wards, diabetes in 4; in 7 wards two or more
    disparities are level.').
    """
    groups = _groups(table, group)
    if not groups:
        return NO_ASSESSMENTS
    if len(groups) <= 6:
        parts = []
        for name, cells in groups:
            leaders, assessed = _leaders(cells), int(table.loc[table[group] == name, "assessed"].iloc[0])
            name = escape_markdown(name)  # a ward not in the ward list is kept as the uploader wrote it
            if not leaders:
                parts.append(f"{name}: no main disparity given ({count_phrase(assessed, 'organisation')})")
                continue
            n = int(cells["organisations"].max())
            each = " each" if len(leaders) > 1 else ""
            parts.append(f"{name}: {join_words(leaders)} ({n:,}{each} of {count_phrase(assessed, 'organisation')}, "
                         f"{percent(n / assessed)})")
        return f"Most common main disparity by {_singular(plural)}: {'; '.join(parts)}."
    sole: dict[str, int] = {}
    level = 0
    for _, cells in groups:
        leaders = _leaders(cells)
        if not leaders:  # nobody there gave a rank 1: neither a leader nor a tie
            continue
        if len(leaders) == 1:
            sole[leaders[0]] = sole.get(leaders[0], 0) + 1
        else:
            level += 1
    ranked = sorted(sole.items(), key=lambda item: -item[1])  # stable: equal counts keep the frame's order
    text = ""
    if ranked:
        (first, n), rest = ranked[0], ranked[1:]
        text = f"{sentence_case(first)} is the most common main disparity in {n:,} of {len(groups):,} {plural}"
        text += "".join(f", {name} in {m:,}" for name, m in rest)
    if level:
        where = f"{level:,} {plural if level > 1 else _singular(plural)}"
        text += f"; in {where} two or more disparities are level" if text else \
            f"In {where} two or more disparities are level"
    return text + "."


def _singular(plural: str) -> str:
    return plural.removesuffix("s")


def small_groups_caution(table: pd.DataFrame, group: str, plural: str, threshold: int = SMALL_SAMPLE) -> str | None:
    """Which groups rest on fewer than `threshold` assessed organisations, or None.

    None too when the whole breakdown is that small: the chart's own caution says so already.
    """
    sizes = table.drop_duplicates(group)[[group, "assessed"]]
    if sizes.empty or sizes["assessed"].sum() < threshold:
        return None
    small = sizes[sizes["assessed"] < threshold]
    if small.empty:
        return None
    if len(small) == len(sizes):
        return (f"Every {_singular(plural)} here rests on fewer than {threshold} organisations (the largest has "
                f"{sizes['assessed'].max():,}): read them as examples, not as shares.")
    names = join_words([f"{escape_markdown(name)} ({n:,})" for name, n in zip(small[group], small["assessed"])])
    advice = "that row as an example, not as a share" if len(small) == 1 else "these rows as examples, not as shares"
    return f"Fewer than {threshold} organisations assessed in {names}: read {advice}."


def beneficiaries_summary(table: pd.DataFrame) -> str:
    """'Organisations estimate 3,215 beneficiaries affected by mental health, the most of any disparity. Figures
    reported by 28 of 30 organisations (93%).'"""
    if table.empty:
        return "No organisation in view reported how many beneficiaries are affected."
    values = table["beneficiaries_affected"].astype(float)
    top = table.loc[values.sort_values(ascending=False, kind="stable", na_position="last").index[0]]
    reporting, assessed = int(top["reporting"]), int(top["assessed"])
    reported = (f" Figures reported by {reporting:,} of {count_phrase(assessed, 'organisation')} "
                f"({percent(reporting / assessed)}).")
    if values.isna().all():  # every figure suppressed under the small-number policy
        return "Every figure here is too small to publish." + reported
    most = ", the most of any disparity" if len(table) > 1 else ""
    biggest = int(float(top["beneficiaries_affected"]))
    return (f"Organisations estimate {count_phrase(biggest, 'beneficiary', 'beneficiaries')}"
            f" affected by {top['disparity']}{most}." + reported)


def population_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The communities that can be compared: those with a resident figure uploaded."""
    return table[table["residents"].notna()]


def population_summary(table: pd.DataFrame, named: int = 3) -> str:
    """What the comparison with residents finds, by verdict: the communities the groups reach less than their
    share of residents (with the figures), then how many are similar or higher.

    'Fewer groups in view serve English, Welsh, Scottish, Northern Irish or British (0% of organisations, 95% CI
    0% to 11%; 39% of residents) than their share of residents. 5 communities are similar and 1 is higher.'
    """
    compared = population_rows(table).dropna(subset=["organisation_share"])
    if compared.empty:
        return "No organisations in view to compare with residents."
    verdicts = compared["compared_with_residents"]
    lower = compared[verdicts == LOWER]
    lower = lower.loc[(lower["resident_share"] - lower["organisation_share"]).sort_values(
        ascending=False, kind="stable").index]
    parts = [f"{escape_markdown(row.community)} ({percent(row.organisation_share)} of organisations, 95% CI "
             f"{percent(row.organisation_share_low)} to {percent(row.organisation_share_high)}; "
             f"{percent(row.resident_share)} of residents)" for row in lower.head(named).itertuples()]
    if len(lower) > named:
        parts.append(f"{len(lower) - named:,} more")
    text = (f"Fewer groups in view serve {join_words(parts)} than their share of residents." if parts else
            "No community is reached by clearly fewer groups in view than its share of residents.")
    rest = [f"{count_phrase(int((verdicts == v).sum()), 'community', 'communities')} "
            f"{'is' if (verdicts == v).sum() == 1 else 'are'} {v}" for v in (SIMILAR, HIGHER) if (verdicts == v).any()]
    if rest:
        text += f" {sentence_case(join_words(rest))}."
    missing = table[table["residents"].isna() & (table["organisations"] > 0)]
    if len(missing):
        more = [f"{len(missing) - 3:,} more"] if len(missing) > 3 else []
        shown = join_words([escape_markdown(name) for name in missing["community"][:3]] + more)
        text += f" No resident figures uploaded for {shown}, so they are not in the chart."
    return text


def population_sources(table: pd.DataFrame) -> str:
    """Where the resident figures come from: 'Census 2021 TS021, ONS, 2021' (each source with its years)."""
    rows = population_rows(table)
    years: dict[str, set[int]] = {}
    for source, year in zip(rows["source"], rows["year"]):
        years.setdefault(source if isinstance(source, str) and source else "source not given", set()).add(int(year))
    return "; ".join(f"{source}, {join_words([str(y) for y in sorted(ys)])}" for source, ys in years.items())
