"""Overview: what the store holds, how fresh it is, and the sample-data notice."""
import streamlit as st

from disparities import history, queries, ui

ui.page_setup("Overview")
with st.sidebar:
    ui.nav_menu({k: st.query_params.get_all(k) for k in st.query_params})
st.title(ui.APP_TITLE)
st.caption("Evidence from the partnership programme of Tower Hamlets Council for Voluntary Service with Black, "
           "Asian and minority ethnic community groups, with an emphasis on mental health.")

status = ui.read(history.status)
overview = ui.read(queries.store_overview)
ui.sample_notice(int(overview["sample rows"].sum()))

total_rows = int(overview["rows"].sum())
if total_rows == 0:
    st.info("The store is empty. Upload CSV files (templates: `python -m disparities template KIND`) with "
            "`python -m disparities ingest FILE...`, or load the sample data with `python -m disparities init`.")

freshness, uploads, organisations = st.columns(3)
freshness.metric("Last upload (UTC)", status.last_upload.removesuffix(" UTC")[:16] if status.last_upload else "never")
uploads.metric("Uploads in use", status.uploads)
organisations.metric("Organisations in the register", status.rows["organisations"])

st.subheader("What the store holds")
st.dataframe(
    overview,
    hide_index=True,
    width="stretch",
    column_config={"last changed (UTC)": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm")},
)
