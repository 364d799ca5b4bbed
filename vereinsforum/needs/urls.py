"""The needs assessment's pages: instruments and waves, capturing answers, the results.

Paths are German, as the site's users read them.
"""

from django.urls import path

from vereinsforum.needs.views import capture, instrument, results

app_name = "needs"
urlpatterns = [
    path("", capture.index, name="index"),
    path("instrument/", instrument.instrument_list, name="instrument_list"),
    path("instrument/<int:pk>/", instrument.instrument_detail, name="instrument"),
    path("instrument/<int:pk>/felder/", instrument.instrument_fields, name="instrument_fields"),
    path(
        "instrument/<int:pk>/veroeffentlichen/",
        instrument.instrument_publish,
        name="instrument_publish",
    ),
    path("instrument/frage/<int:pk>/", instrument.instrument_item_update, name="instrument_item"),
    path("wellen/neu/", capture.wave_create, name="wave_create"),
    path("wellen/<int:pk>/", capture.wave_detail, name="wave"),
    path("wellen/<int:pk>/beginnen/", capture.interview_start, name="interview_start"),
    path("wellen/<int:pk>/auswertung/", results.evaluation_page, name="evaluation"),
    path("wellen/<int:pk>/praesentation/", results.presentation, name="presentation"),
    path("wellen/<int:pk>/heatmap/", results.heatmap, name="heatmap"),
    path("wellen/<int:pk>/cluster/", results.clusters_page, name="clusters"),
    path("wellen/<int:pk>/multiplikatoren/", results.multipliers_page, name="multipliers"),
    path("wellen/<int:pk>/einstellungen/", results.wave_settings, name="wave_settings"),
    path("wellen/<int:pk>/diagramm/<slug:chart>.png", results.chart_png, name="chart_png"),
    path("wellen/<int:pk>/export/<slug:what>.<slug:fmt>", results.export, name="export"),
    path("interviews/<int:pk>/", capture.interview_detail, name="interview"),
    path("interviews/<int:pk>/autosave/", capture.interview_autosave, name="interview_autosave"),
    path("interviews/<int:pk>/validieren/", capture.interview_validate, name="interview_validate"),
    path("interviews/<int:pk>/zurueckgeben/", capture.interview_return, name="interview_return"),
    path("vereine/<int:pk>/", results.association_profile, name="association"),
    path("meine-ergebnisse/", results.my_results, name="my_results"),
]
