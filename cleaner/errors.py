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
