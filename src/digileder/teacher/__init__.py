"""Underviserens værktøjer: opret et hold, bedøm, giv feedback, eksportér karakterer.

Kommandoerne findes under `digileder` (se `digileder --help`):
course init, roster add/import, assignments generate, release, collect, grade, feedback,
export og bundle.
Vejledningen står i docs/underviservejledning.md.

Developer note: each module does one job; nbgrader is used through its Python API
(nbgrader.apps.NbGraderAPI) with a Config built by `config.load_course_config`.
"""
