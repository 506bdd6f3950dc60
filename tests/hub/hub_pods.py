"""Kubernetes-style servers on one machine: what KubeSpawner gives a pod, without Kubernetes.

Each user's server runs under the numeric uid `UID_BASE + user.id` (as values.yaml sets
`KubeSpawner.uid`), gid 100, with no entry for that uid in /etc/passwd, the name only in
JUPYTERHUB_USER (and USER, as values.yaml sets it), its own private HOME (the pod's
volume) and the shared exchange. The command is the image's ENTRYPOINT + CMD, read from
the Dockerfile. The hub imports PodSpawner; the test uses pod_run for terminal commands.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Integer, Unicode

UID_BASE = 100000  # as in deploy/kubernetes/values.yaml
GID = 100
DOCKERFILE = Path(__file__).resolve().parents[2] / "deploy" / "kubernetes" / "Dockerfile"


def image_command(python: str, instructions=("ENTRYPOINT", "CMD")) -> list[str]:
    """The Dockerfile's ENTRYPOINT + CMD, with the image's `python` replaced by PYTHON."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    command = []
    for instruction in instructions:
        found = re.findall(rf"^{instruction} (\[.*\])$", text, re.M)
        command += json.loads(found[-1]) if found else []
    return [python if part == "python" else part for part in command]


def pod_uid(user_id: int) -> int:
    return UID_BASE + user_id


class PodSpawner(LocalProcessSpawner):
    """LocalProcessSpawner that runs the server as a pod would: a uid without a name."""

    homes = Unicode(help="Folder holding one private home per user (their volumes)",
                    config=True)
    gid = Integer(GID, config=True)

    @property
    def uid(self) -> int:
        return pod_uid(self.user.id)

    @property
    def home(self) -> str:
        return os.path.join(self.homes, self.user.name)

    def make_preexec_fn(self, name):
        uid, gid, home = self.uid, self.gid, self.home

        def become_pod_user():
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            os.chdir(home)

        return become_pod_user

    def user_env(self, env):
        env["HOME"] = self.home
        env["USER"] = self.user.name
        return env

    async def start(self):
        os.makedirs(self.home, mode=0o700, exist_ok=True)
        os.chown(self.home, self.uid, self.gid)
        os.chmod(self.home, 0o700)
        return await super().start()


def pod_run(home: Path, name: str, command: list[str], python: str, path: str,
            timeout: float = 600, **env) -> subprocess.CompletedProcess:
    """Run COMMAND as a terminal in NAME's pod would: the home's uid, the image's entrypoint."""
    stat = home.stat()
    variables = {"HOME": str(home), "JUPYTERHUB_USER": name, "USER": name,
                 "LANG": "C.UTF-8", "PATH": path, **env}
    entry = image_command(python, ["ENTRYPOINT"])
    return subprocess.run(
        ["setpriv", f"--reuid={stat.st_uid}", f"--regid={stat.st_gid}", "--clear-groups",
         "env", "-i", *(f"{k}={v}" for k, v in variables.items()), *entry, *command],
        capture_output=True, text=True, cwd=home, timeout=timeout)
