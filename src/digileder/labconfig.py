"""Course defaults for JupyterLab in this environment: Danish interface, no news toast,
hidden code labelled in Danish, Voila's course template.

Written into sys.prefix (and custom.css into jupyter_server's static files), so they apply
to this virtual environment (or conda env, or hub image) only. Run by `make lab`, Binder's
postBuild and the image build.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

from digileder import lab_danish
from digileder.teacher.atomic import write_text

OVERRIDES = {
    "@jupyterlab/translation-extension:plugin": {"locale": "da_DK"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false"},
}
VOILA_TEMPLATE = "digileder"
# Voila waits for each cell's reply with no time limit; this client re-checks every second,
# so a lost wake-up no longer hangs the page (digileder/kernel_client.py). Voila reads it from
# voila.json on its own, and from the server's config when it runs inside JupyterLab
# (/voila/render/..., as on Binder and the hub).
KERNEL_CLIENT = {"client_class": "digileder.kernel_client.RecheckingKernelClient"}
VOILA_CONFIG = {
    "VoilaConfiguration": {
        "template": VOILA_TEMPLATE,
        # Lab-only extensions that fail to load in Voila's page and log errors there.
        "extension_denylist": [
            "@jupyter/nbgrader",
            "@jupyter-notebook/lab-extension",
            "@voila-dashboards/jupyterlab-preview",
        ],
    },
    "ServerKernelManager": KERNEL_CLIENT,
    # A closed Voila tab should stop its kernel, but Voila's shutdown request is refused
    # without an _xsrf cookie (voila#1458), and a crashed browser sends none: stop kernels
    # that no page is connected to after 10 idle minutes. An open page is never culled.
    "MappingKernelManager": {"cull_idle_timeout": 600, "cull_interval": 60},
}
# A hidden code cell shows its first line of code in a placeholder; show a Danish label instead.
CUSTOM_CSS_MARK = "/* digileder:"  # how the course knows its own custom.css
# What follows this line in the course's custom.css is the admin's and is kept on set-up.
OWN_RULES_MARK = "/* digileder: egne regler under denne linje bliver stående. */"
CUSTOM_CSS = """\
/* digileder: hidden code cells say what they are, not their first line of code. */
.jp-InputPlaceholder .jp-PlaceholderText { font-size: 0; }
.jp-InputPlaceholder .jp-PlaceholderText::before {
  content: "Skjult kode (klik for at vise)";
  font-family: var(--jp-ui-font-family);
  font-size: var(--jp-ui-font-size1); /* px: the em-based size0 would be 0 here */
}
"""
SERVER_CONFIG = {"LabApp": {"custom_css": True}, "ServerKernelManager": KERNEL_CLIENT}
# Buttons that lead out of the Danish course Lab into English screens: Jupyter Notebook's
# interface switch and Voila's preview (the course has its own Voila app, `make voila`).
HIDDEN_PLUGINS = (
    "@jupyter-notebook/lab-extension:interface-switcher",
    "@jupyter-notebook/lab-extension:launch-tree",
    "@voila-dashboards/jupyterlab-preview:plugin",
)
# The kernel's name in the notebook toolbar and the Kernel menu (ipykernel's is English).
KERNEL_DISPLAY_NAME = "Python 3 (kursus)"
# Participants never need nbgrader's teacher tools, nor its English Assignments tab,
# Validate button and menu: they hand in with the Danish panel (digileder.handin).
# `--underviser` (and the teachers' config dir on a hub) turns them back on.
TEACHER_PLUGINS = (
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:validate-assignment",
    "@jupyter/nbgrader:menu",
)
# Lab plugins that do work on every start and that no participant or teacher in the course
# uses (issue 18: module open + Run All <= 4 s). The debugger asks each new kernel for its
# debug state; the language-server plugins poll the server's jupyter_lsp (off below; 1-2 MiB
# of the server's memory too) and wrap every notebook; the extension and plugin managers
# build sidebars nobody opens. The terminal (teacher's guide), table of contents, running
# kernels, cell tags and the hub menu stay. Written as defaults: whoever turns one back on in
# the same file keeps it on.
SPEED_PLUGINS = (
    "@jupyterlab/debugger-extension",
    "@jupyterlab/lsp-extension",
    # Need the language-server plugin; without these two Lab logs "failed to activate".
    "@jupyterlab/notebook-extension:language-server",
    "@jupyterlab/fileeditor-extension:language-server",
    "@jupyterlab/extensionmanager-extension",
    "@jupyterlab/pluginmanager-extension",
)
# digileder.prestart starts the notebook's kernel while Lab's page loads (issue 18); also a
# default, so a hub that turns it off in the same file keeps it off.
# digileder.kernel_socket: kernel messages reach the page at once, not up to 40 ms late. Lab
# and the hub get it as a server extension (it leaves a gateway's or an admin's class alone);
# Voila loads no server extensions and gets the class by name.
SPEED_SERVER_CONFIG = {"ServerApp": {"jpserver_extensions": {"jupyter_lsp": False,
                                                             "digileder.prestart": True,
                                                             "digileder.kernel_socket": True}}}
SPEED_VOILA_CONFIG = {"Voila": {"kernel_websocket_connection_class":
                                "digileder.kernel_socket.NoDelayConnection"}}
# A kernel started for a module with charts loads pandas and altair in the background at once
# (digileder.kernel_preload), while Lab's page still loads. A default like the ones above.
# extra_extensions, not extensions: a kernel's own section (IPKernelApp) beats the one
# IPython's docs teach (c.InteractiveShellApp.extensions), so extensions here would silently
# drop the extensions an admin or a participant sets that way.
SPEED_KERNEL_CONFIG = {"InteractiveShellApp": {"extra_extensions": ["digileder.kernel_preload"]}}


class LabConfigError(Exception):
    """A settings file the course cannot read; the message is Danish and says what to do."""


def page_config(teacher: bool = False) -> dict:
    disabled = {"@jupyterlab/apputils-extension:announcements": True}
    disabled.update({plugin: True for plugin in HIDDEN_PLUGINS})
    disabled.update({plugin: not teacher for plugin in TEACHER_PLUGINS})
    return {"disabledExtensions": disabled}


def speed_page_config() -> dict:
    # buildCheck: each page asks the server whether Lab needs a rebuild, about 0.4 s of the
    # machine's CPU; the course's extensions come prebuilt and are never rebuilt.
    return {"disabledExtensions": {plugin: True for plugin in SPEED_PLUGINS},
            "buildCheck": False, "buildAvailable": False}


def _merge(current: dict, update: dict, overwrite: bool) -> None:
    """Nested merge: keys the course does not write are kept; with overwrite=False the
    course's value goes in only where the key is missing."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(current.get(key), dict):
            _merge(current[key], value, overwrite)
        elif overwrite or key not in current:
            current[key] = value


def _read_json(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        where = (f" (fejlen er i linje {error.lineno}, tegn {error.colno})"
                 if isinstance(error, json.JSONDecodeError) else " (det er ikke UTF-8-tekst)")
        raise LabConfigError(
            f"Filen {path} er ikke gyldig JSON{where}. Ret fejlen i filen, eller flyt den "
            "væk, og kør kommandoen igen. Kurset har ikke ændret filen.") from None
    if not isinstance(data, dict):
        raise LabConfigError(f"Filen {path} indeholder ikke et JSON-objekt ({{...}}). Ret "
                             "den, eller flyt den væk, og kør kommandoen igen.")
    return data


def _merge_json(path: Path, update: dict, defaults: dict | None = None) -> None:
    """Write the course's settings into path; a second run with the same settings leaves
    the file untouched. The write is atomic (see _write)."""
    current = _read_json(path)
    merged = json.loads(json.dumps(current))
    if isinstance(merged.get("disabledExtensions"), list):  # the older form Lab still reads
        merged["disabledExtensions"] = {name: True for name in merged["disabledExtensions"]}
    _merge(merged, update, overwrite=True)
    _merge(merged, defaults or {}, overwrite=False)
    if merged == current and path.is_file():
        return
    _write(path, json.dumps(merged, indent=2, ensure_ascii=False) + "\n")


def _write(path: Path, text: str) -> None:
    """Atomic (a failed write leaves the old file and no temporary file); readable by all,
    like the files pip installs next to it."""
    write_text(path, text, mode=0o644)


def _install_voila_template(prefix: Path) -> Path:
    """Voila's lab template links Font Awesome from a CDN; ours does not (offline first)."""
    source = resources.files("digileder").joinpath("voila_template", VOILA_TEMPLATE)
    target = prefix / "share" / "jupyter" / "voila" / "templates" / VOILA_TEMPLATE
    target.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        _write(target / item.name, item.read_text(encoding="utf-8"))
    return target


def _default_custom_dir() -> Path:
    """Where Lab looks for custom.css besides ~/.jupyter/custom: jupyter_server's static files.

    The search path is not configurable, and the user's own folder belongs to the user.
    """
    import jupyter_server

    return Path(jupyter_server.__file__).parent / "static" / "custom"


def voila_template_file(name: str) -> str:
    """A file of the course's Voila template, as text."""
    source = resources.files("digileder").joinpath("voila_template", VOILA_TEMPLATE, name)
    return source.read_text(encoding="utf-8")


def a11y_css() -> str:
    """The accessibility rules Voila's course template includes; Lab gets the same."""
    return voila_template_file("a11y.css")


def _custom_css_path(custom_dir: Path) -> Path:
    """Lab's custom.css, if it is the course's or not there yet; raises if someone else's is."""
    target = custom_dir / "custom.css"
    if target.exists():
        try:
            ours = target.read_text(encoding="utf-8").startswith(CUSTOM_CSS_MARK)
        except (OSError, UnicodeDecodeError):
            ours = False
        if not ours:
            raise LabConfigError(
                f"Filen {target} er ikke lavet af kurset, og JupyterLab læser kun én "
                "custom.css. Kurset overskriver den ikke. Flyt den væk, og kør kommandoen "
                "igen. Vil du beholde dens regler, så læg dem bagefter i kursets fil under "
                "linjen \"egne regler under denne linje\". Dér bliver de stående, også når "
                "kurset sættes op igen.")
    return target


def _install_custom_css(target: Path) -> Path:
    """The course's rules, then the admin's own rules from under OWN_RULES_MARK, kept."""
    own = ""
    if target.is_file():  # _custom_css_path checked that it is the course's
        own = target.read_text(encoding="utf-8").partition(OWN_RULES_MARK)[2].lstrip("\n")
    _write(target, f"{CUSTOM_CSS}\n{a11y_css()}\n{OWN_RULES_MARK}\n{own}")
    return target


def _name_kernel(spec: Path) -> Path | None:
    """Give the environment's python3 kernel (its kernel.json, SPEC) its Danish display name
    (if ipykernel put one there; a kernel from elsewhere belongs to whoever installed it)."""
    if not spec.is_file():
        return None
    data = _read_json(spec)
    if data.get("display_name") != KERNEL_DISPLAY_NAME:
        data["display_name"] = KERNEL_DISPLAY_NAME
        _write(spec, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    return spec


def configure(prefix: Path | None = None, teacher: bool = False,
              custom_dir: Path | None = None) -> list[Path]:
    prefix = Path(prefix or sys.prefix)
    # What may stop the set-up is checked before anything is written.
    custom_css = _custom_css_path(custom_dir or _default_custom_dir())
    kernel_spec = prefix / "share" / "jupyter" / "kernels" / "python3" / "kernel.json"
    overrides = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    page_config_path = prefix / "etc" / "jupyter" / "labconfig" / "page_config.json"
    voila_config = prefix / "etc" / "jupyter" / "voila.json"
    # Lab reads LabApp settings from jupyter_server_config.json, not from its .d folder.
    server_config = prefix / "etc" / "jupyter" / "jupyter_server_config.json"
    kernel_config = prefix / "etc" / "ipython" / "ipython_kernel_config.json"
    for path in (kernel_spec, overrides, page_config_path, voila_config, server_config,
                 kernel_config):
        _read_json(path)
    _merge_json(overrides, OVERRIDES)
    _merge_json(page_config_path, page_config(teacher), defaults=speed_page_config())
    _merge_json(voila_config, VOILA_CONFIG, defaults=SPEED_VOILA_CONFIG)
    _merge_json(server_config, SERVER_CONFIG, defaults=SPEED_SERVER_CONFIG)
    _merge_json(kernel_config, {}, defaults=SPEED_KERNEL_CONFIG)
    written = [overrides, page_config_path, voila_config, server_config, kernel_config,
               _install_voila_template(prefix), _install_custom_css(custom_css)]
    kernel = _name_kernel(kernel_spec)
    pack = lab_danish.install()
    return written + [found for found in (kernel, pack) if found]


def done_message(teacher: bool) -> str:
    """What the set-up did, in words: which tools are on, and that Lab must restart."""
    tools = ("Underviserværktøjerne (Formgrader og nbgraders menuer) er slået TIL." if teacher
             else "Deltagerudgaven: underviserværktøjerne er slået fra (til underviseren: "
                  "kør igen med --underviser).")
    return (f"{tools} Genstart JupyterLab (luk den, og start den igen), før ændringen "
            "virker.")


def main(argv: list[str] | None = None) -> int:
    teacher = "--underviser" in (sys.argv[1:] if argv is None else argv)
    try:
        written = configure(teacher=teacher)
    except LabConfigError as error:
        print(f"Fejl: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"JupyterLab-indstilling skrevet: {path}")
    print(done_message(teacher))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
