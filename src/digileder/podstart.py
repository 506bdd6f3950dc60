"""Start a command in a pod whose user id has no entry in /etc/passwd (Kubernetes).

KubeSpawner runs each participant's pod under its own numeric uid (so the file
permissions of nbgrader's shared exchange keep participants apart), but the image's
/etc/passwd does not know that uid. nbgrader 0.9.6 names the participant with
`pwd.getpwuid(os.getuid())` and raises KeyError. The well-known fix, also used by the
Jupyter Docker Stacks and OpenShift images, is libnss-wrapper: a private copy of passwd
and group with one extra line for the pod's uid, named after JUPYTERHUB_USER, loaded with
LD_PRELOAD into the server and everything it starts (kernels, terminals, nbgrader).

When the uid already has a name (a workshop hub with real unix users), nothing changes.
Usage (the image's ENTRYPOINT): python -m digileder.podstart jupyterhub-singleuser ...
"""

from __future__ import annotations

import os
import pwd
import re
import sys
import tempfile
from pathlib import Path

NSS_WRAPPER = "libnss_wrapper.so"
# Hub user names become the participant's name in nbgrader; passwd lines are ':'-separated.
SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.@+-]{0,63}")


class PodStartError(Exception):
    """A reason the server cannot start, in Danish for whoever reads the pod's log."""


def has_passwd_entry(uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
    except KeyError:
        return False
    return True


def passwd_line(name: str, uid: int, gid: int, home: str) -> str:
    if not SAFE_NAME.fullmatch(name):
        raise PodStartError(
            f"Brugernavnet {name!r} (JUPYTERHUB_USER) kan ikke bruges som brugernavn i "
            "serveren. Brug kun bogstaver a-z, tal og . _ - @ + (højst 64 tegn).")
    try:
        pwd.getpwnam(name)
    except KeyError:
        return f"{name}:x:{uid}:{gid}:{name}:{home}:/bin/bash\n"
    raise PodStartError(
        f"Brugernavnet {name!r} findes allerede i billedets /etc/passwd med et andet "
        "bruger-id. Giv brugeren et andet navn på hubben.")


def nss_environment(env: dict[str, str], uid: int, gid: int, folder: Path) -> dict[str, str]:
    """The environment that makes UID known as JUPYTERHUB_USER; files written to FOLDER."""
    name = env.get("JUPYTERHUB_USER", "")
    if not name:
        raise PodStartError(
            f"Bruger-id {uid} har ingen plads i /etc/passwd, og JUPYTERHUB_USER er ikke sat. "
            "Start serveren fra JupyterHub (KubeSpawner sætter JUPYTERHUB_USER).")
    home = env.get("HOME") or "/home/jovyan"
    passwd = Path("/etc/passwd").read_text(encoding="utf-8")
    group = Path("/etc/group").read_text(encoding="utf-8")
    passwd += passwd_line(name, uid, gid, home)
    if not re.search(rf"^[^:\n]*:[^:\n]*:{gid}:", group, re.M):
        group += f"{name}:x:{gid}:\n"
    _write_private(folder / "passwd", passwd)
    _write_private(folder / "group", group)
    preload = " ".join(filter(None, [NSS_WRAPPER, env.get("LD_PRELOAD", "")]))
    return {**env, "LD_PRELOAD": preload, "NSS_WRAPPER_PASSWD": str(folder / "passwd"),
            "NSS_WRAPPER_GROUP": str(folder / "group")}


def _write_private(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def main(argv: list[str]) -> int:
    if not argv:
        print("Brug: python -m digileder.podstart KOMMANDO [ARGUMENTER ...]", file=sys.stderr)
        return 2
    env = dict(os.environ)
    uid, gid = os.getuid(), os.getgid()
    if not has_passwd_entry(uid):
        try:
            # Private to this uid (mkdtemp gives 0700), fresh on every start of the pod.
            folder = Path(tempfile.mkdtemp(prefix="digileder-nss-"))
            env = nss_environment(env, uid, gid, folder)
        except PodStartError as error:
            print(f"digileder: {error}", file=sys.stderr)
            return 1
    try:
        os.execvpe(argv[0], argv, env)
    except OSError as error:
        print(f"digileder: kunne ikke starte {argv[0]!r}: {error.strerror}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
