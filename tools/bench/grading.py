"""Grading: N generated A1 submissions graded by serial `nbgrader autograde` (the CLI, as
nbgrader's docs teach it) and by `digileder grade` with 1 and N workers, side by side; the
N-worker run once in the sandbox (the default) and right after it with --uden-sandkasse, so
the sandbox's cost is an A/B measured back to back.

Each grader gets its own copy of the same course root (same gradebook, same submissions),
so the runs cannot disturb each other; afterwards the auto scores of every grade cell in the
three gradebooks must be identical.
"""

from __future__ import annotations

import copy
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from measure import summarize

ASSIGNMENT = "a1-laes-tallene"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
BIN = Path(sys.executable).parent
STUB = "# SKRIV DIN KODE HER\nraise NotImplementedError()"

RIGHT = {
    "a1-q1": "svar = data.survey()",
    "a1-q2": 'ledere = svar[svar["gruppe"] == "leder"]\nantal_ledere = len(ledere)',
    "a1-q3": 'andel_gevinster = ledere["udfordring_gevinster"].mean()',
    "a1-q4": ('andel_m = svar[svar["gruppe"] == "medarbejder"]["udfordring_gevinster"].mean()\n'
              "forskel = (andel_gevinster - andel_m) * 100"),
    "a1-q5": 'andele = stats.share_table(ledere, "udfordring_gevinster", by="omraade")',
    "a1-q6": ('figur = charts.share_bars(andele, "omraade", chart_title="Gevinster pr. område",'
              ' description="Søjler med andelen pr. område", simulated=True)'),
}
# Typical mistakes: each replaces one or two answers of RIGHT.
WRONG = [
    {"a1-q2": "ledere = svar\nantal_ledere = len(ledere)"},
    {"a1-q3": "andel_gevinster = 0.46 * 100"},
    {"a1-q3": 'andel_gevinster = svar["udfordring_gevinster"].mean()'},
    {"a1-q4": "forskel = andel_gevinster - 0.3"},
    {"a1-q5": 'andele = stats.share_table(ledere, "udfordring_gevinster", by="niveau")'},
    {"a1-q6": 'figur = charts.share_bars(andele, "omraade", chart_title="T", description="")'},
    {"a1-q2": 'ledere = svar[svar["gruppe"] == "medarbejder"]\nantal_ledere = len(ledere)',
     "a1-q4": "forskel = 12"},
]
# Broken: exceptions, syntax errors, names that do not exist, or nothing done at all.
BROKEN = [
    {"a1-q1": "svar = data.surevy()"},
    {"a1-q2": 'ledere = svar[svar["gruppe"] == "leder"\nantal_ledere = len(ledere)'},
    {"a1-q5": 'andele = stats.share_table(ledere, "findes_ikke", by="omraade")'},
    {"a1-q3": "andel_gevinster = ledere.udfordring_gevinster.mean(", "a1-q6": "figur = None"},
    None,  # untouched release notebook
]
TEXTS = ["Plan skiller sig ud, men intervallerne er brede, så jeg vil spørge mere ind.",
         "Forskellen er lille. Jeg vil tale med afdelingslederne, før vi handler.",
         "SKRIV DIT SVAR HER"]


def _cell(nb: dict, grade_id: str) -> dict:
    return next(c for c in nb["cells"]
                if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)


def _answered(release: dict, answers: dict[str, str] | None, text: str) -> dict:
    nb = copy.deepcopy(release)
    if answers is None:
        return nb
    for grade_id, code in answers.items():
        cell = _cell(nb, grade_id)
        cell["source"] = "".join(cell["source"]).replace(STUB, code)
    _cell(nb, "a1-q7")["source"] = text
    return nb


def make_submissions(release_path: Path, count: int, seed: int = 2016) -> dict[str, tuple]:
    """COUNT submissions: about 50 pct. right, 30 pct. wrong, 20 pct. broken (seeded)."""
    release = json.loads(release_path.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    out = {}
    for i in range(count):
        roll = rng.random()
        text = rng.choice(TEXTS)
        if roll < 0.5:
            kind, answers = "rigtig", dict(RIGHT)
        elif roll < 0.8:
            kind, answers = "forkert", dict(RIGHT, **rng.choice(WRONG))
        else:
            broken = rng.choice(BROKEN)
            kind, answers = "fejler", (None if broken is None else dict(RIGHT, **broken))
        out[f"d{i + 1:03d}"] = (kind, _answered(release, answers, text))
    return out


def prepare(base: Path, count: int, timeout: int = 30) -> Path:
    """A course root with A1 generated and COUNT submissions in submitted/."""
    from digileder.teacher import course_init, workflow

    if base.exists():
        _rmtree(base)
    root = base / "hold"
    course_init.init_course(root, timeout=timeout, report=lambda *_: None)
    workflow.generate(root, ASSIGNMENT)
    subs = make_submissions(root / "release" / ASSIGNMENT / NOTEBOOK, count)
    for student, (_kind, nb) in subs.items():
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / NOTEBOOK).write_text(json.dumps(nb, ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    kinds = [k for k, _ in subs.values()]
    (base / "kinds.json").write_text(json.dumps({k: kinds.count(k) for k in set(kinds)}))
    return root


def _rmtree(path: Path) -> None:
    for item in path.rglob("*"):
        if not item.is_symlink():
            item.chmod(0o755 if item.is_dir() else 0o644)
    shutil.rmtree(path)


def _env(what_if: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"  # nbgrader shells out to alembic
    if what_if:
        env["PYTHONPATH"] = str(_what_if_dir())
    return env


def _what_if_dir() -> Path:
    """A sitecustomize.py that keeps jsonschema from importing rfc3987_syntax (~1 s CPU per
    kernel start; altair never checks the "iri" format). The proposed fix, tried on the
    grading run without changing the package."""
    folder = Path("/tmp/bench/what-if")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(
        "import sys\nsys.modules.setdefault('rfc3987_syntax', None)\n")
    return folder


def digileder_cmd() -> list[str]:
    """`digileder grade` once the lead has wired it in; the teacher CLI module until then."""
    exe = BIN / "digileder"
    probe = subprocess.run([str(exe), "grade", "--help"], capture_output=True, env=_env())
    if probe.returncode == 0:
        return [str(exe)]
    return [str(BIN / "python"), "-m", "digileder.teacher.cli"]


def run_grader(name: str, cmd: list[str], cwd: Path, log: Path, what_if: bool = False) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.run(cmd, cwd=cwd, env=_env(what_if), stdout=out, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time of the grader and every process it waited for (its kernels): unlike wall
    # time it hardly changes when other work shares the machine.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"grader": name, "command": " ".join(Path(cmd[0]).name if i == 0 else c
                                                for i, c in enumerate(cmd)),
            "wall_s": seconds, "cpu_s": cpu, "exit_code": proc.returncode, "log": str(log)}


def grades(root: Path) -> dict[str, dict]:
    """student -> {grade cell: auto score} from a course root's gradebook."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(ASSIGNMENT):
            scores = {}
            for nb in sub.notebooks:
                for g in nb.grades:
                    scores[f"{nb.name}/{g.name}"] = g.auto_score
            out[sub.student.id] = scores
    return out


def bench(count: int = 100, workers: list[int] | None = None, repeat: int = 1,
          base: Path = Path("/tmp/bench/grading"), what_if: bool = False) -> dict:
    """Serial nbgrader CLI, then `digileder grade` with each worker count in WORKERS."""
    cores = os.cpu_count() or 2
    workers = workers or [1, cores]
    template = prepare(base / "template", count)
    kinds = json.loads((base / "template" / "kinds.json").read_text())
    dl = digileder_cmd()

    def digileder(n: int, *extra: str):
        return lambda r: [*dl, "grade", ASSIGNMENT, "--course", str(r), "--workers", str(n),
                          *extra]

    graders = [("nbgrader autograde (seriel CLI)",
                lambda r: [str(BIN / "nbgrader"), "autograde", ASSIGNMENT])]
    graders += [(f"digileder grade, {n} proces{'ser' if n > 1 else ''}", digileder(n))
                for n in workers]
    most = max(workers)
    unboxed = f"--uden-sandkasse, {most} proces{'ser' if most > 1 else ''}"
    graders.append((unboxed, digileder(most, "--uden-sandkasse")))
    if what_if:
        n = max(workers)
        graders.append((f"forslag: {n} processer uden rfc3987_syntax", digileder(n)))
    runs: dict[str, list[dict]] = {name: [] for name, _ in graders}
    results: dict[str, dict] = {}
    for rep in range(repeat):
        for index, (name, make_cmd) in enumerate(graders):
            root = base / f"run{rep}-{index}" / "hold"
            if root.parent.exists():
                _rmtree(root.parent)
            shutil.copytree(template, root, symlinks=True)
            run = run_grader(name, make_cmd(root), root, root.parent / "log.txt",
                             what_if=name.startswith("forslag"))
            got = grades(root)
            run["graded"] = len(got)
            runs[name].append(run)
            results[name] = got
            print(f"  {name}: {run['wall_s']:.0f} s ({run['wall_s'] / count:.2f} s pr. "
                  f"aflevering; CPU {run['cpu_s'] / count:.2f} s), {len(got)} bedømt, "
                  f"kode {run['exit_code']}", flush=True)
    reference = results[graders[0][0]]
    rows = []
    for name, _ in graders:
        walls = [r["wall_s"] for r in runs[name]]
        rows.append({"grader": name, "command": runs[name][0]["command"],
                     "wall_s": summarize(walls),
                     "per_submission_s": summarize([w / count for w in walls]),
                     "cpu_s": summarize([r["cpu_s"] for r in runs[name]]),
                     "cpu_per_submission_s": summarize([r["cpu_s"] / count
                                                        for r in runs[name]]),
                     "graded": runs[name][-1]["graded"],
                     "exit_codes": [r["exit_code"] for r in runs[name]],
                     "identical_to_nbgrader": results[name] == reference,
                     "differences": sorted(s for s in set(reference) | set(results[name])
                                           if reference.get(s) != results[name].get(s))[:10]})
    serial = rows[0]["wall_s"]["median"]
    for row in rows:
        row["speedup_vs_nbgrader"] = serial / row["wall_s"]["median"]
    boxed = next(r for r in rows if r["grader"].startswith(f"digileder grade, {most} "))
    plain = next(r for r in rows if r["grader"] == unboxed)
    # Wall time only: CPU time of processes in bwrap's PID namespace never reaches the
    # grader's RUSAGE_CHILDREN, so the sandboxed rows' CPU column shows too little.
    sandbox_cost = {
        "wall_pct": 100 * (boxed["wall_s"]["median"] / plain["wall_s"]["median"] - 1),
        "identical": results[boxed["grader"]] == results[unboxed]}
    print(f"  sandkassen: {sandbox_cost['wall_pct']:+.1f} % vægtid mod --uden-sandkasse; "
          f"ens karakterer: {sandbox_cost['identical']}", flush=True)
    totals = {}
    for student, scores in reference.items():
        totals[student] = sum(v or 0 for v in scores.values())
    return {"submissions": count, "kinds": kinds, "workers": workers, "repeat": repeat,
            "rows": rows, "sandbox_cost": sandbox_cost,
            "score_distribution": _distribution(totals)}


def _distribution(totals: dict[str, float]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in totals.values():
        counts[f"{value:g}"] = counts.get(f"{value:g}", 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: float(kv[0])))
