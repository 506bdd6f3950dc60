"""A fixed DeduplicateIds for autograde (nbgrader issue #1083).

When a participant copies a graded cell (JupyterLab copies its nbgrader metadata too),
nbgrader's DeduplicateIds keeps the last copy and empties the others' metadata to {}, and
CheckCellMetadata then stops the whole submission with "old version of the nbgrader metadata
format". This keeps ONE cell per id and removes the metadata key from the other copies, so
they are ordinary cells and the submission is graded. For an answer cell the kept one is the
copy the participant wrote in (its text differs from the released stub); otherwise, as
nbgrader does, the last one. grading.py tells the teacher which cells were copied.
"""

from __future__ import annotations

from nbgrader import utils
from nbgrader.preprocessors import DeduplicateIds


def _written_in(cell) -> bool:
    """Did the participant change this answer cell from what was released?"""
    checksum = cell.metadata.nbgrader.get("checksum")
    return bool(checksum) and utils.is_solution(cell) and \
        utils.compute_checksum(cell) != checksum


class DeduplicateIdsFixed(DeduplicateIds):
    """Beholder én celle pr. id (den med deltagerens svar) og gør kopierne til almindelige."""

    def preprocess(self, nb, resources):
        keep: dict[str, int] = {}
        for index, cell in enumerate(nb.cells):
            if not (utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell)):
                continue
            grade_id = cell.metadata.nbgrader.get("grade_id")
            kept = keep.get(grade_id)
            if kept is None or _written_in(cell) or not _written_in(nb.cells[kept]):
                keep[grade_id] = index
        for index, cell in enumerate(nb.cells):
            if "nbgrader" not in cell.metadata:
                continue
            grade_id = cell.metadata.nbgrader.get("grade_id")
            if grade_id in keep and keep[grade_id] != index:
                self.log.warning("Cell with id '%s' exists multiple times!", grade_id)
                del cell.metadata["nbgrader"]
        return nb, resources
