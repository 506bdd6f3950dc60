"""The one error type the teacher commands raise (message in Danish)."""


class TeacherError(Exception):
    """Noget er galt med holdet eller kommandoen; beskeden siger, hvad du skal gøre."""
