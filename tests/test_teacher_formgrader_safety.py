"""An answer cannot run script in the teacher's browser when formgrader shows it (semester
walk #9: <img src=x onerror=...> in a markdown answer fired on the grading page).

Rendered here as formgrader does (HTMLExporter with the course's config and nbgrader's
'formgrade' template), without a browser; the browser test of formgrader checks the page.
"""

from __future__ import annotations

import nbformat
from nbconvert import HTMLExporter
from nbgrader.server_extensions.formgrader import handlers
from traitlets.config import Config

from digileder.teacher import config as course_config

ATTACK = ('<img src=x onerror="alert(1)"> Mit svar om vintertjenesten & <b>Vej og Park</b>'
          '\n\n![kort](https://example.com/kort.png) <img alt="x" src="//example.com/y.png">')
SVG = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>'


def _formgrader_page(cfg: Config, nb) -> str:
    extra = Config()
    extra.HTMLExporter.template_name = "formgrade"  # as FormgradeExtension.build_extra_config
    extra.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    cfg.merge(extra)
    resources = {"assignment_id": "a3", "notebook_id": "a3", "submission_id": "x", "index": 0,
                 "total": 1, "base_url": "/", "student": "anne", "last_name": "Holm",
                 "first_name": "Anne", "notebook_path": "/a3.ipynb"}
    return HTMLExporter(config=cfg).from_notebook_node(nb, resources=resources)[0]


def _submission():
    meta = {"nbgrader": {"grade": True, "solution": True, "locked": False, "points": 3,
                         "grade_id": "a3-q1", "schema_version": 3}}
    code = nbformat.v4.new_code_cell("vis()", outputs=[
        nbformat.v4.new_output("display_data", data={
            "text/html": '<b onmouseover="steal()">tabel</b>',
            "application/javascript": "fetch('/api/contents')"}),
        nbformat.v4.new_output("display_data", data={"image/svg+xml": SVG})])
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(ATTACK, metadata=meta),
                                           code])


def test_formgrader_shows_the_answer_without_its_script(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text(
        course_config.config_text("digileder", tmp_path / "exchange", None), encoding="utf-8")
    cfg = course_config.load_course_config(tmp_path)
    page = _formgrader_page(cfg, _submission())
    for attack in ("onerror", "alert(1)", "onmouseover", "fetch('/api/contents')",
                   "example.com"):  # nothing fetched from outside when the answer opens
        assert attack not in page, attack
    assert "Mit svar om vintertjenesten" in page and "<b>Vej og Park</b>" in page
    assert "output_svg" in page, "the course's SVG charts stay"


def test_without_the_course_setting_formgrader_would_run_it():
    """The check above can fail: nbgrader's own rendering keeps the handler."""
    page = _formgrader_page(Config(), _submission())
    assert "onerror" in page and "fetch('/api/contents')" in page


def test_an_older_course_root_is_told_once_how_to_make_formgrader_safe(tmp_path, capsys):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    course_config.load_course_config(tmp_path)
    course_config.load_course_config(tmp_path)
    err = capsys.readouterr().err
    assert err.count("Advarsel") == 1 and "c.HTMLExporter.preprocessors = [" in err
    (tmp_path / "nbgrader_config.py").write_text(
        course_config.config_text("digileder", tmp_path / "exchange", None), encoding="utf-8")
    course_config._WARNED.clear()
    course_config.load_course_config(tmp_path)
    assert capsys.readouterr().err == ""
