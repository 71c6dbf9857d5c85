"""Mental health mapping (being built)."""
from disparities import ui

view = ui.page_start("Mental health mapping", "")
