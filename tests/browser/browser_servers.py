"""Local JupyterLab / Voila servers and Debian's chromium for the browser tests and the benchmark.

Everything runs on 127.0.0.1 on a free port with its own temporary Jupyter config, data and
runtime folders, and is always stopped (the whole process group) when the `with` block ends,
also on failure. Used by tests/browser/conftest.py and tools/bench_browser.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync",
]
# Voila loads every installed labextension; these belong to Lab and log errors in Voila.
VOILA_DENYLIST = [
    "@jupyter/nbgrader",
    "@jupyter-notebook/lab-extension",
    "@voila-dashboards/jupyterlab-preview",
]
# The course's Voila template: Voila's lab template minus its Font Awesome CDN links.
VOILA_TEMPLATE = "digileder"


def voila_flags() -> list[str]:
    """The flags README's `make voila` should use (the test uses exactly these)."""
    from jupyter_core.paths import jupyter_path

    from digileder.labconfig import VOILA_CONFIG

    flags = ["--Voila.ip=127.0.0.1"]
    flags += [f"--VoilaConfiguration.extension_denylist={name}" for name in VOILA_DENYLIST]
    # The kernel client that does not hang and the culling of closed pages' kernels, as the
    # env's voila.json has them (also when that file is older than labconfig.py).
    flags += [f"--{section}.{key}={value}" for section in ("ServerKernelManager",
                                                            "MappingKernelManager")
              for key, value in VOILA_CONFIG[section].items()]
    if any(Path(p, VOILA_TEMPLATE).is_dir() for p in jupyter_path("voila", "templates")):
        flags.append(f"--template={VOILA_TEMPLATE}")
    return flags


def chromium_path() -> str:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    raise RuntimeError(
        "Debians chromium mangler. Kør `bash tools/ensure-chromium` (eller `make test`)."
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def modules_dir() -> Path:
    """The modules to test: modules/, or DIGILEDER_MODULES_DIR (used to prove that the tests
    fail on a broken module without touching the repository)."""
    return Path(os.environ.get("DIGILEDER_MODULES_DIR") or ROOT / "modules")


def copy_course(target: Path) -> Path:
    """A throwaway copy of modules/ and datasets/, so the repo's notebooks never get outputs."""
    target.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    shutil.copytree(modules_dir(), target / "modules", ignore=ignore)
    shutil.copytree(ROOT / "datasets", target / "datasets", ignore=ignore)
    return target


def jupyter_env(base: Path, answers_dir: Path | None = None) -> dict[str, str]:
    """Environment with private Jupyter folders under `base` (the venv's own settings still
    apply: they live in sys.prefix, which Jupyter always searches)."""
    env = dict(os.environ)
    folders = {
        "JUPYTER_CONFIG_DIR": base / "config",
        "JUPYTER_DATA_DIR": base / "data",
        "JUPYTER_RUNTIME_DIR": base / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": base / "lab-user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": base / "lab-workspaces",
        "IPYTHONDIR": base / "ipython",
    }
    for key, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        env[key] = str(folder)
    env["DIGILEDER_ANSWERS_DIR"] = str(answers_dir or base / "mine-svar")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"  # nbgrader shells out to alembic
    env.pop("DIGILEDER_COURSE_ROOT", None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def copy_lab_settings(base: Path) -> None:
    """Copy the venv's Lab settings (Danish locale overrides, page config) into the private
    folders too, so they apply even if Jupyter stops searching sys.prefix."""
    prefix = Path(sys.prefix)
    overrides = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    page_config = prefix / "etc" / "jupyter" / "labconfig" / "page_config.json"
    if overrides.is_file():
        (base / "data" / "lab" / "settings").mkdir(parents=True, exist_ok=True)
        shutil.copy(overrides, base / "data" / "lab" / "settings" / "overrides.json")
    if page_config.is_file():
        (base / "config" / "labconfig").mkdir(parents=True, exist_ok=True)
        shutil.copy(page_config, base / "config" / "labconfig" / "page_config.json")


@dataclass
class Server:
    url: str  # base URL with trailing slash
    token: str
    root: Path
    log: Path
    process: subprocess.Popen

    def api(self, path: str, method: str = "GET") -> object:
        request = urllib.request.Request(
            self.url + path.lstrip("/"), method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Stop every kernel (keeps 2-core CI machines from filling up between modules)."""
        with contextlib.suppress(Exception):
            for session in self.api("api/sessions"):
                self.api(f"api/sessions/{session['id']}", method="DELETE")

    def log_tail(self, lines: int = 40) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""


def _wait_ready(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Serveren stoppede ved start:\n{log.read_text(errors='replace')}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2):
                return
        time.sleep(0.2)
    raise RuntimeError(f"Serveren svarede ikke inden {timeout} s:\n{log.read_text()}")


def stop_process_group(process: subprocess.Popen) -> None:
    """Stop the server and its kernels: the whole process group, politely first."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _root_flag() -> list[str]:
    return ["--allow-root"] if os.geteuid() == 0 else []


@contextlib.contextmanager
def _serve(cmd: list[str], env: dict, cwd: Path, log: Path, ready_path: str,
           url: str, token: str, root: Path) -> Iterator[Server]:
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=log_file, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,  # own process group
        )
    try:
        _wait_ready(url + ready_path, process, log)
        yield Server(url=url, token=token, root=root, log=log, process=process)
    finally:
        stop_process_group(process)


@contextlib.contextmanager
def lab_server(root: Path, base: Path, extra_args: list[str] | None = None,
               answers_dir: Path | None = None, env: dict | None = None) -> Iterator[Server]:
    """JupyterLab serving `root`, with private Jupyter folders under `base` (pass `env` from
    jupyter_env(base) to put extra config there first)."""
    env = env or jupyter_env(base, answers_dir)
    copy_lab_settings(base)
    port, token = free_port(), secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}/"
    cmd = [
        str(BIN / "jupyter"), "lab", "--no-browser", *_root_flag(),
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        # window.jupyterapp: the tests read the cells' execution state (browser_pages).
        "--LabApp.expose_app_in_browser=True",
        *(extra_args or []),
    ]
    with _serve(cmd, env, root, base / "lab.log", f"api/status?token={token}",
                url, token, root) as server:
        yield server


@contextlib.contextmanager
def voila_server(root: Path, base: Path, answers_dir: Path | None = None,
                 extra_args: list[str] | None = None) -> Iterator[Server]:
    """Voila serving root/modules as a no-code app, with the flags README recommends (plus
    extra_args, e.g. a preheated kernel pool in the class load test; a setting given there
    replaces the course's, e.g. jupyter_client's own kernel client in tools/bench/voila_hang.py)."""
    env = jupyter_env(base, answers_dir)
    copy_lab_settings(base)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    replaced = {arg.split("=", 1)[0] for arg in extra_args or [] if "=" in arg}
    flags = [flag for flag in voila_flags() if flag.split("=", 1)[0] not in replaced]
    cmd = [
        str(BIN / "voila"), "--no-browser", *flags, f"--Voila.port={port}",
        "--Voila.port_retries=0", *(extra_args or []), "modules/",
    ]
    with _serve(cmd, env, root, base / "voila.log", "", url, "", root) as server:
        yield server


@contextlib.contextmanager
def chromium(headless: bool = True) -> Iterator[object]:
    """Debian's chromium under Playwright (never `playwright install`); every launch gets
    a fresh temporary profile from Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path(), headless=headless, args=CHROMIUM_ARGS,
        )
        try:
            yield browser
        finally:
            browser.close()
