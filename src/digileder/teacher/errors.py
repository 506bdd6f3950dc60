"""The one error type the teacher commands raise (message in Danish).

A ValueError, so digileder.cli.main prints it as "Fejl: ..." without a traceback.
"""

import errno


class TeacherError(ValueError):
    """Noget er galt med holdet eller kommandoen; beskeden siger, hvad du skal gøre."""


_OS_REASONS = {
    errno.ENOENT: "findes ikke",
    errno.EACCES: "du har ikke adgang til",
    errno.EPERM: "du har ikke lov til at ændre",
    errno.ENOSPC: "der er ikke mere plads på disken ved",
    errno.ENOTDIR: "en del af stien er en fil, ikke en mappe:",
    errno.EISDIR: "det er en mappe, ikke en fil:",
    errno.EROFS: "kan kun læses (skrivebeskyttet):",
    errno.EEXIST: "findes allerede:",
}


def os_error_message(err: OSError) -> str:
    """A Danish sentence for a file-system error (wrong path, no access, full disk)."""
    if err.errno is None:  # raised by our own code with a message of its own
        return str(err)
    reason = _OS_REASONS.get(err.errno, f"fejl fra systemet ({err.strerror or err}) ved")
    where = err.filename or "en fil"
    return f"{reason} {where}. Tjek stien og dine rettigheder, og prøv igen."
