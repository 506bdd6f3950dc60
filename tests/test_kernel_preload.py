"""Issue 18: a kernel started for a module with charts loads pandas and altair in the
background at once (digileder/kernel_preload.py); other kernels load nothing extra."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from digileder import kernel_preload, labconfig
from tests.conftest import ROOT

MODULES = sorted((ROOT / "modules").glob("*.ipynb"))


def test_the_course_modules_of_an_import_line_are_read():
    source = "import digileder\ndigileder.setup()\nfrom digileder import charts, reflection"
    assert kernel_preload.course_modules(source) == {"charts", "reflection"}
    assert kernel_preload.course_modules("from pandas import data\nimport charts") == set()
    assert kernel_preload.course_modules("from digileder import (") == set()


@pytest.mark.parametrize("content", [None, "{not json", "[]", '{"cells": []}',
                                     '{"cells": [{"cell_type": "markdown", "source": "x"}]}',
                                     '{"cells": [{"cell_type": "code", "source": 5}]}'])
def test_a_missing_or_odd_notebook_loads_nothing(tmp_path, content):
    if content is not None:
        (tmp_path / "x.ipynb").write_text(content, encoding="utf-8")
    assert kernel_preload.needs_charts("modules/x.ipynb", tmp_path) is False


def test_a_pipe_a_device_or_a_huge_file_is_not_read(tmp_path, monkeypatch):
    """Named like a notebook, a pipe would never end and /dev/zero never stop: not read."""
    os.mkfifo(tmp_path / "ror.ipynb")
    (tmp_path / "nul.ipynb").symlink_to("/dev/zero")
    chart_module = '{"cells": [{"cell_type": "code", "source": "from digileder import charts"}]}'
    (tmp_path / "stor.ipynb").write_text(chart_module, encoding="utf-8")
    assert kernel_preload.needs_charts("stor.ipynb", tmp_path) is True
    monkeypatch.setattr(kernel_preload, "MAX_NOTEBOOK_BYTES", 10)
    for name in ("ror.ipynb", "nul.ipynb", "stor.ipynb"):
        assert kernel_preload.needs_charts(name, tmp_path) is False, name


@pytest.mark.parametrize("session", [None, "", "modules/02.txt", "konsol-1"])
def test_a_kernel_without_a_notebook_loads_nothing(session):
    """nbgrader, nbval and a console set no notebook (or not an .ipynb)."""
    assert kernel_preload.needs_charts(session, ROOT / "modules") is False


@pytest.mark.slow
@pytest.mark.parametrize("notebook", MODULES, ids=[p.stem for p in MODULES])
def test_the_guess_matches_what_the_first_cell_imports(notebook):
    """Is pandas and altair loaded for exactly the modules whose first cell imports them?"""
    source = kernel_preload.first_code_cell(notebook)
    code = f"import sys\nexec({source!r})\nprint('altair' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=notebook.parent,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    imports_charts = done.stdout.strip().splitlines()[-1] == "True"
    assert kernel_preload.needs_charts(f"modules/{notebook.name}", notebook.parent) \
        == imports_charts


def _in_kernel(notebook: Path, code: str):
    """Start a real kernel with the extension for NOTEBOOK (as jupyter_server does: its
    API path in JPY_SESSION_NAME, its folder as cwd), run CODE, return what it printed as
    JSON."""
    from jupyter_client.manager import start_new_kernel

    env = {**os.environ, "JPY_SESSION_NAME": f"modules/{notebook.name}"}
    manager, client = start_new_kernel(
        kernel_name="python3", cwd=str(notebook.parent), env=env,
        extra_arguments=["--InteractiveShellApp.extra_extensions=digileder.kernel_preload"])
    printed = []
    try:
        reply = client.execute_interactive(
            code, timeout=60,
            output_hook=lambda msg: printed.append(msg["content"].get("text", "")))
        assert reply["content"]["status"] == "ok", reply
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return json.loads("".join(printed))


STATE = f"""
import json, sys, threading
preload = [t for t in threading.enumerate() if t.name == {kernel_preload.THREAD_NAME!r}]
for thread in preload:
    thread.join(30)
print(json.dumps({{"preload_thread": bool(preload),
                  "loaded": [m in sys.modules for m in ("pandas", "altair", "digileder.charts")]}}))
"""


@pytest.mark.slow
def test_a_real_kernel_for_a_chart_module_has_them_before_the_first_cell():
    notebook = next(p for p in MODULES if p.name.startswith("02-"))
    assert _in_kernel(notebook, STATE)["loaded"] == [True, True, True]


@pytest.mark.slow
def test_a_real_kernel_for_a_module_without_charts_loads_nothing_extra():
    notebook = next(p for p in MODULES if p.name.startswith("01-"))
    assert _in_kernel(notebook, STATE)["loaded"] == [False, False, False]


def test_labconfig_turns_it_on_and_keeps_an_admins_own_list(tmp_path):
    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    path = tmp_path / "etc/ipython/ipython_kernel_config.json"
    assert json.loads(path.read_text()) == {
        "InteractiveShellApp": {"extra_extensions": ["digileder.kernel_preload"]}}
    own = {"InteractiveShellApp": {"extra_extensions": ["egen"]},
           "IPKernelApp": {"extensions": ["andet"]}}
    path.write_text(json.dumps(own))
    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    assert json.loads(path.read_text()) == own


def test_an_extension_set_the_way_ipythons_docs_say_still_loads(tmp_path):
    """IPython's docs set c.InteractiveShellApp.extensions (e.g. in a profile's
    ipython_config.py, which wins over the environment's file): the kernel then loads that
    extension and the course's preload, not only the preload."""
    from ipykernel.kernelapp import IPKernelApp
    from traitlets.config import Config
    from traitlets.config.loader import JSONFileConfigLoader

    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    folder = tmp_path / "etc/ipython"
    config = JSONFileConfigLoader("ipython_kernel_config.json", str(folder)).load_config()
    own = Config()
    own.InteractiveShellApp.extensions = ["autoreload"]
    config.merge(own)  # the profile's file is read after the environment's
    app = IPKernelApp(config=config)
    loaded = app.default_extensions + app.extensions + app.extra_extensions
    assert "autoreload" in loaded and "digileder.kernel_preload" in loaded, loaded
