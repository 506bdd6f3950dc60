"""A fixed DeduplicateIds for autograde (nbgrader issue #1083).

When a participant copies a graded cell, nbgrader's DeduplicateIds empties the copy's
nbgrader metadata to {}, and CheckCellMetadata then stops the whole submission with
"old version of the nbgrader metadata format". This keeps the same cell nbgrader keeps
(the last one) and removes the metadata key from the copies instead, so the copy is an
ordinary cell and the submission is graded.
"""

from __future__ import annotations

from nbgrader import utils
from nbgrader.preprocessors import DeduplicateIds


class DeduplicateIdsFixed(DeduplicateIds):
    """Fjerner bedømmelsesmærket fra kopierede celler, så afleveringen kan bedømmes."""

    def preprocess_cell(self, cell, resources, cell_index):
        if not (utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell)):
            return cell, resources
        grade_id = cell.metadata.nbgrader["grade_id"]
        if grade_id in self.grade_ids:
            self.log.warning("Cell with id '%s' exists multiple times!", grade_id)
            del cell.metadata["nbgrader"]
        else:
            self.grade_ids.add(grade_id)
        return cell, resources
