"""The mapping step: a survey export (Google Forms, Microsoft Forms, SurveyMonkey, KoboToolbox, Typeform) or a
workbook, mapped onto a kind before the ordinary check. A mapping saved earlier for the same export shape is
used at once; a new one is suggested, corrected here, and saved when the officer applies the files.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from disparities import surveys
from disparities.ingest import UploadFile
from disparities.kinds import KINDS
from disparities.report import Refused
from disparities.summaries import escape_markdown

LEAVE_OUT = "(leave out)"
NOT_IN_REGISTER = "(not in the register)"
SURVEY_KINDS = ("toolkit", "assessment", "organisations", "events")


def sort_files(files: list[UploadFile], read) -> tuple[list[UploadFile], list[dict]]:
    """Files ready for the check (ordinary CSV, or exports with a saved mapping) and exports that need the
    mapping step: [{export, mapping, saved: False}]."""
    ready, to_map = [], []
    for upload in files:
        if not (surveys.is_workbook(upload.data) or surveys.looks_like_export(upload.data)):
            ready.append(upload)
            continue
        try:
            export = surveys.read_export(upload.name, upload.data)
        except Refused:
            ready.append(upload)  # the check says what is wrong with it
            continue
        saved = read(surveys.saved, export.signature)
        if saved is not None:
            ready.append(surveys.as_upload(export, saved, read(surveys.register)))
            continue
        closest = read(surveys.closest_saved, export)
        if closest is not None:  # a reworded round: the saved choices, the changed questions flagged
            to_map.append({"export": export, "mapping": surveys.reworded(export, closest, read(surveys.register)),
                           "changed": (closest[1], closest[2])})
        elif export.tool is None and _own_columns(export):
            ready.append(UploadFile(upload.name, surveys.as_csv(export), upload.kind))
        else:
            kind = upload.kind if upload.kind in KINDS else "toolkit"
            to_map.append({"export": export, "mapping": surveys.suggest(export, kind, read(surveys.register))})
    return ready, to_map


def _own_columns(export: surveys.Export) -> bool:
    from .. import reading
    try:
        reading.detect_kind(export.header)
        return True
    except Refused:
        return False


def panel(register: dict[str, str]) -> list[UploadFile] | None:
    """The mapping step for the first export waiting; the files mapped once every export is confirmed."""
    waiting = st.session_state.get("map_files") or []
    if not waiting:
        return None
    item = waiting[0]
    export, mapping = item["export"], item["mapping"]
    with st.container(border=True):
        st.subheader("Map the survey export")
        st.info(f"**{escape_markdown(export.file_name)}** is a {export.tool or 'workbook'} export with "
                f"{len(export.rows):,} responses. Say which question fills which field; nothing is stored until you "
                "apply, and this mapping is remembered for the next round of the same survey.",
                icon=":material/quiz:")
        if item.get("changed"):
            gone, new = item["changed"]
            st.warning("This looks like the next round of a survey mapped before, but its questions changed. "
                       f"No longer there: {escape_markdown(', '.join(gone)) or 'none'}. New: "
                       f"{escape_markdown(', '.join(new)) or 'none'}. Check the new questions' fields below.",
                       icon=":material/edit_note:")
        kind = st.selectbox("What the responses are", SURVEY_KINDS, index=SURVEY_KINDS.index(mapping.kind)
                            if mapping.kind in SURVEY_KINDS else 0, format_func=lambda k: KINDS[k].title,
                            key=f"map_kind_{export.signature}")
        if kind != mapping.kind:
            mapping = item["mapping"] = surveys.suggest(export, kind, register)
        mapping.columns = _columns_editor(export, mapping)
        mapping.organisations = _organisations(mapping, register, export.signature)
        mapping.answers = _answers(export, mapping)
        mapping.date_order = st.radio(
            "Dates like 03/04/2022 are", ("day-first", "month-first"), horizontal=True,
            index=0 if mapping.date_order == "day-first" else 1, key=f"map_dates_{export.signature}",
            format_func={"day-first": "day first (3 April)", "month-first": "month first (March 4, as in the US)"}.get)
        use, drop = st.columns(2)
        if drop.button("Discard this export", icon=":material/close:", key=f"map_drop_{export.signature}"):
            waiting.pop(0)
            st.rerun()
        if not use.button("Use this mapping and check", type="primary", icon=":material/check:",
                          key=f"map_use_{export.signature}"):
            return None
    waiting.pop(0)
    st.session_state.setdefault("mapped", []).append((mapping, export.file_name))
    added = _new_organisations(export)
    st.session_state.setdefault("mapped_files", []).extend(
        [*([added] if added else []), surveys.as_upload(export, mapping)])
    if waiting:
        st.rerun()
    return st.session_state.pop("mapped_files")


def _columns_editor(export: surveys.Export, mapping: surveys.Mapping) -> dict[str, dict]:
    fields = [c.name for c in KINDS[mapping.kind].columns]
    rows = pd.DataFrame({
        "Export column": export.header,
        "Field": [mapping.columns[t].get("field", LEAVE_OUT) for t in export.header],
        "Why": [_why(mapping.columns[t]) for t in export.header],
        "First answer": ["(not shown: personal data)" if "personal" in mapping.columns[t].get("ignore", "") else
                         next((v for v in export.column(i) if v.strip()), "") for i, t in enumerate(export.header)],
    })
    st.markdown("**Questions to fields** (personal data such as e-mail addresses and names is left out and never "
                "stored)")
    edited = st.data_editor(
        rows, hide_index=True, width="stretch", disabled=["Export column", "Why", "First answer"],
        key=f"map_columns_{export.signature}_{mapping.kind}",
        column_config={"Field": st.column_config.SelectboxColumn("Field", options=[LEAVE_OUT, *fields],
                                                                required=True)})
    chosen = {}
    for title, name in zip(edited["Export column"], edited["Field"]):
        was = mapping.columns.get(title, {})
        if name == LEAVE_OUT:
            chosen[title] = {"ignore": was.get("ignore") or "left out by the officer"}
        elif was.get("field") == name:
            chosen[title] = was  # kept as suggested (with its rank or ranking-grid option)
        else:
            chosen[title] = {"field": name, "confidence": 1.0}
    return chosen


def _why(how: dict) -> str:
    if "rank" in how:
        return f"answer ranked {how['rank']}"
    if "option" in how:
        return f"ranking grid: the rank of {how['option']}"
    if "field" in how:
        return f"{how.get('confidence', 1):.0%} match"
    return how.get("ignore", "")


def _organisations(mapping: surveys.Mapping, register: dict[str, str], signature: str) -> dict[str, str | None]:
    if not mapping.organisations:
        return {}
    options = [NOT_IN_REGISTER, *sorted(register)]
    label = {NOT_IN_REGISTER: NOT_IN_REGISTER, **{k: f"{k}: {v}" for k, v in register.items()}}
    st.markdown("**Organisations as respondents typed them** (matched ignoring case, punctuation and words such "
                "as 'the', 'Ltd', 'CIC', 'Sample')")
    chosen = {}
    for n, (typed, org_id) in enumerate(mapping.organisations.items()):
        picked = st.selectbox(f"“{typed}” is", options, index=options.index(org_id) if org_id in options else 0,
                              format_func=label.get, key=f"map_org_{signature}_{n}")
        chosen[typed] = None if picked == NOT_IN_REGISTER else picked
    unknown = [t for t, o in chosen.items() if o is None]
    if unknown:
        st.warning("Not in the register: " + escape_markdown(", ".join(unknown)) + ". Choose the organisation, or "
                   "give it a new org_id below to add it to the register with this upload.",
                   icon=":material/person_search:")
    new = {}
    for n, typed in enumerate(unknown):
        code = st.text_input(f"New org_id for “{typed}” (blank: leave its responses out of the register)",
                             key=f"map_new_{signature}_{n}", max_chars=40, placeholder=_next_id(register, n))
        if code.strip():
            chosen[typed] = new[typed] = code.strip().upper()
    st.session_state[f"map_new_orgs_{signature}"] = new
    return chosen


def _next_id(register: dict[str, str], offset: int) -> str:
    numbers = [int(k.split("-")[-1]) for k in register if k.split("-")[-1].isdigit()]
    return f"e.g. ORG-{max(numbers, default=0) + 1 + offset:03d}"


def _new_organisations(export: surveys.Export) -> UploadFile | None:
    """The organisations the officer added in the mapping step, as an organisations file in the same batch."""
    import csv
    import io
    new = st.session_state.pop(f"map_new_orgs_{export.signature}", {})
    if not new:
        return None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([["org_id", "name"], *[[code, typed] for typed, code in new.items()]])
    return UploadFile(f"new organisations from {export.file_name}", out.getvalue().encode("utf-8"), "organisations")


def _answers(export: surveys.Export, mapping: surveys.Mapping) -> dict[str, dict[str, str]]:
    from ..vocabularies import ALL as VOCABULARIES
    if not mapping.answers:
        return {}
    st.markdown("**Answers to the contract's words** (an answer left as 'other' is kept under other, with a "
                "warning)")
    chosen = {}
    for name, answers in mapping.answers.items():
        vocabulary = VOCABULARIES[KINDS[mapping.kind].column(name).vocabulary]
        table = pd.DataFrame({"Answer as written": list(answers), "Stored as": list(answers.values())})
        edited = st.data_editor(table, hide_index=True, width="stretch", disabled=["Answer as written"],
                                key=f"map_answers_{export.signature}_{name}",
                                column_config={"Stored as": st.column_config.SelectboxColumn(
                                    f"Stored as ({name})", options=vocabulary.labels, required=True)})
        chosen[name] = dict(zip(edited["Answer as written"], edited["Stored as"]))
    return chosen


def save_confirmed(db_path, saved_by: str) -> None:
    """After Apply: remember the mappings confirmed in this check, for the next round of the same survey."""
    from ..store import connect
    confirmed = st.session_state.pop("mapped", [])
    if not confirmed:
        return
    with connect(db_path) as con:
        for mapping, file_name in confirmed:
            surveys.save(con, mapping, surveys.default_name(mapping, file_name), saved_by)


def saved_mappings_form(read, db_path) -> None:
    """The Data page's list of saved mappings, with rename and delete."""
    from ..store import connect
    table = read(surveys.saved_list)
    if table.empty:
        st.caption("No saved survey mappings yet: one is saved when a survey export is first applied.")
        return
    st.dataframe(table, hide_index=True, width="stretch")
    choice = st.selectbox("Mapping", list(table["signature"]), key="mapping_choice",
                          format_func=dict(zip(table["signature"], table["name"])).get)
    name = st.text_input("New name", key="mapping_new_name", max_chars=120)
    rename, forget = st.columns(2)
    if rename.button("Rename", disabled=not name.strip(), icon=":material/edit:"):
        with connect(db_path) as con:
            surveys.rename(con, choice, name)
        st.rerun()
    if forget.button("Delete this mapping", icon=":material/delete:"):
        with connect(db_path) as con:
            surveys.delete(con, choice)
        st.rerun()
