"""Start a notebook's kernel while JupyterLab's page is still loading (issue 18).

JupyterLab asks for a kernel only after its JavaScript has loaded (2.5-4 s on the course's
machines): the notebook's SessionContext lists the sessions (GET /api/sessions), connects
to a session whose path is the notebook's, and starts a new one only if there is none
(`SessionContext._initialize` in @jupyterlab/apputils). The server already knows which
notebook the page is for when it serves /lab/tree/<path> (also /lab/workspaces/<ws>/tree/
<path>, /doc/tree/<path> and under a hub's /user/<name>/ prefix). This server extension
creates that session then, the same way POST /api/sessions does, so the kernel starts
while the browser loads JavaScript and Lab finds it ready.

How it hooks in: jupyterlab_server's `page_config_hook` setting, which LabHandler calls
for every page it renders, after authentication, with the handler (its URL arguments give
the notebook's path exactly as Lab parsed it). It is the documented hook for per-request
page work (jupyterlab_server#219/#220), adds no route and replaces no handler, and Voila's
pages never call it. JupyterHub's single-user extension sets the same hook when it loads
(after this one, alphabetically), so the hook is chained again when the server starts.

What keeps it to one kernel: a notebook is prestarted at most once at a time, never when a
session for its path exists, and GET /api/sessions waits (at most `wait_timeout`) for a
prestart under way, so Lab sees the session instead of starting its own. A prestarted
kernel no page connects to within `unused_timeout` (a tab closed while loading) is stopped.
Anything unexpected is logged and the page is served as without the extension.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
from pathlib import Path, PurePosixPath

from traitlets import Float
from traitlets.config import LoggingConfigurable

SETTINGS_KEY = "digileder_prestart"
LOG_PREFIX = "digileder.prestart:"


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "digileder.prestart"}]


def notebook_api_path(root_dir: str | os.PathLike, tree: str) -> str | None:
    """The API path of an existing, visible .ipynb inside root_dir, spelled exactly as Lab
    spells it; None for anything else (missing, a folder, '..', '.', empty or hidden parts,
    a symlink that leads out of the root)."""
    parts = tree.split("/")
    if not tree.endswith(".ipynb") or any(
            not part or part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        return None
    root = os.path.realpath(root_dir)
    target = os.path.realpath(os.path.join(root, *parts))
    if os.path.commonpath([root, target]) != root or not os.path.isfile(target):
        return None
    return "/".join(parts)


def kernel_name_of(path: str | os.PathLike) -> str | None:
    """The kernelspec name in a notebook's metadata, or None (the server's default kernel).
    Raises ValueError if the file is not a readable notebook."""
    try:
        data = json.loads(Path(path).read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(str(error)) from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise ValueError("not a notebook (no list of cells)")
    metadata = data.get("metadata")
    spec = metadata.get("kernelspec") if isinstance(metadata, dict) else None
    name = spec.get("name") if isinstance(spec, dict) else None
    return name if isinstance(name, str) and name else None


class Prestart(LoggingConfigurable):
    """Creates the session for the notebook a Lab page opens, while the page loads."""

    wait_timeout = Float(10.0, config=True, help=(
        "How long GET /api/sessions waits, at most, for a kernel being prestarted, so Lab "
        "connects to it instead of starting a second one."))
    unused_timeout = Float(120.0, config=True, help=(
        "Stop a prestarted kernel that no page has connected to after this many seconds "
        "(the tab was closed before Lab loaded)."))
    check_interval = Float(1.0, config=True, help=(
        "How often (seconds) an unused prestarted kernel is checked for a connection."))

    def __init__(self, serverapp, **kwargs):
        super().__init__(config=serverapp.config, log=serverapp.log, **kwargs)
        self.serverapp = serverapp
        self.pending: dict[str, asyncio.Task] = {}  # API path -> prestart under way
        self.watchers: set[asyncio.Task] = set()
        self._hook = None

    # ---------------------------------------------------------------- wiring
    def install_hook(self) -> None:
        """Put our hook in front of whatever page_config_hook is set now (chained)."""
        settings = self.serverapp.web_app.settings
        current = settings.get("page_config_hook")
        if current is not None and current is self._hook:
            return

        def page_config_hook(handler, page_config):
            if current is not None:
                page_config = current(handler, page_config)
            self.on_page(handler)
            return page_config

        self._hook = page_config_hook
        settings["page_config_hook"] = page_config_hook

    def wrap_session_listing(self) -> None:
        """GET /api/sessions waits for prestarts under way (Lab decides on that list)."""
        sessions = self.serverapp.session_manager
        original = sessions.list_sessions

        async def list_sessions(*args, **kwargs):
            under_way = [task for task in self.pending.values() if not task.done()]
            if under_way:
                await asyncio.wait(under_way, timeout=self.wait_timeout)
            result = original(*args, **kwargs)
            return await result if inspect.isawaitable(result) else result

        sessions.list_sessions = list_sessions

    # ---------------------------------------------------------------- per page
    def on_page(self, handler) -> None:
        """Called while Lab's page is rendered; schedules the prestart and returns at once.
        Never raises: the page must not depend on this."""
        try:
            tree = (handler.path_kwargs or {}).get("tree")
            if not tree:
                return  # Lab's start page, the not-found page: no notebook
            root = getattr(self.serverapp.contents_manager, "root_dir", None)
            path = root and notebook_api_path(root, tree.removeprefix("/tree/"))
            if not path or path in self.pending:
                return
            user = handler.current_user
            if not user:
                return
            allowed = handler.authorizer.is_authorized(handler, user, "write", "sessions")
            full_path = os.path.join(root, *path.split("/"))
            task = asyncio.ensure_future(self._prestart(path, full_path, allowed))
            self.pending[path] = task
            task.add_done_callback(lambda done: self._forget(path, done))
        except Exception:
            self.log.exception("%s could not prestart a kernel; Lab starts it as usual",
                               LOG_PREFIX)

    def _forget(self, path: str, task: asyncio.Task) -> None:
        if self.pending.get(path) is task:
            del self.pending[path]

    async def _prestart(self, path: str, full_path: str, allowed) -> None:
        try:
            if inspect.isawaitable(allowed):
                allowed = await allowed
            sessions = self.serverapp.session_manager
            if not allowed or await sessions.session_exists(path=path):
                return
            loop = asyncio.get_running_loop()
            try:
                kernel_name = await loop.run_in_executor(None, kernel_name_of, full_path)
            except ValueError as error:
                self.log.warning("%s %s is not a readable notebook (%s); no kernel prestarted",
                                 LOG_PREFIX, path, error)
                return
            specs = self.serverapp.kernel_spec_manager.find_kernel_specs()
            if kernel_name is not None and kernel_name not in specs:
                self.log.info("%s kernel %r of %s is not installed; Lab asks as usual",
                              LOG_PREFIX, kernel_name, path)
                return
            # name and type as Lab's own POST has them (the kernel's JPY_SESSION_NAME too).
            model = await sessions.create_session(
                path=path, name=PurePosixPath(path).name, type="notebook",
                kernel_name=kernel_name)
            self.log.info("%s kernel %s started for %s while the page loads", LOG_PREFIX,
                          model["kernel"]["id"], path)
            watcher = asyncio.ensure_future(self._stop_if_unused(model))
            self.watchers.add(watcher)
            watcher.add_done_callback(self.watchers.discard)
        except Exception:
            self.log.exception("%s could not prestart a kernel for %s; Lab starts it as usual",
                               LOG_PREFIX, path)

    async def _stop_if_unused(self, model: dict) -> None:
        """Stop the prestarted kernel if no page connects to it in time."""
        kernels = self.serverapp.kernel_manager
        kernel_id = model["kernel"]["id"]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.unused_timeout
        try:
            while loop.time() < deadline:
                await asyncio.sleep(self.check_interval)
                if kernel_id not in kernels or kernels.kernel_model(kernel_id)["connections"]:
                    return  # stopped by someone else, or a page uses it: Lab's kernel now
            self.log.info("%s no page connected to kernel %s for %s; stopped", LOG_PREFIX,
                          kernel_id, model["path"])
            await self.serverapp.session_manager.delete_session(model["id"])
        except Exception:
            self.log.exception("%s could not check kernel %s", LOG_PREFIX, kernel_id)


def _load_jupyter_server_extension(serverapp) -> None:
    extension = Prestart(serverapp)
    serverapp.web_app.settings[SETTINGS_KEY] = extension
    extension.wrap_session_listing()  # first: the hook alone could let Lab start a second kernel
    extension.install_hook()
    serverapp.log.info("%s Lab pages start their notebook's kernel while they load",
                       LOG_PREFIX)


async def _start_jupyter_server_extension(serverapp) -> None:
    """All extensions are loaded now: chain again if one replaced the hook after us."""
    extension = serverapp.web_app.settings.get(SETTINGS_KEY)
    if extension is not None:
        extension.install_hook()
