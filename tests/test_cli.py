"""The `digileder` command speaks Danish, also in argparse's own help and errors."""

from __future__ import annotations

import subprocess
import sys


def _run(*args):
    return subprocess.run([sys.executable, "-m", "digileder.cli", *args], capture_output=True,
                          text=True)


def test_help_is_danish():
    result = _run("--help")
    assert result.returncode == 0
    assert "brug: digileder" in result.stdout and "vis denne hjælp" in result.stdout
    for english in ("usage:", "show this help", "options:"):
        assert english not in result.stdout


def test_unknown_command_is_explained_in_danish():
    result = _run("hokuspokus")
    assert result.returncode == 2
    assert "ugyldigt valg" in result.stderr and "Traceback" not in result.stderr


def test_data_check_passes_on_the_course_data():
    result = _run("data")
    assert result.returncode == 0 and "survey_simulated: 600 rækker" in result.stdout
