"""`digileder bundle`: the participant-facing tree, without solutions or hidden tests.

The result can be pushed to the repository nbgitpuller pulls from, or zipped for
self-study. It is assembled in a temporary folder and scanned for leaks
(digileder.teacher.leaks) before anything reaches MAPPE. MAPPE is then updated in place
(digileder.owned_copy): only files an earlier bundle wrote are replaced or removed, so `.git`
and everything else in the folder survive, and nbgitpuller's history stays intact.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from digileder import owned_copy, participant_edition
from digileder.teacher.errors import TeacherError
from digileder.teacher.locations import is_inside, repo_root, solutions_dir

WHAT = "en deltagerudgave"


def make_bundle(target: Path, force: bool = False, report=print, selfstudy: bool = False) -> Path:
    """Læg deltagerudgaven af kurset i TARGET og tjek, at ingen løsninger er med.

    SELFSTUDY adds selvstudie/ (rubrics, example answers that unfold after the learner's own
    answer, the visible checks explained); a class bundle never has it."""
    target = target.expanduser().absolute()
    repo = repo_root()
    if is_inside(target, repo) or is_inside(repo, target):
        raise TeacherError(f"{target} er eller ligger i kursets repository. "
                           "Vælg en mappe uden for kursets repository.")
    try:
        earlier = owned_copy.check_target(target, WHAT)
    except owned_copy.OwnedCopyError as err:
        raise TeacherError(str(err)) from None
    if earlier and not force:
        raise TeacherError(
            f"{target} indeholder en tidligere deltagerudgave. Brug --force for at opdatere "
            "den. Kun filer, som den tidligere udgave lagde der, bliver erstattet eller fjernet; "
            ".git og alle andre filer bliver, hvor de er.")
    with tempfile.TemporaryDirectory(prefix="digileder-bundle-") as staging:
        edition = participant_edition.assemble(repo, Path(staging) / "udgave", with_package=True,
                                               selfstudy=selfstudy)
        leaks = participant_edition.find_leaks(edition, solutions_dir())
        if leaks:
            raise TeacherError("Deltagerudgaven indeholder løsninger, så jeg har ikke skrevet "
                               f"noget i {target}:\n- " + "\n- ".join(leaks[:20]))
        try:
            changes = owned_copy.copy_owned(edition, target, WHAT, keep_edited=False)
        except owned_copy.OwnedCopyError as err:
            raise TeacherError(str(err)) from None
    report(f"Deltagerudgaven ligger i {target} (ingen løsninger eller skjulte test fundet).")
    for line in changes.lines() or ["Ingen ændringer siden sidste udgave."]:
        report(f"  {line}")
    return target
