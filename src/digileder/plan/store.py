"""Gather what the participant saved (through the answers registry) and keep the plan's
draft, so a kernel restart loses nothing."""

from __future__ import annotations

from dataclasses import asdict

from digileder import answers, notes
from digileder.plan.model import (
    ACTION_COUNT,
    BENEFITS_KEY,
    FOCUS_KEY,
    MESSAGE_KEY,
    STATE_FILE,
    Action,
    LeadershipPlan,
    Material,
)

UNUSABLE = "Din seneste vurdering af digital modenhed kan ikke bruges i planen."
REDO = "Lav vurderingen igen i modul 03, og gem den."


def _maturity_parts(notices: list[str]) -> tuple[dict | None, dict[str, str], list[dict]]:
    """Latest scores, dimension names and suggestions; (None, {}, []) if unavailable."""
    try:
        from digileder import maturity

        history, read = maturity.read_history()
        notices += [read.notice] if read.notice else []
        if not history:
            return None, {}, []
        instrument = maturity.load_items()
        # A file saved by an older version or edited by hand: show what the course knows.
        scores = maturity.known_scores(history[-1]["scores"], instrument)[0]
        why = maturity.skipped_text(history[-1]["scores"], instrument)
        if why and not scores:
            notices.append(f"{UNUSABLE} {why} {REDO}")
        elif why:
            notices.append(f"Noget i din seneste vurdering af digital modenhed er ikke med i "
                           f"planen. {why}")
        if not scores:
            return None, {}, []
        names = {d.id: d.name for d in instrument.dimensions}
        return scores, names, maturity.suggestions(scores, instrument)
    except (ImportError, ValueError, OSError, KeyError):
        # ValueError covers DataError/MaturityFileError: a broken file must not stop the plan.
        return None, {}, []


def _benefits_html(notices: list[str]) -> str:
    """The benefits plan as a table, if the saved rows are complete; '' otherwise."""
    try:
        from digileder import benefits_plan
    except ImportError:
        return ""
    saved, notice = benefits_plan.read_saved()
    notices += [notice] if notice else []
    return saved.to_html() if not saved.problems() else ""


def gather() -> Material:
    """Saml alt, hvad du har gemt i mine-svar, til planen."""
    reflections, notices = notes.read_all()
    scores, names, suggestions = _maturity_parts(notices)
    message = reflections.pop(MESSAGE_KEY, {}).get("text", "")
    benefits_entry = reflections.pop(BENEFITS_KEY, {})
    reflections.pop(FOCUS_KEY, None)  # shown as the plan's focus, not again as a reflection
    runs = {}
    from digileder.scenarios.runs import read_saved_run

    for answer, path in answers.saved_files():
        if answer.kind is answers.AnswerKind.RUN:
            run, notice = read_saved_run(path.stem)
            notices += [notice] if notice else []
            if run:
                runs[path.stem] = run
    return Material(
        scores=scores, dimension_names=names, suggestions=suggestions, reflections=reflections,
        message=message, benefits=benefits_entry.get("text", ""),
        benefits_html=_benefits_html(notices) if benefits_entry else "", runs=runs,
        notices=notices,
    )


def save_draft(plan: LeadershipPlan, seen: answers.Seen | None = None) -> answers.SaveResult:
    """Gem navn, fokus og handlinger (også halvfærdige), så intet går tabt ved genstart."""
    return answers.write_json(STATE_FILE, {"name": plan.name, "focus": plan.focus,
                                           "actions": [asdict(a) for a in plan.actions]}, seen)


def _is_draft(state: dict) -> bool:
    actions = state.get("actions", [])
    return (answers.only_known_keys(state, ("name", "focus", "actions"))
            and isinstance(state.get("name", ""), str) and isinstance(state.get("focus", ""), str)
            and isinstance(actions, list)
            and all(isinstance(a, dict) and all(isinstance(v, str) for v in a.values())
                    for a in actions))


def read_draft(seen: answers.Seen | None = None) -> tuple[LeadershipPlan, str]:
    """(dit gemte udkast uden materialet, dansk besked om en fil, der er flyttet til side)."""
    result = answers.read_json(STATE_FILE, _is_draft, seen)
    state = result.data or {}
    actions = [Action(**{k: raw.get(k, "") for k in ("what", "owner", "due")})
               for raw in state.get("actions", [])]
    actions = (actions + [Action() for _ in range(ACTION_COUNT)])[:ACTION_COUNT]
    plan = LeadershipPlan(name=state.get("name", ""), focus=state.get("focus", ""),
                          actions=actions)
    return plan, result.notice


def load_draft() -> LeadershipPlan:
    """Dit gemte udkast (uden materialet), eller en tom plan."""
    return read_draft()[0]
