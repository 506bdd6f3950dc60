"""Does a course update touch only the files the course wrote itself?"""

from __future__ import annotations

import json
import shutil

import pytest

from digileder.owned_copy import MANIFEST, OwnedCopyError, copy_owned


def _tree(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _text(path):
    return path.read_text(encoding="utf-8")


def test_an_update_keeps_the_learners_edits_answers_and_own_files(tmp_path):
    """Are edited course files, mine-svar/ and the learner's own files left alone?"""
    v1 = _tree(tmp_path / "v1", {"modules/00.ipynb": "v1", "modules/01.ipynb": "v1",
                                 "gammel.md": "v1", "rettet.md": "v1"})
    home = tmp_path / "kursus"
    first = copy_owned(v1, home, "kurset", keep_edited=True)
    assert sorted(first.added) == ["gammel.md", "modules/00.ipynb", "modules/01.ipynb",
                                   "rettet.md"]
    (home / "modules/01.ipynb").write_text("mit svar", encoding="utf-8")
    (home / "rettet.md").write_text("min note", encoding="utf-8")
    _tree(home, {"mine-svar/plan.json": "{}", "egne/noter.txt": "mine"})

    v2 = _tree(tmp_path / "v2", {"modules/00.ipynb": "v2", "modules/01.ipynb": "v2",
                                 "modules/09.ipynb": "ny"})
    report = copy_owned(v2, home, "kurset", keep_edited=True)

    assert _text(home / "modules/00.ipynb") == "v2"
    assert _text(home / "modules/01.ipynb") == "mit svar"
    assert _text(home / "modules/09.ipynb") == "ny"
    assert not (home / "gammel.md").exists(), "an untouched file the course dropped stays"
    assert _text(home / "rettet.md") == "min note"
    assert _text(home / "mine-svar/plan.json") == "{}"
    assert _text(home / "egne/noter.txt") == "mine"
    assert report.updated == ["modules/00.ipynb"] and report.removed == ["gammel.md"]
    assert sorted(report.kept) == ["modules/01.ipynb", "rettet.md"]
    assert any("Ikke rørt" in line for line in report.lines())
    # A second run with nothing new changes nothing and still keeps the edit.
    again = copy_owned(v2, home, "kurset", keep_edited=True)
    assert not (again.added or again.updated or again.removed)
    assert _text(home / "modules/01.ipynb") == "mit svar"


def test_the_bundle_mode_replaces_course_files_but_never_foreign_ones(tmp_path):
    """Does keep_edited=False replace the course's own files, and only those?"""
    v1 = _tree(tmp_path / "v1", {"README.md": "v1"})
    target = tmp_path / "repo"
    _tree(target, {".git/HEAD": "ref: refs/heads/main"})
    copy_owned(v1, target, "en deltagerudgave", keep_edited=False)
    (target / "README.md").write_text("rettet i hånden", encoding="utf-8")
    _tree(target, {"NOTER.md": "underviserens"})
    v2 = _tree(tmp_path / "v2", {"README.md": "v2", "NOTER.md": "kursets"})
    report = copy_owned(v2, target, "en deltagerudgave", keep_edited=False)
    assert _text(target / "README.md") == "v2"
    assert _text(target / "NOTER.md") == "underviserens"
    assert _text(target / ".git/HEAD") == "ref: refs/heads/main"
    assert report.kept == ["NOTER.md"]
    assert "NOTER.md" not in json.loads(_text(target / MANIFEST))["filer"]


def test_a_folder_the_course_did_not_make_is_refused(tmp_path):
    """Is a non-empty folder without a manifest (a home folder) left exactly as it was?"""
    home = _tree(tmp_path / "hjem", {"dokumenter/budget.xlsx": "vigtigt", "README.md": "mit"})
    source = _tree(tmp_path / "v1", {"README.md": "kurset"})
    with pytest.raises(OwnedCopyError, match="ikke tom"):
        copy_owned(source, home, "kurset", keep_edited=True)
    assert _text(home / "README.md") == "mit"
    assert not (home / MANIFEST).exists()


@pytest.mark.parametrize("manifest", ['{"filer": {"../udenfor.txt": "x"}}', "ikke json",
                                      '{"filer": {"/etc/passwd": "x"}}', '{"filer": []}'])
def test_a_broken_or_hostile_manifest_is_refused(tmp_path, manifest):
    """Can a hand-edited manifest make the course delete or write outside its folder?"""
    outside = _tree(tmp_path, {"udenfor.txt": "x"}) / "udenfor.txt"
    target = tmp_path / "kursus"
    target.mkdir()
    (target / MANIFEST).write_text(manifest, encoding="utf-8")
    source = _tree(tmp_path / "v1", {"a.md": "a"})
    with pytest.raises(OwnedCopyError, match="beskadiget"):
        copy_owned(source, target, "kurset", keep_edited=False)
    assert outside.is_file()
    assert not (target / "a.md").exists()


def test_a_symlink_at_a_course_path_is_not_followed(tmp_path):
    """Does an update write through a symlink the owner placed at a course file's path?"""
    secret = _tree(tmp_path, {"andet/fil.txt": "behold"}) / "andet" / "fil.txt"
    source = _tree(tmp_path / "v1", {"a.md": "kurset"})
    target = tmp_path / "kursus"
    copy_owned(source, target, "kurset", keep_edited=False)
    (target / "a.md").unlink()
    (target / "a.md").symlink_to(secret)
    report = copy_owned(source, target, "kurset", keep_edited=False)
    assert _text(secret) == "behold"
    assert report.kept == ["a.md"]


def test_the_answers_folder_is_never_copied_or_touched(tmp_path):
    """Do the bundle and the edition skip the participant's answers folder, by its real name?"""
    from digileder import participant_edition
    from digileder.answers import is_participant_path
    from digileder.paths import ANSWERS_FOLDER

    assert is_participant_path(f"{ANSWERS_FOLDER}/budskab.json")
    assert participant_edition.IGNORE(str(tmp_path), [ANSWERS_FOLDER]) == {ANSWERS_FOLDER}


def test_the_answers_folder_name_is_written_once_and_the_edition_stays_stdlib_only():
    """Do paths and participant_edition take the folder name from folders.py (never by hand),
    and does participant_edition still load without the package, as setup.py loads it?"""
    import subprocess
    import sys
    from pathlib import Path

    from digileder import folders, participant_edition, paths

    assert participant_edition.ANSWERS_FOLDER == paths.ANSWERS_FOLDER == folders.ANSWERS_FOLDER
    source = Path(participant_edition.__file__).read_text(encoding="utf-8")
    assert folders.ANSWERS_FOLDER not in source  # only the constant, so a rename reaches it
    # -I -S: no site-packages, so no digileder and no third-party package can be imported.
    loaded = subprocess.run(
        [sys.executable, "-I", "-S", "-c",
         "import importlib.util, sys\n"
         "spec = importlib.util.spec_from_file_location('edition', sys.argv[1])\n"
         "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n"
         "print(module.ANSWERS_FOLDER, 'digileder' in sys.modules)",
         participant_edition.__file__], capture_output=True, text=True, timeout=60)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.split() == [folders.ANSWERS_FOLDER, "False"]


def test_registered_answer_files_are_never_shipped_or_overwritten(tmp_path):
    """Does the copy ask the answers registry what is the participant's, wherever it lies?

    A saved plan or scenario run copied next to a notebook, or a nested mine-svar folder, is
    not shipped; the course's own JSON data still is; an update leaves the participant's file
    alone even if an old manifest names it (it refuses, in Danish, and changes nothing)."""
    from digileder.owned_copy import source_files

    source = _tree(tmp_path / "kilde", {
        "modules/08.ipynb": "{}", "modules/ledelsesplan.json": "{\"focus\": \"mit\"}",
        "modules/min-digitale-ledelsesplan.html": "<p>min plan</p>",
        "modules/scenarier/sensorer-i-byen.json": "{}", "gammel/mine-svar/budskab.json": "{}",
        "datasets/datapackage.json": "{}", "datasets/scenarios/sensorer-i-byen.yml": "x: 1"})
    assert sorted(source_files(source)) == [
        "datasets/datapackage.json", "datasets/scenarios/sensorer-i-byen.yml",
        "modules/08.ipynb"]

    target = _tree(tmp_path / "kursus", {"modules/ledelsesplan.json": "deltagerens"})
    digest = __import__("hashlib").sha256(b"deltagerens").hexdigest()
    (target / MANIFEST).write_text(json.dumps({"filer": {"modules/ledelsesplan.json": digest}}),
                                   encoding="utf-8")
    with pytest.raises(OwnedCopyError, match="beskadiget"):
        copy_owned(source, target, "kurset", keep_edited=True)
    assert _text(target / "modules/ledelsesplan.json") == "deltagerens"


def test_never_writes_or_deletes_through_a_symlinked_folder(tmp_path):
    """A folder in the bundle replaced by a link (a pulled git repo may carry one) must not
    lead the update to change or delete files somewhere else."""
    v1 = _tree(tmp_path / "v1", {"datasets/a.yml": "a1", "datasets/gone.txt": "g"})
    v2 = _tree(tmp_path / "v2", {"datasets/a.yml": "a2"})
    target = tmp_path / "bundle"
    copy_owned(v1, target, "en deltagerudgave", keep_edited=False)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(target / "datasets", elsewhere)
    shutil.rmtree(target / "datasets")
    (target / "datasets").symlink_to(elsewhere, target_is_directory=True)
    report = copy_owned(v2, target, "en deltagerudgave", keep_edited=False)
    assert (elsewhere / "a.yml").read_text() == "a1" and (elsewhere / "gone.txt").exists()
    assert {"datasets/a.yml", "datasets/gone.txt"} <= set(report.kept)
