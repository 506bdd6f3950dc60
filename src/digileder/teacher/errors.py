"""The one error type the teacher commands raise (message in Danish).

A ValueError, so digileder.cli.main prints it as "Fejl: ..." without a traceback.
"""


class TeacherError(ValueError):
    """Noget er galt med holdet eller kommandoen; beskeden siger, hvad du skal gøre."""
