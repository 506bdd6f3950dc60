"""Names of the course's own folders: the one place they are written.

Standard library only, and no imports at all: participant_edition.py loads this file by its
path while the wheel is built, before the package's dependencies are installed.
"""

# The participant's answers folder in a course folder; course updates and bundles never touch it.
ANSWERS_FOLDER = "mine-svar"
