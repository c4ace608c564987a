"""Errors a person can act on: each names the project file and says what to do."""

from __future__ import annotations


class ProjectError(Exception):
    """Base class: the message is shown to the user as is, on one line."""


class NotAProjectError(ProjectError):
    """The file is missing, not SQLite, damaged, or another program's database; it is never written."""


class NewerVersionError(ProjectError):
    """The file was written by a newer Hashiya; opening it could lose what that version stored."""


class ReadOnlyProjectError(ProjectError):
    """The file or its folder cannot be written."""


class UpgradeNeededError(ReadOnlyProjectError):
    """An older file opened read-only: its upgrade (a backup, then the migrations) needs a writable open."""


class ProjectBusyError(ProjectError):
    """Another program held the write lock for longer than we are willing to wait."""


class ProjectWriteError(ProjectError):
    """A write failed (disk full, I/O error); the transaction was rolled back, nothing was half-written."""


class ConflictError(ProjectError):
    """The row changed since it was read (another window or process); nothing was written."""
