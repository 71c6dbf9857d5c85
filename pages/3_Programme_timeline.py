"""Programme timeline: phases, workstreams and milestones; events and their participants; groups supported to
network."""
import datetime as dt

from disparities import ui
from disparities.pages import timeline

view = ui.page_start(timeline.TITLE, timeline.CAPTION)
ui.sections(ui.read(timeline.sections, view, dt.date.today()), "timeline", view)
