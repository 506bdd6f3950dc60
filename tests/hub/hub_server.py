"""A real JupyterHub on 127.0.0.1 for the end-to-end test: started here, always stopped.

Default LocalProcessSpawner: each user's server runs as the unix user of that name, from
the course environment (this .venv). A hub service with an admin role lets the test start
servers and make one API token per user; each user then talks to their own server.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from hub_system import VENV_BIN, free_port

from digileder import labconfig

SERVICE = "digileder-e2e"
TEACHERS_GROUP = "undervisere"
PARTICIPANTS_GROUP = "deltagere"


def write_course_config(etc: Path, exchange: Path, course_id: str) -> Path:
    """The config every server reads: where the exchange is and which course (as in deploy/)."""
    etc.mkdir(parents=True, exist_ok=True)
    (etc / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        f"c.CourseDirectory.course_id = {course_id!r}\n", encoding="utf-8")
    return etc


def write_teacher_config(etc: Path) -> Path:
    """Extra config dir for teachers' servers: nbgrader's teacher plugins switched on."""
    (etc / "labconfig").mkdir(parents=True, exist_ok=True)
    page = {"disabledExtensions": {p: False for p in labconfig.TEACHER_PLUGINS}}
    (etc / "labconfig" / "page_config.json").write_text(json.dumps(page, indent=2) + "\n",
                                                        encoding="utf-8")
    return etc


def hub_config(base: Path, ports: dict, token: str, teachers: list[str],
               participants: list[str], course_etc: Path, teacher_etc: Path,
               extra: dict | None = None) -> str:
    chp = shutil.which("configurable-http-proxy")
    if not chp:
        pytest.fail("configurable-http-proxy mangler. Kør: bash tools/ensure-hub-deps")
    path = f"{VENV_BIN}:/usr/local/bin:/usr/bin:/bin"
    settings = {
        "JupyterHub.ip": "127.0.0.1",
        "JupyterHub.port": ports["public"],
        "JupyterHub.hub_ip": "127.0.0.1",
        "JupyterHub.hub_port": ports["hub"],
        "JupyterHub.db_url": f"sqlite:///{base / 'jupyterhub.sqlite'}",
        "JupyterHub.cookie_secret_file": str(base / "jupyterhub_cookie_secret"),
        "JupyterHub.pid_file": str(base / "jupyterhub.pid"),
        "JupyterHub.cleanup_servers": True,
        # POST /users/x/server returns at once; the test waits for all servers together.
        "JupyterHub.tornado_settings": {"slow_spawn_timeout": 0},
        "JupyterHub.authenticator_class": "dummy",
        "DummyAuthenticator.password": secrets.token_urlsafe(16),
        "Authenticator.allowed_users": set(teachers + participants),
        "ConfigurableHTTPProxy.api_url": f"http://127.0.0.1:{ports['proxy_api']}",
        "ConfigurableHTTPProxy.command": [chp],
        "ConfigurableHTTPProxy.pid_file": str(base / "proxy.pid"),
        "JupyterHub.load_groups": {TEACHERS_GROUP: {"users": teachers},
                                   PARTICIPANTS_GROUP: {"users": participants}},
        "JupyterHub.services": [{"name": SERVICE, "api_token": token}],
        "JupyterHub.load_roles": [{
            "name": SERVICE, "services": [SERVICE],
            "scopes": ["admin:users", "admin:servers", "tokens", "read:groups"],
        }],
        "Spawner.cmd": [str(VENV_BIN / "jupyterhub-singleuser")],
        "Spawner.default_url": "/lab",
        "Spawner.start_timeout": 120,
        "Spawner.http_timeout": 120,
        "Spawner.environment": {"JUPYTER_CONFIG_PATH": str(course_etc), "PATH": path},
        # Teachers' servers read one more config dir first: nbgrader's teacher tools on.
        "Spawner.group_overrides": {"10-undervisere": {
            "groups": [TEACHERS_GROUP],
            "spawner_override": {"environment": {
                "JUPYTER_CONFIG_PATH": f"{teacher_etc}{os.pathsep}{course_etc}", "PATH": path,
            }},
        }},
    }
    settings.update(extra or {})
    # The hub may load a spawner from this folder (hub_pods.PodSpawner).
    lines = ["c = get_config()  # noqa: F821", "import sys",
             f"sys.path.insert(0, {str(Path(__file__).parent)!r})"]
    for key, value in settings.items():
        section, name = key.split(".")
        lines.append(f"c.{section}.{name} = {value!r}")
    return "\n".join(lines) + "\n"


class Hub:
    """A running JupyterHub and the admin token of the test's service."""

    def __init__(self, base: Path, port: int, token: str, log: Path):
        self.base, self.url, self.token, self.log = base, f"http://127.0.0.1:{port}", token, log

    def api(self, method: str, path: str, token: str | None = None, **kwargs):
        headers = {"Authorization": f"token {token or self.token}"}
        response = requests.request(method, f"{self.url}/hub/api{path}", headers=headers,
                                    timeout=60, **kwargs)
        if response.status_code >= 400:
            raise AssertionError(f"{method} {path}: {response.status_code} {response.text}"
                                 f"\n--- hub log ---\n{self.log_tail()}")
        return response.json() if response.content else None

    def log_tail(self, lines: int = 60) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def request_servers(self, users: list[str]) -> None:
        """Ask the hub to start the users' servers (they start in the background)."""
        for user in users:
            self.api("POST", f"/users/{user}/server")

    def wait_until_ready(self, users: list[str], timeout: float = 180) -> None:
        """Wait until every user's server is ready."""
        deadline = time.monotonic() + timeout
        waiting = set(users)
        while waiting and time.monotonic() < deadline:
            for user in list(waiting):
                model = self.api("GET", f"/users/{user}")
                server = model.get("servers", {}).get("", {})
                if server.get("ready"):
                    waiting.discard(user)
            time.sleep(0.5)
        if waiting:
            text = self.log.read_text(errors="replace") if self.log.exists() else ""
            problems = [line for line in text.splitlines()
                        if not line.startswith("[I ") and "GET /hub/api/users/" not in line]
            raise AssertionError(f"Serverne blev ikke klar: {sorted(waiting)}\n"
                                 + "\n".join(problems[-80:]))

    def user_token(self, user: str) -> str:
        """A fresh API token for USER, as a user gets on the hub's token page."""
        model = self.api("POST", f"/users/{user}/tokens",
                         json={"note": "e2e", "expires_in": 3600})
        return model["token"]


class UserServer:
    """One user's single-user server, used over HTTP with the user's own token."""

    def __init__(self, hub: Hub, user: str, token: str):
        self.user, self.base = user, f"{hub.url}/user/{user}"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {token}"

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        response = self.session.request(method, self.base + path, timeout=120, **kwargs)
        if response.status_code >= 400:
            raise AssertionError(f"{self.user}: {method} {path} -> {response.status_code}\n"
                                 f"{response.text[:2000]}")
        return response

    # The nbgrader assignment list endpoints the JupyterLab "Assignments" tab calls.
    def assignments(self, course_id: str) -> list[dict]:
        result = self.request("GET", "/assignments", params={"course_id": course_id}).json()
        assert result["success"], result
        return result["value"]

    def assignment_action(self, action: str, course_id: str, assignment: str) -> dict:
        result = self.request("POST", f"/assignments/{action}",
                              data={"course_id": course_id, "assignment_id": assignment}).json()
        assert result["success"], result.get("value")
        return result

    def hand_in(self, course_id: str, assignment: str, edit) -> list[dict]:
        """List, fetch, answer (EDIT the notebook), save and submit, as nbgrader's
        Assignments tab does; returns the listing after submitting."""
        listed = self.assignments(course_id)
        assert [(a["assignment_id"], a["status"]) for a in listed] == [(assignment, "released")]
        self.assignment_action("fetch", course_id, assignment)
        path = f"{assignment}/{assignment}.ipynb"
        self.save_notebook(path, edit(self.read_notebook(path)["content"]))
        self.assignment_action("submit", course_id, assignment)
        return self.assignments(course_id)

    def read_notebook(self, path: str) -> dict:
        return self.request("GET", f"/api/contents/{path}", params={"content": 1}).json()

    def save_notebook(self, path: str, notebook: dict) -> None:
        """Save as JupyterLab does (PUT to the contents API)."""
        self.request("PUT", f"/api/contents/{path}",
                     json={"type": "notebook", "format": "json", "content": notebook})


@contextmanager
def running_hub(base: Path, teachers: list[str], participants: list[str],
                course_etc: Path, teacher_etc: Path, extra: dict | None = None):
    ports = {name: free_port() for name in ("public", "hub", "proxy_api")}
    token = secrets.token_hex(32)
    config = base / "jupyterhub_config.py"
    config.write_text(hub_config(base, ports, token, teachers, participants, course_etc,
                                 teacher_etc, extra), encoding="utf-8")
    log = base / "jupyterhub.log"
    hub = Hub(base, ports["public"], token, log)
    with log.open("wb") as out:
        process = subprocess.Popen([str(VENV_BIN / "jupyterhub"), "-f", str(config)],
                                   cwd=base, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise AssertionError(f"JupyterHub stoppede:\n{hub.log_tail()}")
                try:
                    if requests.get(f"{hub.url}/hub/api/", timeout=2).ok:
                        break
                except requests.ConnectionError:
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError(f"JupyterHub svarede ikke:\n{hub.log_tail()}")
                time.sleep(0.3)
            yield hub
        finally:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM lets the hub stop the users' servers and its proxy; then its group if needed."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    try:  # the proxy and anything else the hub started in its session
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
