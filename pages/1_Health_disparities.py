"""Health disparities from the pilot assessment: main disparity, ranking, by community, ward and income band,
beneficiaries affected, and organisations beside residents where population figures are uploaded."""
from disparities import ui
from disparities.pages import health

view = ui.page_start(health.TITLE, health.CAPTION)
ui.sections(ui.read(health.sections, view), "health", view)
