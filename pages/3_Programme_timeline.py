"""Programme timeline (being built)."""
from disparities import ui

view = ui.page_start("Programme timeline", "")
