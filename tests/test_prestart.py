"""Issue 18: the server starts a notebook's kernel while JupyterLab's page is still loading
(digileder/prestart.py). Unit tests with a stand-in server; tests/test_prestart_server.py
runs a real JupyterLab, tests/browser/test_lab_prestart.py a real browser."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from digileder import prestart

NOTEBOOK = {"cells": [], "metadata": {"kernelspec": {"name": "python3",
                                                     "display_name": "Python 3"}},
            "nbformat": 4, "nbformat_minor": 5}


def _write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path) -> Path:
    folder = tmp_path / "root"
    _write(folder / "modules" / "02-tal.ipynb", NOTEBOOK)
    return folder


# ------------------------------------------------------------------ which paths are used
def test_a_notebook_inside_the_root_is_used(root):
    """Is an existing .ipynb in the root given back as Lab's API path?"""
    assert prestart.notebook_api_path(root, "modules/02-tal.ipynb") == "modules/02-tal.ipynb"


def test_a_symlink_that_stays_inside_the_root_is_used(root):
    """Is a link to a notebook inside the root accepted under the link's own name?"""
    (root / "genvej.ipynb").symlink_to(root / "modules" / "02-tal.ipynb")
    assert prestart.notebook_api_path(root, "genvej.ipynb") == "genvej.ipynb"


@pytest.mark.parametrize("tree", [
    "modules/findes-ikke.ipynb",  # missing
    "modules",  # a folder
    "mappe.ipynb",  # a folder that ends in .ipynb
    "noter.txt",  # not a notebook
    "../udenfor.ipynb",  # climbs out of the root
    "modules/../../udenfor.ipynb",
    "modules/../modules/02-tal.ipynb",  # not Lab's spelling of the path
    "./modules/02-tal.ipynb",
    "modules//02-tal.ipynb",
    "/modules/02-tal.ipynb",
    "udad.ipynb",  # symlink out of the root
    ".skjult/x.ipynb",  # hidden folder
    "modules/.x.ipynb",  # hidden file
    "modules/.ipynb_checkpoints/02-tal-checkpoint.ipynb",
    "",
])
def test_anything_else_is_not_used(root, tree):
    """Is every path that is not an existing, visible notebook inside the root refused?"""
    (root / "mappe.ipynb").mkdir()
    _write(root / "noter.txt", "x")
    outside = _write(root.parent / "udenfor.ipynb", NOTEBOOK)
    (root / "udad.ipynb").symlink_to(outside)
    _write(root / ".skjult" / "x.ipynb", NOTEBOOK)
    _write(root / "modules" / ".x.ipynb", NOTEBOOK)
    _write(root / "modules" / ".ipynb_checkpoints" / "02-tal-checkpoint.ipynb", NOTEBOOK)
    assert prestart.notebook_api_path(root, tree) is None


def test_the_kernel_comes_from_the_notebook_metadata(tmp_path):
    """Is the kernelspec name read from the notebook, and None (server default) without it?"""
    assert prestart.kernel_name_of(_write(tmp_path / "a.ipynb", NOTEBOOK)) == "python3"
    bare = {**NOTEBOOK, "metadata": {}}
    assert prestart.kernel_name_of(_write(tmp_path / "b.ipynb", bare)) is None


@pytest.mark.parametrize("text", ["{not json", "[]", '{"metadata": {}}', "\udcff"])
def test_a_broken_notebook_raises_value_error(tmp_path, text):
    """Does a file that is not a notebook raise ValueError (the caller logs and skips)?"""
    path = tmp_path / "x.ipynb"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(ValueError):
        prestart.kernel_name_of(path)


# ------------------------------------------------------------------ a stand-in server
class FakeSessions:
    """jupyter_server's SessionManager as far as prestart uses it."""

    def __init__(self, gate: asyncio.Event | None = None, fail: bool = False):
        self.sessions: list[dict] = []
        self.created: list[dict] = []
        self.deleted: list[str] = []
        self.gate, self.fail = gate, fail

    async def session_exists(self, path):
        return any(s["path"] == path for s in self.sessions)

    async def create_session(self, path=None, name=None, type=None, kernel_name=None,
                             kernel_id=None):
        self.created.append({"path": path, "name": name, "type": type,
                             "kernel_name": kernel_name})
        if self.gate is not None:
            await self.gate.wait()
        if self.fail:
            raise RuntimeError("kernel would not start")
        model = {"id": f"s{len(self.created)}", "path": path, "name": name, "type": type,
                 "kernel": {"id": f"k{len(self.created)}", "name": kernel_name or "python3"}}
        self.sessions.append(model)
        return model

    async def list_sessions(self):
        return list(self.sessions)

    async def delete_session(self, session_id):
        self.deleted.append(session_id)
        self.sessions = [s for s in self.sessions if s["id"] != session_id]


class FakeKernels:
    def __init__(self, sessions: FakeSessions):
        self.sessions, self.connections = sessions, {}

    def __contains__(self, kernel_id):
        return any(s["kernel"]["id"] == kernel_id for s in self.sessions.sessions)

    def kernel_model(self, kernel_id):
        return {"id": kernel_id, "connections": self.connections.get(kernel_id, 0)}


def fake_server(root: Path, sessions: FakeSessions, specs=("python3",)):
    from traitlets.config import Config

    return SimpleNamespace(
        contents_manager=SimpleNamespace(root_dir=str(root)),
        session_manager=sessions,
        kernel_manager=FakeKernels(sessions),
        kernel_spec_manager=SimpleNamespace(find_kernel_specs=lambda: {s: "" for s in specs}),
        web_app=SimpleNamespace(settings={}),
        log=logging.getLogger("test-prestart"),
        config=Config(),
    )


class Allow:
    def __init__(self, answer=True):
        self.answer = answer

    def is_authorized(self, handler, user, action, resource):
        assert (action, resource) == ("write", "sessions")
        return self.answer


def page(tree: str | None, user="deltager", allowed=True):
    """A stand-in for JupyterLab's page handler at /lab[/workspaces/x]/tree/<tree>."""
    kwargs = {"mode": "lab", "workspace": None, "tree": None if tree is None else f"/tree/{tree}"}
    return SimpleNamespace(path_kwargs=kwargs, current_user=user, authorizer=Allow(allowed))


def load(server) -> prestart.Prestart:
    prestart._load_jupyter_server_extension(server)
    return server.web_app.settings[prestart.SETTINGS_KEY]


async def settle(extension: prestart.Prestart) -> None:
    """Let the prestarts that are under way finish (the hook only schedules them)."""
    await asyncio.gather(*list(extension.pending.values()), return_exceptions=True)


def open_page(server, tree, **kwargs) -> dict:
    config = {"treePath": ""}
    result = server.web_app.settings["page_config_hook"](page(tree, **kwargs), config)
    assert result is config, "the hook must give Lab its page config back"
    return result


def run(coroutine_function):
    """Run it on a fresh event loop in its own thread: an earlier test in the same process
    (nbclient, nbgrader) may leave this thread marked as running a loop, and asyncio.run()
    then refuses ("cannot be called from a running event loop")."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine_function()).result()


def test_opening_the_page_starts_one_session_with_the_notebooks_kernel(root):
    """Does the page for a notebook create its session, as Lab's POST /api/sessions would?"""
    sessions = FakeSessions()

    async def scenario():
        server = fake_server(root, sessions)
        extension = load(server)
        open_page(server, "modules/02-tal.ipynb")
        await settle(extension)

    run(scenario)
    assert sessions.created == [{"path": "modules/02-tal.ipynb", "name": "02-tal.ipynb",
                                 "type": "notebook", "kernel_name": "python3"}]


def test_the_page_twice_or_two_tabs_start_one_kernel(root):
    """Is a second page for the same notebook (while starting, and after) left alone?"""
    sessions = FakeSessions(gate=asyncio.Event())

    async def scenario():
        server = fake_server(root, sessions)
        extension = load(server)
        open_page(server, "modules/02-tal.ipynb")
        open_page(server, "modules/02-tal.ipynb")  # second tab while the kernel starts
        sessions.gate.set()
        await settle(extension)
        open_page(server, "modules/02-tal.ipynb")  # reload after it started
        await settle(extension)

    run(scenario)
    assert len(sessions.created) == 1
    assert len(sessions.sessions) == 1


def test_lab_asking_for_sessions_waits_for_a_kernel_being_started(root):
    """Does GET /api/sessions (Lab's check before it starts a kernel) include a session that
    is still being created, so Lab connects to it instead of starting a second kernel?"""
    sessions = FakeSessions(gate=asyncio.Event())
    listed = []

    async def scenario():
        server = fake_server(root, sessions)
        load(server)
        open_page(server, "modules/02-tal.ipynb")
        asking = asyncio.ensure_future(server.session_manager.list_sessions())
        await asyncio.sleep(0)
        assert not asking.done()
        sessions.gate.set()
        listed.extend(await asking)

    run(scenario)
    assert [s["path"] for s in listed] == ["modules/02-tal.ipynb"]


def test_a_notebook_without_kernelspec_gets_the_servers_default(root):
    _write(root / "uden.ipynb", {**NOTEBOOK, "metadata": {}})
    sessions = FakeSessions()

    async def scenario():
        server = fake_server(root, sessions)
        extension = load(server)
        open_page(server, "uden.ipynb")
        await settle(extension)

    run(scenario)
    assert [c["kernel_name"] for c in sessions.created] == [None]


@pytest.mark.parametrize("case", ["broken", "unknown-kernel", "not-allowed", "anonymous",
                                  "no-tree", "hidden", "outside"])
def test_nothing_is_started_when_it_should_not_be(root, tmp_path, case, caplog):
    """Broken notebook, kernel not installed, user not allowed to start sessions, a page
    that is not a notebook (Lab's start page, Voila, not found): nothing starts."""
    _write(root / "broken.ipynb", "{not json")
    _write(root / "r.ipynb", {**NOTEBOOK, "metadata": {"kernelspec": {"name": "ir"}}})
    trees = {"broken": "broken.ipynb", "unknown-kernel": "r.ipynb", "no-tree": None,
             "hidden": ".skjult.ipynb", "outside": "../x.ipynb"}
    sessions = FakeSessions()
    caplog.set_level(logging.INFO, logger="test-prestart")

    async def scenario():
        server = fake_server(root, sessions)
        extension = load(server)
        open_page(server, trees.get(case, "modules/02-tal.ipynb"),
                  allowed=case != "not-allowed", user=None if case == "anonymous" else "d")
        await settle(extension)

    run(scenario)
    assert sessions.created == []
    if case == "broken":
        assert [r for r in caplog.records if r.levelno == logging.WARNING
                and "broken.ipynb" in r.getMessage()]


def test_a_failure_inside_the_extension_never_breaks_the_page(root, caplog):
    """Does the page get its config when the handler, or the kernel start, fails?"""

    class Exploding:
        @property
        def path_kwargs(self):
            raise RuntimeError("boom")

    sessions = FakeSessions(fail=True)

    async def scenario():
        server = fake_server(root, sessions)
        extension = load(server)
        config = {"treePath": ""}
        assert server.web_app.settings["page_config_hook"](Exploding(), config) is config
        open_page(server, "modules/02-tal.ipynb")
        await settle(extension)
        assert extension.pending == {}
        assert await server.session_manager.list_sessions() == []

    run(scenario)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 2


def test_other_page_config_hooks_keep_working(root):
    """Is a hook set before the extension loads (or after it, e.g. JupyterHub's) still run?"""
    seen = []

    def hub_hook(handler, config):
        seen.append("hub")
        return {**config, "hubUser": "d"}

    sessions = FakeSessions()

    async def scenario():
        server = fake_server(root, sessions)
        server.web_app.settings["page_config_hook"] = hub_hook
        extension = load(server)
        assert open_page_result(server)["hubUser"] == "d"
        await settle(extension)
        # An extension that loads after ours replaces the hook; ours wraps it at start.
        server.web_app.settings["page_config_hook"] = hub_hook
        await prestart._start_jupyter_server_extension(server)
        sessions.sessions.clear()
        assert open_page_result(server)["hubUser"] == "d"
        await settle(extension)

    def open_page_result(server):
        return server.web_app.settings["page_config_hook"](page("modules/02-tal.ipynb"), {})

    run(scenario)
    assert seen == ["hub", "hub"]
    assert len(sessions.created) == 2


def test_a_kernel_no_page_connects_to_is_stopped(root):
    """Is a prestarted kernel stopped when no page connects within unused_timeout (a tab
    closed before Lab loaded), and is a connected one kept?"""
    sessions = FakeSessions()
    ids = {}

    async def scenario():
        server = fake_server(root, sessions)
        server.config.Prestart.unused_timeout = 0.3
        server.config.Prestart.check_interval = 0.05
        _write(root / "brugt.ipynb", NOTEBOOK)
        extension = load(server)
        open_page(server, "modules/02-tal.ipynb")
        open_page(server, "brugt.ipynb")
        await settle(extension)
        # The two prestarts run side by side, so which one is created first varies.
        ids.update({s["path"]: s["id"] for s in sessions.sessions})
        used = next(s for s in sessions.sessions if s["path"] == "brugt.ipynb")
        server.kernel_manager.connections[used["kernel"]["id"]] = 1
        await asyncio.gather(*extension.watchers)

    run(scenario)
    assert [s["path"] for s in sessions.sessions] == ["brugt.ipynb"]
    assert sessions.deleted == [ids["modules/02-tal.ipynb"]]


def test_labconfig_switches_it_on_for_participants(tmp_path):
    """Does the course's server config load the extension, and keep a teacher's 'off'?"""
    from digileder import labconfig

    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    config_file = tmp_path / "etc/jupyter/jupyter_server_config.json"
    server = json.loads(config_file.read_text())
    assert server["ServerApp"]["jpserver_extensions"]["digileder.prestart"] is True
    server["ServerApp"]["jpserver_extensions"]["digileder.prestart"] = False
    config_file.write_text(json.dumps(server))
    labconfig.configure(tmp_path, custom_dir=tmp_path / "custom")
    server = json.loads(config_file.read_text())
    assert server["ServerApp"]["jpserver_extensions"]["digileder.prestart"] is False
    assert not [name for name in os.listdir(config_file.parent) if name.endswith(".tmp")]


def test_the_extension_is_found_by_jupyter_server():
    assert prestart._jupyter_server_extension_points() == [{"module": "digileder.prestart"}]
