"""Build hook: the wheel carries the participant edition of the course, never its solutions.

`pip install .` / `python -m build` put modules/, datasets/, the released assignments/ and
the self-study guide (selvstudie/) into digileder/edition/ (what `digileder start` copies to
the learner's folder), after the leak scan (src/digileder/teacher/leaks.py) has found no
solution text or hidden tests in them.
Editable installs (`pip install -e .`, make lab) skip this: they read the course from the
checkout. Everything else is declared in pyproject.toml.
"""

import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def _edition_module():
    path = HERE / "src" / "digileder" / "participant_edition.py"
    spec = importlib.util.spec_from_file_location("_participant_edition", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithEdition(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        edition = _edition_module()
        target = Path(self.build_lib) / "digileder" / "edition"
        if target.exists():
            shutil.rmtree(target)  # our own output from an earlier build
        edition.assemble(HERE, target, with_package=False, selfstudy=True)
        leaks = edition.find_leaks(target, HERE / "solutions")
        if leaks:
            shutil.rmtree(target)
            raise SystemExit("Pakken bygges ikke: deltagerudgaven indeholder løsninger:\n- "
                             + "\n- ".join(leaks[:20]))


setup(cmdclass={"build_py": BuildWithEdition})
