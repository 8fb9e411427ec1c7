"""The exceptions that turn into a one-line reason and exit code 2."""

from __future__ import annotations


class V6portError(Exception):
    """Input that v6port could not read or use. The message names the file or image."""


class UsageError(V6portError):
    """A command line or configuration that does not make sense."""
