"""Does `docker build` of the course image send anything participants must not have?

The build context is computed the way Docker computes it (the Docker SDK's own
`.dockerignore` matcher), for the documented context (a participant edition made with
`digileder bundle`, with a teacher's leftovers planted in it) and for the repository root
(where an operator might build by mistake). Whatever would be sent is copied out and
checked: no solution, hidden test, git history, gradebook or saved answer.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docker.utils.build import exclude_paths

from digileder.teacher.leaks import find_leaks
from tests.conftest import ROOT

pytestmark = pytest.mark.hub
KUBERNETES = ROOT / "deploy" / "kubernetes"
DOCKERFILE = KUBERNETES / "Dockerfile"
FORBIDDEN_PARTS = {".git", "solutions", "mine-svar", ".venv"}
FORBIDDEN_NAMES = {"gradebook.db", "nbgrader_config.py"}
# What a teacher may leave in the folder the image is built from.
PLANTED = [".git/config", ".git/objects/ab/cdef", "mine-svar/plan.json",
           "modules/mine-svar/noter.json", "gradebook.db", "hold/gradebook.db",
           "solutions/a1-laes-tallene/a1-laes-tallene.ipynb", "hold/nbgrader_config.py",
           ".venv/bin/python", "hold/submitted/deltager01/a1/a1.ipynb"]


def ignore_patterns() -> list[str]:
    lines = (KUBERNETES / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def build_context(root: Path) -> set[str]:
    """The files Docker would send from ROOT (directories left out)."""
    sent = exclude_paths(str(root), ignore_patterns(), dockerfile="Dockerfile")
    return {path for path in sent if (root / path).is_file()}


def problems(root: Path) -> list[str]:
    sent = build_context(root)
    found = sorted(p for p in sent if FORBIDDEN_PARTS & set(Path(p).parts)
                   or Path(p).name in FORBIDDEN_NAMES or "submitted" in Path(p).parts)
    copy = root.parent / f"{root.name}-sendt"
    for path in sent:
        (copy / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / path, copy / path)
    found += find_leaks(copy, ROOT / "solutions")
    shutil.rmtree(copy)
    return found


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("image") / "deltagerudgave"
    result = subprocess.run([sys.executable, "-m", "digileder.teacher.cli", "bundle",
                             str(target)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    solution = ROOT / "solutions" / "a1-laes-tallene" / "a1-laes-tallene.ipynb"
    for name in PLANTED:
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".ipynb":
            shutil.copy2(solution, path)
        else:
            path.write_text("teacher's leftovers\n", encoding="utf-8")
    return target


def test_the_bundle_context_sends_the_course_but_no_leftovers(bundle):
    """Is the participant edition sent, and nothing a teacher left in its folder?"""
    sent = build_context(bundle)
    for needed in ("environment.yml", "pyproject.toml", "src/digileder/podstart.py",
                   "modules/00-kom-godt-i-gang.ipynb",
                   "assignments/a1-laes-tallene/a1-laes-tallene.ipynb"):
        assert needed in sent, needed
    assert problems(bundle) == []


def test_the_repository_root_as_context_leaks_nothing_either():
    """Does a build from the whole repository (the old recipe) still keep solutions out?"""
    assert (ROOT / "solutions").is_dir()
    assert problems(ROOT) == []


def test_the_check_finds_leaks_when_nothing_is_ignored(bundle, monkeypatch):
    """Can this test fail? Without the ignore list the planted files are reported."""
    monkeypatch.setattr(sys.modules[__name__], "ignore_patterns", lambda: [])
    found = problems(bundle)
    for planted in ("gradebook.db", ".git/config", "mine-svar/plan.json"):
        assert planted in found
    assert any("a1-laes-tallene.ipynb" in item for item in found)


def test_both_ignore_files_are_the_same():
    """Is the context the same with BuildKit (Dockerfile.dockerignore) and other builders?"""
    assert (ROOT / ".dockerignore").read_text(encoding="utf-8") == \
        (KUBERNETES / "Dockerfile.dockerignore").read_text(encoding="utf-8")


def test_dockerfile_copies_only_from_the_context_and_keeps_teachers_apart():
    """Does only the `underviser` target get solutions, and is the participants' the default?"""
    text = DOCKERFILE.read_text(encoding="utf-8")
    stages = re.findall(r"^FROM \S+ AS (\S+)$", text, re.M)
    assert stages[-1] == "deltager", stages
    for line in re.findall(r"^(?:COPY|ADD) .*$", text, re.M):
        if "--from=solutions" in line:
            stage = [s for s in stages if text.index(f"AS {s}\n") < text.index(line)][-1]
            assert stage == "underviser", line
        else:
            assert line.split()[-2] == ".", line  # from the (filtered) context only
    assert 'ENTRYPOINT ["python", "-m", "digileder.podstart"]' in text
