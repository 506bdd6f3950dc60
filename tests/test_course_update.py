"""No lost work on update: nbgitpuller's merge keeps a participant's edits to modules."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

from nbgitpuller.pull import GitPuller

from tests.conftest import ROOT

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Kursusholder", "GIT_AUTHOR_EMAIL": "kursus@example.invalid",
    "GIT_COMMITTER_NAME": "Kursusholder", "GIT_COMMITTER_EMAIL": "kursus@example.invalid",
}
MODULE = "modules/00-kom-godt-i-gang.ipynb"


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, check=True, capture_output=True)


def _pull(upstream, target):
    puller = GitPuller(str(upstream), str(target), branch="main", depth=0)
    for _line in puller.pull():
        pass


def _add_markdown(path, text):
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "id": "mit-svar", "metadata": {},
                        "source": text})
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def test_pulling_a_new_course_version_keeps_the_participants_edits(tmp_path):
    upstream = tmp_path / "kursus"
    (upstream / "modules").mkdir(parents=True)
    shutil.copy(ROOT / MODULE, upstream / MODULE)
    (upstream / "README.md").write_text("Version 1\n", encoding="utf-8")
    _git(upstream, "init", "-q", "-b", "main")
    _git(upstream, "add", "-A")
    _git(upstream, "commit", "-q", "-m", "v1")

    home = tmp_path / "deltager"
    _pull(upstream, home)
    assert (home / MODULE).is_file()

    # The participant writes a reflection in the module and saves answers.
    _add_markdown(home / MODULE, "Mit svar: Vi fik tablets, men ingen fulgte op.")
    (home / "mine-svar").mkdir()
    (home / "mine-svar" / "modenhed.json").write_text("{}", encoding="utf-8")

    # The course team publishes a new version: the same module and the README change,
    # and a new module appears.
    _add_markdown(upstream / MODULE, "Ny rettelse fra kursusholderen.")
    (upstream / "README.md").write_text("Version 2\n", encoding="utf-8")
    (upstream / "modules" / "09-nyt-modul.ipynb").write_text("{}", encoding="utf-8")
    _git(upstream, "add", "-A")
    _git(upstream, "commit", "-q", "-m", "v2")

    _pull(upstream, home)

    module_text = (home / MODULE).read_text(encoding="utf-8")
    assert "Mit svar: Vi fik tablets" in module_text, "the participant's edit was lost"
    assert (home / "mine-svar" / "modenhed.json").read_text(encoding="utf-8") == "{}"
    assert (home / "README.md").read_text(encoding="utf-8") == "Version 2\n"
    assert (home / "modules" / "09-nyt-modul.ipynb").is_file()
