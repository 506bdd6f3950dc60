"""The deployment recipes in deploy/ agree with the course code and with each other."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from traitlets.config.loader import PyFileConfigLoader

from digileder import labconfig
from tests.conftest import ROOT

pytestmark = pytest.mark.hub
DEPLOY = ROOT / "deploy"
WORKSHOP = DEPLOY / "workshop"


def _mebibytes(size: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([KMG])i?", size).groups()
    return float(number) * {"K": 1 / 1024, "M": 1, "G": 1024}[unit]


def _load_py_config(path: Path):
    return PyFileConfigLoader(path.name, path=str(path.parent)).load_config()


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load((DEPLOY / "kubernetes" / "values.yaml").read_text(encoding="utf-8"))


def test_teacher_lab_config_switches_on_exactly_nbgraders_teacher_plugins(values):
    workshop = json.loads((WORKSHOP / "etc" / "underviser" / "labconfig" / "page_config.json")
                          .read_text(encoding="utf-8"))
    kubernetes = values["singleuser"]["extraFiles"]["underviser-labconfig"]["data"]
    expected = {plugin: False for plugin in labconfig.TEACHER_PLUGINS}
    assert workshop["disabledExtensions"] == expected
    assert kubernetes["disabledExtensions"] == expected
    # ... and the participants' default (written into the env) hides them.
    assert all(labconfig.page_config(teacher=False)["disabledExtensions"][p]
               for p in labconfig.TEACHER_PLUGINS)


def test_memory_numbers_are_consistent(values):
    memory = values["singleuser"]["memory"]
    guarantee, limit = _mebibytes(memory["guarantee"]), _mebibytes(memory["limit"])
    assert 0 < guarantee <= limit
    teacher = values["hub"]["config"]["KubeSpawner"]["group_overrides"]["10-undervisere"]
    override = teacher["spawner_override"]
    assert _mebibytes(override["mem_guarantee"]) >= guarantee
    assert _mebibytes(override["mem_guarantee"]) <= _mebibytes(override["mem_limit"])
    # The guarantee covers the server plus one chart kernel (README's sizing section).
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    assert f"garanti {guarantee:.0f} MiB" in readme


def test_exchange_and_course_id_agree_everywhere(values):
    course = _load_py_config(WORKSHOP / "etc" / "kursus" / "nbgrader_config.py")
    k8s_text = values["singleuser"]["extraFiles"]["kursus-nbgrader"]["stringData"]
    k8s_root = re.search(r'c\.Exchange\.root = "([^"]+)"', k8s_text).group(1)
    k8s_course = re.search(r'c\.CourseDirectory\.course_id = "([^"]+)"', k8s_text).group(1)
    mounts = {m["mountPath"] for m in values["singleuser"]["storage"]["extraVolumeMounts"]}
    assert k8s_root in mounts
    assert course.Exchange.root == k8s_root
    assert course.CourseDirectory.course_id == k8s_course
    setup = (WORKSHOP / "setup.sh").read_text(encoding="utf-8")
    assert f"install -d -m 1777 {course.Exchange.root}" in setup


def test_workshop_hub_config_gives_teachers_their_extra_config_dir():
    cfg = _load_py_config(WORKSHOP / "jupyterhub_config.py")
    groups = cfg.JupyterHub.load_groups
    overrides = cfg.Spawner.group_overrides
    for override in overrides.values():
        assert set(override["groups"]) <= set(groups)
        path = override["spawner_override"]["environment"]["JUPYTER_CONFIG_PATH"]
        assert path.split(":")[0].endswith("/underviser")
    everyone = {u for group in groups.values() for u in group["users"]}
    assert everyone <= cfg.Authenticator.allowed_users
    assert cfg.Spawner.environment["JUPYTER_CONFIG_PATH"].endswith("/kursus")


def test_the_nbgitpuller_link_in_the_guide_opens_the_first_module():
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"https://\S+/hub/user-redirect/git-pull\?repo=https%3A\S+", readme)
    assert links, "the guide must show a complete example link"
    for link in links:
        parts = urlsplit(link)
        query = parse_qs(parts.query)
        assert parts.path == "/hub/user-redirect/git-pull"
        repo = query["repo"][0]
        assert urlsplit(repo).scheme == "https"
        folder = repo.rstrip("/").rsplit("/", 1)[-1]
        urlpath = query["urlpath"][0]
        assert urlpath.startswith(f"lab/tree/{folder}/")
        assert (ROOT / urlpath.removeprefix(f"lab/tree/{folder}/")).is_file(), urlpath


def test_kubernetes_pods_are_started_as_the_pod_test_starts_them(values):
    """Do values.yaml and the pod test (test_hub_pods.py) agree on uids and the entrypoint?"""
    from hub_pods import GID, UID_BASE, image_command

    uid_config = values["hub"]["extraConfig"]["10-uid-pr-bruger"]
    assert f"c.KubeSpawner.uid = lambda spawner: {UID_BASE} + spawner.user.id" in uid_config
    assert f"c.KubeSpawner.gid = {GID}" in uid_config
    # KubeSpawner replaces CMD with singleuser.cmd, never ENTRYPOINT; nothing may bypass it.
    assert "cmd" not in values["singleuser"]
    assert image_command("python")[:3] == ["python", "-m", "digileder.podstart"]
    teacher = values["hub"]["config"]["KubeSpawner"]["group_overrides"]["10-undervisere"]
    assert teacher["spawner_override"]["image"] != values["singleuser"]["image"]["name"]
    assert "underviser" in teacher["spawner_override"]["image"]
