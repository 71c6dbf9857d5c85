"""Codes (org_id, event_id, indicator_id...) made comparable, and look-alikes caught before they are stored.

An id that displays exactly like an existing one but is stored as a different string (a byte-order mark in
front, a zero-width space inside, an accent composed differently, a Cyrillic 'О' for a Latin 'O') would
become a second organisation that nobody can tell apart from the first. So every code is normalised (Unicode
NFC, invisible format characters removed, trimmed, upper case), limited in length, refused when it mixes
alphabets, and refused when it only looks like an existing id.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from confusable_homoglyphs import categories, confusables

MAX_CODE_LENGTH = 40


def normalise_code(text: str) -> str:
    """NFKC (full-width letters and digits become ASCII), every dash and minus sign a hyphen, without format
    characters (BOM, zero-width space and joiners, soft hyphen), trimmed, upper case."""
    composed = unicodedata.normalize("NFKC", text)
    visible = "".join("-" if _is_dash(ch) else ch for ch in composed if unicodedata.category(ch) != "Cf")
    return visible.strip().upper()


def _is_dash(ch: str) -> bool:
    return unicodedata.category(ch) == "Pd" or ch == "\u2212"  # hyphens, dashes, and the minus sign


def code_problem(code: str) -> str | None:
    """Why a (normalised) code cannot be stored, or None."""
    if len(code) > MAX_CODE_LENGTH:
        return f"is {len(code):,} characters long; codes are at most {MAX_CODE_LENGTH}"
    if code.isascii():
        return None
    alphabets = categories.unique_aliases(code) - {"COMMON", "INHERITED"}
    if len(alphabets) > 1:
        odd = [ch for ch in code if not ch.isascii() and categories.aliases_categories(ch)[0] not in ("LATIN",
                                                                                                     "COMMON")]
        names = ", ".join(f"'{ch}' ({unicodedata.name(ch, 'unknown')})" for ch in dict.fromkeys(odd))
        return (f"mixes alphabets ({', '.join(sorted(a.title() for a in alphabets))}): {names} only looks like a "
                f"Latin letter; type the code again in one alphabet")
    return None


@lru_cache(maxsize=65536)
def skeleton(code: str) -> str:
    """What a code looks like: accents and other combining marks dropped, each non-ASCII character that has a
    Latin look-alike replaced by it (the Unicode confusables table, then the letter a non-Latin letter is named
    after when the table has none, such as Cyrillic Komi Sje)."""
    if code.isascii():
        return code
    bare = "".join(ch for ch in unicodedata.normalize("NFD", code) if not unicodedata.combining(ch))
    found = confusables.is_confusable(bare, preferred_aliases=["latin"], greedy=True) or []
    swaps = {f["character"]: f["homoglyphs"][0]["c"] for f in found
             if not f["character"].isascii() and f["homoglyphs"]}
    return "".join(swaps.get(ch, ch) for ch in bare).upper()


def look_alikes(new: Iterable[str], existing: Iterable[str]) -> dict[str, str]:
    """new code -> the existing code it only looks like (same skeleton, different characters)."""
    by_look: dict[str, str] = {}
    for code in existing:
        by_look.setdefault(skeleton(code), code)
    found = {}
    for code in new:
        twin = by_look.get(skeleton(code))
        if twin is not None and twin != code:
            found[code] = twin
    return found
