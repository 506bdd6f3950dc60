"""nbgrader's English error lines become a Danish sentence; its own line stays a detail."""

from __future__ import annotations

import pytest

from digileder.teacher.errors import TeacherError
from digileder.teacher.grade_report import GradeReport, Outcome, summary
from digileder.teacher.nbgrader_messages import UNKNOWN, explain
from digileder.teacher.workflow import check_result

UNRESPONSIVE = (
    "[INFO] Converting notebook /hold/submitted/anne/a1/a1.ipynb\n"
    "[ERROR] While processing assignment /hold/submitted/anne/a1, the kernel became "
    "unresponsive and we could not interrupt it.\n"
    "[ERROR] There was an error processing assignment 'a1' for student 'anne'\n"
    "[ERROR] Please see the the above traceback for details on the specific errors on the "
    "above failures.\n")
UNKNOWN_ERROR = (
    "[ERROR] There was an error processing assignment: /hold/submitted/anne/a1\n"
    "[ERROR] Traceback (most recent call last):\n"
    "  File \"/venv/nbgrader/converters/base.py\", line 401, in convert_notebooks\n"
    "    self.convert_single_notebook(notebook_filename)\n"
    "zmq.error.ZMQError: Too many open files\n"
    "[ERROR] There was an error processing assignment 'a1' for student 'anne'\n"
    "[ERROR] Please see the the above traceback for details on the specific errors on the "
    "above failures.\n")


def test_a_known_error_is_danish_with_nbgraders_line_as_the_detail():
    danish, detail = explain("", UNRESPONSIVE)
    assert danish.startswith("Kernen svarede ikke") and "[ERROR]" not in danish
    assert detail.startswith("nbgraders besked: While processing assignment")
    assert "[ERROR]" not in detail


def test_an_unknown_error_names_the_exception_not_the_summing_up_lines():
    danish, detail = explain("", UNKNOWN_ERROR)
    assert danish == UNKNOWN
    assert detail == "nbgraders besked: zmq.error.ZMQError: Too many open files"


def test_grade_summary_puts_the_detail_on_its_own_indented_line():
    report = GradeReport("a1", [Outcome("anne", "fejl", "Kernen svarede ikke. (log: x.log)\n"
                                                         "nbgraders besked: While …")])
    lines = summary(report).splitlines()
    assert lines[1] == "  FEJL anne: Kernen svarede ikke. (log: x.log)"
    assert lines[2] == "    nbgraders besked: While …"


def test_a_failed_release_is_a_danish_error_with_the_detail_last():
    failed = {"success": False, "log": "[ERROR] Destination already exists: /ex/a1",
              "error": "Traceback (most recent call last):\n  File \"x\"\n"
                       "nbgrader.exchange.abc.exchange.ExchangeError: Destination already "
                       "exists: /ex/a1"}
    with pytest.raises(TeacherError) as err:
        check_result(failed, "At udlevere a1")
    said = str(err.value).splitlines()
    assert said[0].startswith("At udlevere a1 mislykkedes. Opgaven ligger der allerede")
    assert said[1].startswith("nbgraders besked: ") and len(said) == 2
    assert "Traceback" not in str(err.value)


def test_grading_explains_an_unknown_failure_without_quoting_error_lines(tmp_path):
    from digileder.teacher.grade_worker import _explain

    said = _explain(UNKNOWN_ERROR, "", tmp_path, "a1")
    assert "[ERROR]" not in said and said.splitlines()[0] == UNKNOWN
    assert said.splitlines()[1] == "nbgraders besked: zmq.error.ZMQError: Too many open files"


def test_the_summary_counts_each_participant_once():
    """Semester walk #28: '1 bedømt, 7 sprunget over, 1 med fejl' added up to 9 for 8."""
    report = GradeReport("a2", [
        Outcome("p1", "bedømt"), Outcome("p2", "sprunget over"), Outcome("p3", "fejl", "x"),
        Outcome("p9", "bedømt", problems=["Koden i celle a2-q3 kørte længere end tidsgrænsen"])])
    first, *rest = summary(report).splitlines()
    assert first.startswith("a2: 1 bedømt, 1 bedømt med problemer, 1 sprunget over, "
                            "1 kunne ikke bedømmes (")
    assert "  PROBLEM p9: Koden i celle a2-q3 kørte længere end tidsgrænsen" in rest
