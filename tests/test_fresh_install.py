"""The ways in without a server admin, run as a learner would: a built wheel and
`digileder start` with no checkout, README's conda steps (pip where conda is absent), and the
Binder environment's package list. The Binder start in a browser is tests/browser/test_binder.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.fresh_venv import build_wheel, copy_source, pip_requirements
from tests.serving import fetch, port_and_token, serving, user_dir

START = "modules/00-kom-godt-i-gang.ipynb"
EDITION = "digileder/edition/"
USERS = [pytest.param(False, id="root"), pytest.param(True, id="almindelig-bruger")]


def _names(requirements: list[str]) -> dict[str, str]:
    out = {}
    for line in requirements:
        name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", line).groups()
        out[name.lower().replace("_", "-")] = spec.replace(" ", "")
    return out


def test_binder_installs_the_same_packages_as_pyproject():
    """Does Binder get exactly the course's packages (and postBuild the course itself)?"""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    binder = pip_requirements(ROOT / "binder" / "environment.yml")
    assert _names(binder) == _names(project["dependencies"])
    post_build = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    assert "pip install --no-deps -e ." in post_build
    assert "python -m digileder.labconfig" in post_build


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("hjul")
    built = build_wheel(ROOT, work)
    assert built.returncode == 0, built.stderr[-3000:]
    return next((work / "dist").glob("digileder-*.whl"))


def test_the_wheel_carries_the_participant_edition_and_no_solutions(wheel, tmp_path):
    """Are modules, data and released assignments in the wheel, and no solution or test?"""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path)
    edition = tmp_path / "digileder" / "edition"
    for needed in (START, "datasets/datapackage.json", "README.md",
                   "assignments/a1-laes-tallene/a1-laes-tallene.ipynb",
                   "selvstudie/selvstudie.ipynb", "selvstudie/opgaver.json"):
        assert f"{EDITION}{needed}" in names, needed
    assert not [n for n in names if "solutions" in n or n.startswith("tests/")]
    from digileder.teacher import leaks

    assert leaks.find_leaks(edition, ROOT / "solutions") == []
    readme = (edition / "README.md").read_text(encoding="utf-8")
    assert "digileder start" in readme and "make " not in readme
    missing = [link for link in re.findall(r"\]\(([^)#]+)\)", readme)
               if not (edition / link).exists()]
    assert not missing, f"README links to files not in the edition: {missing}"


def test_the_build_refuses_an_edition_with_a_solution_in_it(tmp_path):
    """Is the wheel refused when a solution notebook ends up in assignments/?"""
    source = copy_source(ROOT, tmp_path / "kilde-med-fejl")
    shutil.copy2(ROOT / "solutions/a1-laes-tallene/a1-laes-tallene.ipynb",
                 source / "assignments/a1-laes-tallene/a1-laes-tallene.ipynb")
    built = build_wheel(source, tmp_path / "arbejde")
    assert built.returncode != 0
    assert "deltagerudgaven indeholder løsninger" in built.stdout + built.stderr
    assert not list((tmp_path / "arbejde").glob("dist/*.whl"))


@pytest.fixture(scope="module")
def wheel_installed(fresh_venv, wheel):
    """The fresh venv with the wheel installed (replacing any other install of the course),
    once for the start tests below; test_readmes_conda_steps_with_pip, last in this file,
    installs the clone over it."""
    copy = fresh_venv.give(Path(shutil.copy(wheel, fresh_venv.home / wheel.name)))
    fresh_venv.run([str(fresh_venv.bin / "python"), "-m", "pip", "install", "-q", "--no-deps",
                    "--force-reinstall", str(copy)])
    return fresh_venv


@pytest.fixture
def wheel_venv(wheel_installed):
    """The venv with the wheel, for one test."""
    fresh_venv = wheel_installed
    yield fresh_venv
    # A start as root writes the course's Lab settings into the venv: give them back to its
    # owner, or the owner's next install in it (Binder, conda steps) may not write them.
    fresh_venv.give(fresh_venv.home / "venv")


def test_start_creates_and_updates_the_course_folder_without_a_checkout(wheel_venv):
    """Does `digileder start` from the wheel make the folder, and keep edits on a re-run?"""
    venv = wheel_venv
    where = venv.run([str(venv.bin / "python"), "-c",
                      "import digileder, pathlib; print(pathlib.Path(digileder.__file__))"])
    assert str(venv.home / "venv") in where.stdout, "the wheel, not the checkout, is imported"
    helptext = venv.run([str(venv.bin / "digileder"), "start", "--help"]).stdout
    assert "Lægger kurset i din egen mappe" in helptext and "usage" not in helptext

    first = venv.run([str(venv.bin / "digileder"), "start", "--kun-opdater"]).stdout
    folder = venv.home / "digileder-kursus"
    assert "Kurset ligger i" in first and (folder / START).is_file()
    assert (folder / "datasets" / "datapackage.json").is_file()
    assert not (folder / "solutions").exists()

    module = folder / "modules" / "01-digitalisering-i-kerneopgaven.ipynb"
    notebook = json.loads(module.read_text(encoding="utf-8"))
    notebook["cells"].append({"cell_type": "markdown", "id": "mit-svar", "metadata": {},
                              "source": "Mit svar: vi mangler en plan for droner."})
    module.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    (folder / "mine-svar").mkdir(exist_ok=True)
    (folder / "mine-svar" / "plan.json").write_text('{"mit": 1}', encoding="utf-8")
    (folder / START).unlink()  # a deleted course file comes back
    venv.give(folder)

    second = venv.run([str(venv.bin / "python"), "-m", "digileder", "start",  # README form
                       "--kun-opdater"]).stdout
    assert "Mit svar: vi mangler en plan for droner." in module.read_text(encoding="utf-8")
    assert (folder / "mine-svar" / "plan.json").read_text(encoding="utf-8") == '{"mit": 1}'
    assert (folder / START).is_file()
    assert "Dine egne ændringer er beholdt" in second


def test_start_refuses_a_folder_it_did_not_make(wheel_venv):
    """Does `digileder start --mappe ~` refuse (in Danish, no traceback) and change nothing?"""
    venv = wheel_venv
    (venv.home / "budget.txt").write_text("vigtigt", encoding="utf-8")
    cmd = [str(venv.bin / "digileder"), "start", "--kun-opdater", "--mappe", str(venv.home)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=venv.env())
    assert done.returncode == 2 and "Fejl:" in done.stderr and "Traceback" not in done.stderr
    assert (venv.home / "budget.txt").read_text(encoding="utf-8") == "vigtigt"
    assert not (venv.home / ".digileder-filer.json").exists()


@pytest.mark.parametrize("as_owner", USERS)
def test_start_opens_lab_on_module_00(wheel_venv, as_owner):
    """Does `digileder start` open JupyterLab on module 00 (as root it needs --allow-root)?"""
    venv = wheel_venv
    port, token = port_and_token()
    env = {**venv.env(), "JUPYTER_TOKEN": token}
    user = venv.owner if as_owner else None
    if as_owner and not venv.owner:
        pytest.skip("the tests already run as an ordinary user")
    if not user:  # root gets its own home, so its files never mix with the owner's
        env["HOME"] = str(user_dir("start-root-", None))
    cmd = [str(venv.bin / "digileder"), "start", "--ingen-browser", "--port", str(port)]
    log = user_dir("start-log-", user) / "start.log"
    url = f"http://127.0.0.1:{port}/"
    with serving(cmd, f"{url}api/status?token={token}", venv.home, env, log, user=user):
        status, body = fetch(f"{url}api/contents/{START}?content=0&token={token}")
        assert status == 200, body
        status, body = fetch(f"{url}lab/tree/{START}?token={token}")
        assert status == 200
        status, body = fetch(f"{url}lab/api/settings/"
                             f"@jupyterlab/translation-extension:plugin?token={token}")
        assert json.loads(body)["schema"]["properties"]["locale"]["default"] == "da_DK"


def test_start_app_opens_module_00_in_voila(wheel_venv):
    """Does `digileder start --app` serve module 00 as an app?"""
    venv = wheel_venv
    port, _ = port_and_token()
    cmd = [str(venv.bin / "digileder"), "start", "--app", "--ingen-browser", "--port", str(port)]
    home = user_dir("start-app-", None)
    with serving(cmd, f"http://127.0.0.1:{port}/", home, {**venv.env(), "HOME": str(home)},
                 home / "start.log"):
        status, body = fetch(f"http://127.0.0.1:{port}/voila/render/{Path(START).name}",
                             timeout=120)
        assert status == 200 and "Kom godt i gang" in body


def test_readmes_conda_steps_with_pip(fresh_venv):
    """README's conda route in the learner's own clone: environment.yml's packages (pip here,
    `-e .` included), labconfig, jupyter lab on module 00."""
    venv = fresh_venv
    clone = venv.give(copy_source(ROOT, venv.home / "digileder"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    steps = ["conda env create -f environment.yml", "python -m digileder.labconfig",
             f"jupyter lab {START}"]
    assert all(step in readme for step in steps), "README's conda steps changed: update this"
    # What conda does with the pip section: a requirements file beside environment.yml.
    requirements = clone / "conda-pip-requirements.txt"
    requirements.write_text("\n".join(pip_requirements(clone / "environment.yml")) + "\n",
                            encoding="utf-8")
    venv.give(requirements)
    venv.run([str(venv.bin / "python"), "-m", "pip", "install", "-q", "-r", str(requirements)],
             cwd=clone)
    venv.run([str(venv.bin / "python"), "-m", "digileder.labconfig"], cwd=clone)
    port, token = port_and_token()
    cmd = [str(venv.bin / "jupyter"), "lab", START, "--no-browser", f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}"]
    url = f"http://127.0.0.1:{port}/"
    with serving(cmd, f"{url}api/status?token={token}", clone, venv.env(),
                 venv.home / "conda-lab.log", user=venv.owner):
        # With a notebook as argument, Lab serves the notebook's folder (modules/).
        status, _ = fetch(f"{url}api/contents/{Path(START).name}?content=0&token={token}")
        assert status == 200
        status, _ = fetch(f"{url}lab/tree/{Path(START).name}?token={token}")
        assert status == 200
