"""Errors every face knows how to show.

The core raises :class:`InputError` for anything a user can fix (a profile field, an option id,
a CSV row, an override). It carries *all* the problems found, each naming the field path and the
reason, so a face can report them at once: the CLI prints them and exits 2, the web app answers
4xx. Nothing in the core prints or exits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field; ``field`` is a dotted path such as ``money.savings``."""

    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


class CrossroadsError(Exception):
    """Base class of errors the faces turn into a clear message (never a traceback)."""


class InputError(CrossroadsError):
    """Bad input from the user; ``errors`` lists every problem found, not just the first."""

    def __init__(self, errors: list[FieldError] | FieldError, context: str = "") -> None:
        self.errors: list[FieldError] = [errors] if isinstance(errors, FieldError) else list(errors)
        self.context = context
        super().__init__(self.message())

    #: At most this many problems are listed in :meth:`message` (all stay in ``errors``): a file
    #: with 100,000 misspelt keys gets a readable message, not 100,000 lines.
    MAX_LISTED = 50

    def message(self) -> str:
        head = f"{self.context}: " if self.context else ""
        n = len(self.errors)
        lines = [f"{head}{n:,} problem{'s' if n != 1 else ''} found"]
        lines += [f"  - {e}" for e in self.errors[: self.MAX_LISTED]]
        if n > self.MAX_LISTED:
            lines.append(f"  ... and {n - self.MAX_LISTED:,} more")
        return "\n".join(lines)

    @classmethod
    def one(cls, field: str, reason: str, context: str = "") -> InputError:
        return cls([FieldError(field, reason)], context)
