"""Errors with a one-line message and a documented exit code (see README, "Exit codes")."""

from __future__ import annotations


class StorybriefError(Exception):
    """Base class: ``str(err)`` is a complete one-line message for the user."""

    exit_code = 1


class InputNotFoundError(StorybriefError):
    """The path does not exist, or a folder holds no readable article."""

    exit_code = 3


class InputFormatError(StorybriefError):
    """The input could not be parsed in the requested or detected format."""

    exit_code = 4


class EmptyInputError(StorybriefError):
    """Nothing left to summarize (no documents, or only blank/boilerplate ones)."""

    exit_code = 5


class OptionError(StorybriefError):
    """An option has an invalid value (unknown method, budget below one word, ...)."""

    exit_code = 2


class BudgetError(StorybriefError):
    """There are sentences, but none fits the word budget (``--max-words`` too small)."""

    exit_code = 6
