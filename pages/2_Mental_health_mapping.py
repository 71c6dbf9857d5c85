"""Mental-health mapping: what the mapping-toolkit returns say, from each organisation's latest return."""
import datetime as dt

from disparities import ui
from disparities.pages import mapping

view = ui.page_start(mapping.TITLE, mapping.CAPTION)
ui.sections(ui.read(mapping.sections, view, dt.date.today()), "mapping", view)
