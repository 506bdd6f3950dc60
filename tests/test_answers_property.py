"""Property test: any mix of saves, damage and foreign files never loses the last saved text."""

from __future__ import annotations

import threading
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digileder import notes
from tests.fixtures.answers_folder import fresh_answers_dir

KEY = "04-egenskab"

texts = st.text(max_size=40)
steps = st.lists(st.one_of(
    st.tuples(st.just("save"), texts),
    st.tuples(st.just("save_twice_at_once"), st.tuples(texts, texts)),
    st.tuples(st.just("truncate"), st.integers(0, 30)),
    st.tuples(st.just("garbage"), st.binary(max_size=20)),
    st.tuples(st.just("foreign"), st.sampled_from(["._04-egenskab.json", "x.json", ".tmp"])),
    st.tuples(st.just("read"), st.none()),
), max_size=12)


def _all_contents(folder: Path) -> list[bytes]:
    return [p.read_bytes() for p in folder.rglob("*") if p.is_file()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_last_saved_text_is_never_lost(sequence):
    """Is the last successful save always readable, or kept byte for byte in a set-aside file?"""
    with fresh_answers_dir() as folder:
        _play(sequence, folder)


def _play(sequence, tmp: Path) -> None:
    """Run the steps, checking after each one that the last saved text reads back."""
    folder = tmp / "refleksioner"
    last: str | None = None  # the last text the store said it saved
    damaged: list[bytes] = []  # unreadable files the store met: must survive as they were
    for action, value in sequence:
        path = folder / f"{KEY}.json"
        if action == "save":
            assert notes.save(KEY, value).saved
            last = value
        elif action == "save_twice_at_once":
            results: list = []
            threads = [threading.Thread(target=lambda t=t, into=results: into.append(
                (t, notes.save(KEY, t)))) for t in value]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert all(result.saved for _, result in results)
            last = notes.load(KEY)
            assert last in value
        elif action in ("truncate", "garbage") and path.is_file():
            broken = path.read_bytes()[:value] if action == "truncate" else value
            path.write_bytes(broken)
            text, notice = notes.read(KEY)
            if notice:
                damaged.append(broken)  # unreadable: must be kept, never overwritten
            last = text
        elif action == "foreign":
            folder.mkdir(parents=True, exist_ok=True)
            if value == "x.json":
                (folder / value).mkdir(exist_ok=True)
            else:
                (folder / value).write_bytes(b"\x00\xff")
        elif action == "read":
            notes.load_all()
        if last is not None:
            assert notes.load(KEY) == last
    contents = _all_contents(tmp)
    for broken in damaged:
        assert broken in contents  # set aside byte for byte, never overwritten
