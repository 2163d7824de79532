"""Typed errors. The library raises these and never prints or exits; the CLI turns them into
one-line messages and exit codes."""

from __future__ import annotations


class CleanerError(Exception):
    """Base class of every error cleaner raises on purpose."""


class ConfigError(CleanerError, ValueError):
    """A pipeline was asked for something that does not exist: an unknown filter, preset, option,
    option value or configuration key. The message names the valid choices."""


class InputError(CleanerError):
    """An input could not be read as text: undecodable, binary, too large or unreadable."""


class OutputError(CleanerError):
    """An output could not be written; nothing partial was left behind."""


def unexpected(exc: BaseException) -> str:
    """An exception cleaner did not raise on purpose (a bug, or a library's), in a few words for
    a one-line message: its type and the first line of its text.

    >>> unexpected(ZeroDivisionError("division by zero"))
    'ZeroDivisionError: division by zero'
    """
    text = str(exc).split("\n")[0][:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
