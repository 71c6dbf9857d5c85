"""The officer's Data page: what the store holds, upload history, undo, templates and the data dictionary."""
import streamlit as st

from disparities import formats, history, officer, ui
from disparities.ui import upload

MEETING_MESSAGE = ("The Data page is for the partnerships officer, and meeting mode hides it: switch meeting mode "
                   "off in the sidebar to upload, undo or download templates.")
UPLOAD_WHERE = (":material/upload_file: Upload new files in the sidebar, under **Data upload** (CSV files or "
                "workbooks): nothing is written until you have seen the check and pressed Apply.")


ui.page_start("Data", "Uploads, undo, templates and the data dictionary: for the partnerships officer.")

if ui.meeting_mode():  # nothing here is for the room: no undo, no forms, no officer controls
    ui.empty_state(MEETING_MESSAGE)
    st.stop()

if not upload.may_edit():
    ui.empty_state("This page is for the partnerships officer: sign in in the sidebar to see the upload history, "
                   "undo uploads and download templates.")
    st.stop()

st.markdown(UPLOAD_WHERE)
status = ui.read(history.status)
st.subheader("What the store holds now")
now, uploads = st.columns(2)
now.metric("Last upload (UTC)", formats.last_upload(status.last_upload))
uploads.metric("Uploads in use", status.uploads)
st.dataframe(ui.read(officer.row_counts_table), hide_index=True,
             column_config={"What it holds": st.column_config.TextColumn(width="medium")})
st.caption(f"Schema version {status.schema_version}.")

st.subheader("Upload history")
ui.table(ui.read(officer.history_table))  # in words, as every table: '1 Dec 2026, 21:40' 

st.subheader("Undo an upload")
upload.undo_form()

st.subheader("Add a recommendation")
st.caption("Recommendations for system change, for the register on the Recommendations page (success measures 5 "
           "and 6 are counted from it). The same ID updates a recommendation, for example when its status moves on.")
upload.recommendation_form(ui.read(officer.event_choices))

st.subheader("Saved survey mappings")
st.caption("Survey exports are read as the tools give them: Google Forms (CSV), Microsoft Forms (.xlsx), SurveyMonkey "
           "(CSV with two header rows), KoboToolbox (CSV with group/question headers) and Typeform, and any .xlsx or .xls "
           "workbook. Upload one in the sidebar: its questions are matched to a kind's fields, personal data is left "
           "out, and answers and organisation names are matched for you to confirm. A mapping confirmed once is read "
           "the same way the next time the same form is exported.")
upload.saved_mappings()

st.subheader("Remove the sample data")
upload.remove_sample_form(len(ui.read(history.sample_upload_ids)))

st.subheader("Templates")
st.caption("A header row and one example row per kind. Save your spreadsheet as CSV with these headers.")
upload.template_downloads()

st.subheader("Data dictionary")
st.caption("Generated from the same definitions the upload checks use.")
upload.data_dictionary()
