"""The course root's nbgrader_config.py: what `course init` writes and how we read it back.

Every nbgrader setting the course relies on lives in that one file, so the teacher's
`nbgrader ...` commands, the formgrader and `digileder grade` all behave the same.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from digileder.teacher import private_files
from digileder.teacher.errors import TeacherError

TIMEZONE = "Europe/Copenhagen"
FORMGRADER_TIME = "%d.%m.%Y kl. %H.%M %Z"  # 01.12.2026 kl. 12.00 CET
CODE_STUB = "# SKRIV DIN KODE HER\nraise NotImplementedError()"
TEXT_STUB = "SKRIV DIT SVAR HER"
DEFAULT_TIMEOUT = 120
# nbconvert's HTML template loads these from CDNs; emptied so feedback works offline.
CDN_URL_OPTIONS = ("require_js_url", "mathjax_url", "jquery_url", "mermaid_js_url",
                   "mermaid_layout_elk_js_url", "jupyter_widgets_base_url", "widget_renderer_url")
SANITIZE_PREPROCESSORS = [
    "nbgrader.preprocessors.ClearOutput",
    "digileder.teacher.repair.DeduplicateIdsFixed",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
ANSWER_SAFETY = ["digileder.teacher.formgrader_safety.SanitizeAnswers"]
FEEDBACK_PREPROCESSORS = [
    "digileder.teacher.feedback_filter.HideHiddenTests",
    "digileder.teacher.feedback_filter.GetGradesMarkingWaiting",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]


def config_text(course_id: str, exchange: Path, db_url: str | None,
                timeout: int = DEFAULT_TIMEOUT) -> str:
    """The text of nbgrader_config.py for a new course root."""
    lines = [
        "# nbgrader-opsætning for kurset Bliv skarp på rollen som digital leder.",
        "# Skrevet af: digileder course init. Ret gerne værdierne; læs",
        "# docs/underviservejledning.md først.",
        "c = get_config()  # noqa: F821",
        "",
        f"c.CourseDirectory.course_id = {course_id!r}",
    ]
    if db_url:
        lines.append(f"c.CourseDirectory.db_url = {db_url!r}")
    else:
        lines.append("# Karakterbog: SQLite i holdets mappe. Flere bedømmere: PostgreSQL,")
        lines.append("# fx c.CourseDirectory.db_url = 'postgresql://bruger@vært/digileder'")
    lines += [
        f"c.Exchange.root = {str(exchange)!r}",
        f"c.Exchange.timezone = {TIMEZONE!r}",
        "# Formgrader viser frister og afleveringstider i dansk tid (nbgrader: UTC).",
        f"c.NbGraderAPI.timezone = {TIMEZONE!r}",
        f"c.NbGraderAPI.timestamp_format = {FORMGRADER_TIME!r}",
        "",
        "# En celle, der kører for længe (fx en uendelig løkke), stoppes efter timeout sekunder.",
        f"c.Execute.timeout = {timeout}",
        "c.Execute.interrupt_on_timeout = True",
        "c.LimitOutput.max_lines = 1000",
        "",
        "# Danske pladsholdere, hvor løsningen er fjernet.",
        f"c.ClearSolutions.code_stub = {{'python': {CODE_STUB!r}}}",
        f"c.ClearSolutions.text_stub = {TEXT_STUB!r}",
        "",
        "# En kopieret bedømt celle stopper ikke bedømmelsen (nbgrader-fejl #1083).",
        f"c.Autograde.sanitize_preprocessors = {SANITIZE_PREPROCESSORS!r}",
        "",
        "# Formgrader (og alle nbgraders HTML-sider): deltagernes svar kan ikke køre script",
        "# i din browser.",
        f"c.HTMLExporter.preprocessors = {ANSWER_SAFETY!r}",
        "",
        "# Feedback: ingen skjulte test og intet, der hentes fra internettet.",
        f"c.GenerateFeedback.preprocessors = {FEEDBACK_PREPROCESSORS!r}",
    ]
    # Only for feedback: formgrader's grading page needs its own script addresses.
    lines += [f"c.GenerateFeedback.HTMLExporter.{name} = ''" for name in CDN_URL_OPTIONS]
    lines += [
        "",
        "# Feedback på dansk: kursets udgave af nbgraders skabelon 'feedback'. Kun til",
        "# feedback: formgrader skal bruge sin egen skabelon (ellers HTTP 500).",
        "from digileder.teacher.config import feedback_template_dirs  # noqa: E402",
        "c.GenerateFeedback.HTMLExporter.extra_template_basedirs = feedback_template_dirs()",
        "",
        *sandbox_lines(),
    ]
    return "\n".join(lines) + "\n"


def sandbox_lines() -> list[str]:
    """The sandbox's limits as commented lines with their Danish help and default.

    Read from the Sandbox class itself, so the file always names the traits that exist."""
    from digileder.teacher.sandbox import Sandbox

    lines = ["# Sandkassen (digileder grade): grænser for hver aflevering. Fjern # foran en",
             "# linje for at ændre grænsen. Se docs/underviservejledning.md, trin 7."]
    for name, trait in sorted(Sandbox.class_traits(config=True).items()):
        lines += textwrap.wrap(trait.help, width=88, initial_indent="# ",
                               subsequent_indent="# ")
        lines.append(f"# c.Sandbox.{name} = {trait.default_value!r}")
    return lines


def feedback_template_dirs() -> list[str]:
    """Where nbconvert finds the Danish feedback template (and nbgrader's own, as fallback)."""
    import nbgrader

    nbgrader_templates = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
    return [str(Path(__file__).parent / "feedback_template"),
            str(nbgrader_templates / "templates")]


def ensure_nbgrader_tools() -> None:
    """nbgrader shells out to `alembic`; put this Python's bin folder first on PATH."""
    import sys

    bin_dir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if parts[:1] != [bin_dir]:
        os.environ["PATH"] = os.pathsep.join([bin_dir, *parts])


def load_course_config(root: Path, **overrides) -> Config:
    """Read ROOT/nbgrader_config.py; CourseDirectory.root is always ROOT.

    Every teacher command starts here, so this is also where the course's own folders are
    made private (private_files): older course roots and folders nbgrader adds later too."""
    path = root / "nbgrader_config.py"
    if not path.is_file():
        raise TeacherError(f"{path} findes ikke. Opret holdet med: digileder course init {root}")
    try:
        cfg = PyFileConfigLoader(path.name, path=str(root)).load_config()
    except Exception as err:  # a teacher's typo in the config file
        raise TeacherError(f"{path} kan ikke læses: {err}. Ret filen, og prøv igen.") from None
    cfg.CourseDirectory.root = str(root)
    if "db_url" not in cfg.CourseDirectory:
        cfg.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    for dotted, value in overrides.items():
        section, name = dotted.split("__")
        cfg[section][name] = value
    private_files.secure_course(root, bool(cfg.CourseDirectory.get("groupshared", False)))
    ensure_nbgrader_tools()
    warn_unsafe_formgrader(path, cfg)
    return cfg


_WARNED: set[Path] = set()


def warn_unsafe_formgrader(path: Path, cfg: Config) -> None:
    """Say once (on stderr) when a course root made before formgrader_safety lets
    participants' answers run script in formgrader; the teacher adds one line to fix it."""
    if path in _WARNED or ANSWER_SAFETY[0] in cfg.HTMLExporter.get("preprocessors", []):
        return
    _WARNED.add(path)
    import sys

    print(f"Advarsel: {path} mangler en linje, så Formgrader viser deltagernes svar uden at "
          "fjerne script. Et svar med fx <img onerror=...> kan så køre i din browser, når du "
          "bedømmer. Tilføj linjen nederst i filen, og genstart JupyterLab:\n"
          f"c.HTMLExporter.preprocessors = {ANSWER_SAFETY!r}", file=sys.stderr)


def make_api(cfg: Config):
    """An nbgrader API object for the configuration (imported late: nbgrader is slow)."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    ensure_nbgrader_tools()
    return NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg)
