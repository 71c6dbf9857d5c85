"""The frame every page shares (disparities/ui): filters restored from the URL, meeting mode, the page menu."""
PAGE = "pages/1_Health_disparities.py"


def test_an_up_to_date_in_the_url_is_an_end_date(sample_store, run_page):
    """The date widget cannot hold an end without a start: it starts at the earliest record instead."""
    app = run_page(sample_store, PAGE, to="2021-03-15")
    start, end = app.date_input(key="f_dates").value
    assert end.isoformat() == "2021-03-15" and start <= end
    assert "to 15 Mar 2021" in app.caption[0].value


def test_filters_survive_streamlit_forgetting_widget_values_on_another_page(sample_store, run_page):
    app = run_page(sample_store, PAGE, community="Somali", ward="Poplar")
    app.switch_page("pages/5_Organisations.py")  # Streamlit forgets the first page's widget values
    app.run()
    assert not app.exception
    assert app.multiselect(key="f_communities").value == ["Somali"]
    assert app.multiselect(key="f_wards").value == ["Poplar"]
    assert app.query_params["community"] in ("Somali", ["Somali"])


def test_meeting_mode_from_the_url_is_kept_in_the_menu_links(sample_store, run_page):
    app = run_page(sample_store, PAGE, meeting="1", community="Somali")
    assert app.toggle(key="meeting").value
    assert app.query_params["meeting"] in ("1", ["1"])


def test_menu_lists_every_page_with_readable_labels(sample_store, run_page):
    from disparities.registry import PAGES
    app = run_page(sample_store, PAGE)
    labels = [page.title for page in PAGES]
    assert labels == ["Overview", "Health disparities", "Mental-health mapping", "Programme timeline", "Outcomes",
                      "Recommendations", "Organisations", "Data (officer)"]
    assert app.get("page_link") and [p.proto.label for p in app.get("page_link")] == labels
