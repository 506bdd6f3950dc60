"""The package's one error for course files (core: imports nothing from the package)."""


class DataError(ValueError):
    """A course data file is missing or does not match its schema (message in Danish)."""
