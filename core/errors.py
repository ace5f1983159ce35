"""Errors a user can act on: the CLI prints them as one line, without a traceback."""
from __future__ import annotations


class CrdeskError(Exception):
    """An error whose message says what is wrong and what to do."""

    exit_code = 1


class PluginError(CrdeskError):
    """A plugin cannot be discovered, ordered, loaded, enabled or disabled."""


class ManifestError(PluginError):
    """A plugin's ``__manifest__.py`` is malformed."""


class DatabaseError(CrdeskError):
    """The database cannot be reached or its schema does not match the code."""


class PermissionDenied(CrdeskError):
    """The acting user lacks the right for an action."""

    exit_code = 3


class ValidationError(CrdeskError):
    """Input (a file, a form, an option) is invalid; nothing was written."""

    exit_code = 2


class NotFound(CrdeskError):
    """The record a command names does not exist."""

    exit_code = 4
