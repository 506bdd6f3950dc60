"""Feedback never shows a hidden test, also when the participant's code prints it in a form
that looks the same on screen (issue 14: a post_run_cell hook can output the test it saw)."""

from __future__ import annotations

import nbformat
import pytest

from digileder.teacher.feedback_filter import HIDDEN_OUTPUT_NOTE, HideHiddenTests

TEST_LINE = 'assert konklusion == "B"'
ZERO_WIDTH = "\u200b"


def _stream(text):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def _html(markup):
    return nbformat.v4.new_output("display_data", data={"text/html": markup})


SHOWN_AS_THE_TEST = {
    "som den er": _stream(TEST_LINE + "\n"),
    "nulbredde mellemrum": _stream(ZERO_WIDTH.join(TEST_LINE)),
    "tomt tag mellem bogstaverne": _html("<pre>" + "<span></span>".join(TEST_LINE) + "</pre>"),
    "html-entiteter": _html("<pre>assert konklusion == &quot;B&quot;</pre>"),
    "farvekoder": _stream("\x1b[31m" + "\x1b[0m".join(TEST_LINE.split(" ")) + "\n"),
    "ekstra mellemrum og linjeskift": _stream("assert   konklusion\n==  \"B\""),
    "brede bogstaver": _stream("ａｓｓｅｒｔ konklusion == \"B\""),
}


def _feedback(output):
    answer = nbformat.v4.new_code_cell("print('mit svar')", outputs=[_stream("mit svar\n"),
                                                                       output])
    test = nbformat.v4.new_code_cell(
        f"### BEGIN HIDDEN TESTS\n{TEST_LINE}\n### END HIDDEN TESTS\n")
    nb = nbformat.v4.new_notebook(cells=[answer, test])
    nb, _ = HideHiddenTests().preprocess(nb, {})
    return nb.cells[0].outputs


@pytest.mark.parametrize("name", SHOWN_AS_THE_TEST)
def test_an_output_that_shows_a_hidden_test_is_replaced(name):
    outputs = _feedback(SHOWN_AS_THE_TEST[name])
    assert outputs[0]["text"] == "mit svar\n"  # the participant's own output stays
    assert outputs[1]["text"] == HIDDEN_OUTPUT_NOTE


@pytest.mark.parametrize("harmless", [
    _stream("konklusion er B\n"),
    _html("<p>assert er et engelsk ord</p>"),
    _stream("x < 5 and y > 3\n"),
])
def test_output_that_does_not_show_the_test_stays(harmless):
    outputs = _feedback(harmless)
    assert outputs[1] == harmless
