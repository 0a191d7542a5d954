"""The main job's report: stages over :mod:`crossflight.api`, figures, the self-contained page.

:mod:`~crossflight.report.mainjob` runs the stages, :mod:`~crossflight.report.artefacts`
writes the report directory (temporary directory, then rename), :mod:`~crossflight.report.html`
renders the page, :mod:`~crossflight.report.charts` / :mod:`~crossflight.report.png` draw the
figures from the rows of :mod:`~crossflight.report.series`.
"""
