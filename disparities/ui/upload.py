"""The officer's controls: sign-in, upload in the sidebar, the check step before anything is written.

Uploading and undoing need the officer role when a password is configured.
Without one, they still work, under a warning on every page. Nothing uploaded
is written until the officer has seen the check and pressed Apply.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from disparities import auth, config, export, history, officer, surveys, templates
from disparities.ingest import RENAMES_WARNING, UploadFile, ingest
from disparities.kinds import KINDS
from disparities.store import StoreBusy, StoreError
from disparities.summaries import escape_markdown
from disparities.ui import mapping as mapping_step

NO_PASSWORD_WARNING = (
    "**No officer password is set**, so anyone who can reach this dashboard can upload or undo data. "
    "To fix this, run `python -m disparities set-password` on the server (or set "
    "`DISPARITIES_OFFICER_PASSWORD_HASH`).")
UNNAMED = "unnamed (no sign-in configured)"


def password_configured() -> bool:
    return auth.configured_hash(config.secrets_file()) is not None


def signed_in_name() -> str | None:
    return st.session_state.get("officer")


def may_edit() -> bool:
    """Uploading and undoing: the signed-in officer, or anyone while no password is configured."""
    return signed_in_name() is not None or not password_configured()


def editor_name() -> str:
    return signed_in_name() or st.session_state.get("uploader_name", "").strip() or UNNAMED


# ---- sidebar ---------------------------------------------------------------------------------------

def sidebar() -> None:
    """Sign-in and upload at the foot of the sidebar (not drawn in meeting mode)."""
    with st.sidebar:
        st.divider()
        st.header("Data upload")
        if not password_configured():
            st.warning(NO_PASSWORD_WARNING, icon=":material/lock_open:")
            st.text_input("Your name, for the upload history", key="uploader_name", max_chars=80)
        elif signed_in_name() is None:
            _sign_in_form()
            return
        else:
            st.caption(f"Signed in as **{escape_markdown(signed_in_name())}** (officer).")
            if st.button("Sign out", icon=":material/logout:"):
                for key in ("officer", "check_files", "check_result"):
                    st.session_state.pop(key, None)
                st.rerun()
        _uploader()


def _sign_in_form() -> None:
    st.caption("Uploading and undoing data need the officer's sign-in. Browsing and downloading do not.")
    with st.form("sign_in", clear_on_submit=True, border=False):
        name = st.text_input("Your name (shown in the upload history)", max_chars=80)
        password = st.text_input("Officer password", type="password")
        submitted = st.form_submit_button("Sign in", icon=":material/login:")
    if not submitted:
        return
    if not name.strip():
        st.error("Give your name: the upload history records who changed the data.")
        return
    stored = auth.configured_hash(config.secrets_file())
    with st.spinner("Checking..."):
        ok = stored is not None and auth.THROTTLE.attempt(password, stored)
    if ok:
        st.session_state["officer"] = name.strip()
        st.rerun()
    wait = auth.THROTTLE.delay()
    st.error("That password is not right." + (f" The next attempt will wait {wait:g} s." if wait else ""))


def _uploader() -> None:
    round_ = st.session_state.setdefault("upload_round", 0)
    files = st.file_uploader(
        "CSV files or workbooks (one or more)", accept_multiple_files=True, key=f"uploader_{round_}",
        help=f"Up to {config.max_upload_bytes() / 2**20:g} MB each: our templates, or survey exports as Google "
             "Forms, Microsoft Forms (.xlsx), SurveyMonkey, KoboToolbox and Typeform give them (mapped once, then "
             "remembered). The kind of each file is detected from its headers; choose it yourself if the detection "
             "is wrong. Nothing is written until you press Apply.")
    kinds = [st.selectbox(f"Kind of {f.name}", officer.KIND_CHOICES, format_func=officer.kind_label,
                          key=f"kind_{round_}_{n}") for n, f in enumerate(files or [])]
    if st.button("Check files", icon=":material/fact_check:", disabled=not files, type="primary"):
        from . import read
        picked = [UploadFile(f.name, f.getvalue(), None if kind == officer.DETECT else kind)
                  for f, kind in zip(files, kinds)]
        _forget_check()
        # Survey exports and workbooks go through the mapping step first (at once, when a mapping is saved).
        st.session_state["check_files"], st.session_state["map_files"] = mapping_step.sort_files(picked, read)
        st.session_state.pop("applied", None)


# ---- the check step, in the main area -----------------------------------------------------------------

def _run(files: list[UploadFile], *, dry_run: bool):
    label = "Checking" if dry_run else "Applying"
    with st.status(f"{label} {len(files)} file(s)...", expanded=False) as progress:
        try:
            result = ingest(_store_path(), files, dry_run=dry_run, uploaded_by=editor_name(),
                            progress=progress.write)
        except (StoreBusy, StoreError) as problem:
            progress.update(label=str(problem), state="error")
            return None
        except Exception as surprise:  # noqa: BLE001 - the session must go on: forget the files, say so
            st.session_state.pop("check_files", None)
            progress.update(label=f"These files could not be {'checked' if dry_run else 'applied'} "
                                  f"({type(surprise).__name__}); nothing was changed.", state="error")
            return None
        progress.update(label=f"{label} done.", state="complete")
    return result


def _store_path():
    from . import db_path  # the package imports this module: import its function when first needed
    return db_path()


def check_panel() -> None:
    """After "Check files": what applying would do, every problem, a preview, and Apply when there are no errors.

    Whatever goes wrong while showing it, the files are forgotten and the page goes on: an upload never
    leaves a session stuck on an error (every page draws this panel)."""
    try:
        _check_panel()
    except Exception:  # noqa: BLE001
        _forget_check()
        st.error("Something went wrong while checking these files, so they were set aside and nothing was "
                 "changed. Save the file again as 'CSV UTF-8' and upload it once more.", icon=":material/error:")


def _check_panel() -> None:
    if "applied" in st.session_state:
        _confirmation(st.session_state["applied"])
    if not may_edit():
        return
    if st.session_state.get("map_files"):
        from . import read
        mapped = mapping_step.panel(read(surveys.register))
        if mapped is None:
            return
        st.session_state["check_files"] = [*st.session_state.get("check_files", []), *mapped]
        st.session_state.pop("check_result", None)
    files = st.session_state.get("check_files")
    if not files:
        return
    if "check_result" not in st.session_state:
        result = _run(files, dry_run=True)
        if result is None:
            st.error("The store is busy with another upload. Press Check files again in a moment.")
            return
        st.session_state["check_result"] = result
    result = st.session_state["check_result"]
    with st.container(border=True):
        st.subheader("Check before applying")
        (st.error if result.status == "refused" else st.info)(escape_markdown(officer.check_sentence(result)))
        st.dataframe(officer.summary_table(result), hide_index=True, width="stretch")
        _issues(result)
        for report in result.files:
            _changes(report)
            _preview(report)
        apply, cancel = st.columns([1, 1])
        if officer.can_apply(result) and apply.button("Apply", type="primary", icon=":material/check:"):
            _apply(files)
        if cancel.button("Discard these files", icon=":material/close:"):
            _forget_check()
            st.rerun()


def _issues(result) -> None:
    table = officer.issues_table(result)
    if table.empty:
        st.caption("No errors or warnings.")
        return
    st.markdown(f"**Problems found** ({(table['severity'] == 'error').sum()} errors, "
                f"{(table['severity'] == 'warning').sum()} warnings). Row numbers are the spreadsheet's.")
    st.dataframe(table, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(table)))
    st.download_button("Download the problems (CSV)", export.table_csv_bytes(table),
                       "upload-problems.csv", "text/csv", icon=":material/download:")


def _changes(report) -> None:
    """What each replaced row changes, column by column (old -> new), so a wrong file is seen before Apply;
    a file renaming several stored entries is said in a box of its own, not only in the problems table."""
    for loud in (w for w in report.warnings if w.message.startswith(RENAMES_WARNING)):
        st.warning(f"**{escape_markdown(report.file_name)}**: {escape_markdown(loud.message)}", icon=":material/warning:")
    if not report.changes:
        return
    shown = pd.DataFrame(report.changes, columns=["row", "key", "column", "old", "new"])
    more = f" (the first {len(shown):,})" if report.replaced and len(shown) >= 500 else ""
    with st.expander(f"What {report.file_name} changes in {report.replaced:,} stored rows{more}"):
        st.dataframe(export.neutralise_table(shown), hide_index=True, width="stretch")


def _preview(report) -> None:
    preview = officer.preview_table(report)
    if preview.empty:
        return
    mapped = officer.mapped_table(report)
    with st.expander(f"Preview of {report.file_name}: the first {len(preview)} rows as they will be stored"):
        st.dataframe(_mark(preview, mapped), hide_index=True, width="stretch")
        if not mapped.empty:
            st.caption("Highlighted cells were read differently from how they were written (a matched category, "
                       "a date or number in another format, an upper-cased code):")
            st.dataframe(mapped, hide_index=True, width="stretch")


def _mark(preview: pd.DataFrame, mapped: pd.DataFrame):
    cells = {(int(r), c) for r, c in zip(mapped["row"], mapped["column"])}
    rows = list(preview["row"])

    def style(column: pd.Series) -> list[str]:
        return ["background-color: #FFF3C4" if (rows[i], column.name) in cells else "" for i in range(len(column))]
    return preview.style.apply(style)


def _apply(files: list[UploadFile]) -> None:
    result = _run(files, dry_run=False)
    if result is None:
        st.error("Another upload is being written at this moment; nothing was changed. Press Apply again.")
        return
    mapping_step.save_confirmed(_store_path(), editor_name())
    _forget_check()
    st.session_state["applied"] = result
    st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
    st.rerun()


def _forget_check() -> None:
    for key in ("check_files", "check_result", "map_files", "mapped", "mapped_files"):
        st.session_state.pop(key, None)


def _confirmation(result) -> None:
    with st.container(border=True):
        (st.success if result.status == "applied" else st.info)(escape_markdown(officer.applied_sentence(result)))
        from disparities.ui import page_link  # the package imports this module: resolved at call time
        for page in officer.pages_showing(result):
            page_link(page, label=f"See it on {page.title}", icon=":material/arrow_forward:")
        if st.button("Close this message", key="close_applied"):
            st.session_state.pop("applied", None)
            st.rerun()


# ---- the Data page's controls --------------------------------------------------------------------------

def recommendation_form(events: list[tuple[str, str]]) -> None:
    """Add or update one recommendation (the same id replaces it), checked like an uploaded file; for whoever may
    upload (decided from the server's session state)."""
    from disparities.pages import recommendations as home
    from disparities.vocabularies import RECOMMENDATION_STATUS
    if not may_edit():
        return
    with st.form("recommendation_form", clear_on_submit=False):
        left, right = st.columns(2)
        values = {
            "recommendation_id": left.text_input("ID", placeholder="REC-06", key="rec_id"),
            "title": right.text_input("Title", key="rec_title"),
            "recommendation": st.text_area("The recommendation, in a sentence", height=80, key="rec_text"),
            "addressed_to": left.text_input("Addressed to (organisation or board)", key="rec_to"),
            "raised_at": right.selectbox("Raised at", [""] + [e for e, _ in events],
                                         format_func=dict([("", "(no event)"), *events]).get),
            "raised_on": left.date_input("Raised on", value=None, format="DD/MM/YYYY", key="rec_raised_on"),
            "status": right.selectbox("Status", RECOMMENDATION_STATUS.labels),
            "status_on": left.date_input("Status since", value=None, format="DD/MM/YYYY"),
            "example": right.text_input("Example of the change (once implemented)", key="rec_example"),
            "evidence": st.text_area("Evidence: dashboard views, one per line (copy the address after the "
                                     "dashboard's own, e.g. Mental_health_mapping?community=Somali)",
                                     height=80, key="rec_evidence").splitlines(),
        }
        if not st.form_submit_button("Add the recommendation", icon=":material/add:"):
            return
    unknown = home.unknown_evidence(values["evidence"])
    if unknown:
        st.error(f"These evidence links name no page of this dashboard: {escape_markdown(', '.join(unknown))}. "
                 "Nothing was changed.")
        return
    data = home.form_csv({k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()})
    result = _run([UploadFile("recommendation form.csv", data, kind="recommendations")], dry_run=False)
    if result is None:
        st.error("The store is busy; nothing was changed. Press the button again in a moment.")
    elif result.status == "refused":
        st.error("The recommendation was not added: " + escape_markdown(
            "; ".join(i.message for i in result.files[0].issues if i.severity == "error")))
    else:
        st.session_state["applied"] = result
        st.rerun()


def undo_form() -> None:
    """Choose an upload, read what undoing it will change, confirm, undo."""
    from . import read
    if "undone" in st.session_state:
        st.success(st.session_state.pop("undone"))
    choices = read(officer.undoable_uploads)
    if not choices:
        st.info("There is no upload in use to undo.")
        return
    labels = dict(choices)
    # The box proposes the newest upload in use. Its state outlives the run that drew it, so after an upload
    # (Apply, the command line) or an undo it would still hold the upload proposed before: when the newest
    # upload is not the one last seen, the proposal moves to it.
    newest = choices[0][0]
    if st.session_state.get("undo_newest") != newest or st.session_state.get("undo_choice") not in labels:
        st.session_state["undo_choice"] = newest
        st.session_state["undo_newest"] = newest
    chosen = st.selectbox("Upload", list(labels), format_func=labels.get, key="undo_choice")
    consequence = read(officer.undo_consequence, chosen)
    st.markdown(escape_markdown(consequence) if consequence else "")
    details = read(officer.undo_details, chosen)
    if details is not None and len(details) > 0:
        with st.expander(f"What undoing upload #{chosen} changes, file by file"):
            st.dataframe(details, hide_index=True, width="stretch")
            st.caption("Nothing is deleted: the undo is recorded in the history, and the rows it takes away stay "
                       "in the store's history.")
    sure = st.checkbox(f"Yes, undo upload #{chosen}", key=f"undo_sure_{chosen}")
    together = st.session_state.get("undo_dependents", {}).get(chosen)
    if together:  # a first try named later uploads that depend on this one: undo them too, once confirmed
        st.warning("Later uploads refer to rows this undo takes away: "
                   + escape_markdown(", ".join(f"#{i} {name}" for i, name in together))
                   + ". Undo them together with it, or undo them first.", icon=":material/link:")
    label = f"Undo upload #{chosen}" + (" and the uploads that depend on it" if together else "")
    if st.button(label, disabled=not sure, icon=":material/undo:"):
        try:
            done = history.undo(_store_path(), chosen, undone_by=editor_name(), with_dependents=bool(together))
        except history.UndoNeedsDependents as needed:
            st.session_state.setdefault("undo_dependents", {})[chosen] = needed.dependents
            st.rerun()
        except (history.UndoRefused, StoreBusy, StoreError) as problem:
            st.error(str(problem))
            return
        st.session_state.pop("undo_dependents", None)
        st.session_state["undone"] = escape_markdown(officer.undone_sentence(done))
        st.rerun()


def remove_sample_form(sample_batches: int) -> None:
    if not sample_batches:
        st.caption("No sample data is in use.")
        _reload_sample_button()
        return
    st.markdown("The sample data is illustrative: undo it before real evidence is shown to anyone. "
                "It stays in the history and could be restored from there by a developer.")
    sure = st.checkbox("Yes, remove the sample data", key="remove_sample_sure")
    if st.button("Remove the sample data", disabled=not sure, icon=":material/delete_sweep:"):
        try:
            done = history.remove_sample(_store_path(), undone_by=editor_name())
        except (history.UndoRefused, StoreBusy, StoreError) as problem:
            st.error(str(problem))
            return
        st.session_state["undone"] = escape_markdown(" ".join(officer.undone_sentence(d) for d in done))
        st.rerun()


def saved_mappings() -> None:
    from . import read
    mapping_step.saved_mappings_form(read, _store_path())


def _reload_sample_button() -> None:
    """The sample back (for a demonstration or training), flagged as sample, so every page says so again."""
    if not st.button("Load the sample data again", icon=":material/science:"):
        return
    from ..bootstrap import init_store
    try:
        result = init_store(_store_path(), again=True)
    except (StoreBusy, StoreError) as problem:
        st.error(str(problem))
        return
    st.session_state["undone"] = ("The sample data is loaded again, marked as sample on every page."
                                  if result is not None and result.ok else "The sample data could not be loaded.")
    st.rerun()


def template_downloads() -> None:
    columns = st.columns(4)
    for n, kind in enumerate(KINDS.values()):
        columns[n % 4].download_button(
            kind.title, templates.template_csv(kind).encode("utf-8-sig"), f"{kind.name}-template.csv", "text/csv",
            icon=":material/download:", key=f"template-{kind.name}", width="stretch")


def data_dictionary() -> None:
    kind = st.selectbox("Kind", list(KINDS), format_func=lambda k: f"{KINDS[k].title} ({k}.csv)", key="dictionary")
    st.caption(KINDS[kind].description)
    st.dataframe(templates.data_dictionary(KINDS[kind]), hide_index=True, width="stretch")
