"""Danish text for argparse, so a teacher never meets English help or error messages."""

from __future__ import annotations

import argparse

ARGPARSE_DANISH = {
    "usage: ": "brug: ",
    "options": "tilvalg",
    "positional arguments": "argumenter",
    "show this help message and exit": "vis denne hjælp, og afslut",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fejl: %(message)s\n",
    "the following arguments are required: %s": "du mangler at angive: %s",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ugyldigt valg: %(value)r (vælg mellem %(choices)s)",
    "invalid %(type)s value: %(value)r": "ugyldig værdi: %(value)r",
    "expected one argument": "skal have én værdi",
    "expected at least one argument": "skal have mindst én værdi",
    "expected at most one argument": "må højst have én værdi",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s":
        "tvetydigt tilvalg: %(option)s kan betyde %(matches)s",
    "not allowed with argument %s": "kan ikke bruges sammen med %s",
    "one of the arguments %s is required": "du skal angive et af argumenterne %s",
}


def install() -> None:
    """Route argparse's messages through the Danish table (argparse looks up `_` at call time)."""
    argparse._ = lambda message: ARGPARSE_DANISH.get(message, message)
