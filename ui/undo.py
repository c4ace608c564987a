"""The QUndoStack adapter: one QUndoCommand per domain Command, written to the project at once.

There is no Save: redo() (also run when the command is pushed) and undo()
each go through ``store.annotations.apply`` as one committed transaction.  If
the store refuses (the rows changed in another window or process, or the disk
failed), the command marks itself obsolete, so Qt drops it from the stack
instead of leaving an entry that would undo something that never happened,
and the ``failed`` callback tells the view to reload and say why.
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from annotate.commands import Command
from store.annotations import apply
from store.errors import ProjectError
from store.project import Project

Notify = Callable[[Command], None]
Failed = Callable[[Command, str], None]


class StoreCommand(QUndoCommand):
    """Applies ``command`` on redo and ``command.inverse()`` on undo, both as ``actor``."""

    def __init__(
        self,
        project: Project,
        command: Command,
        actor: str,
        applied: Notify | None = None,
        failed: Failed | None = None,
    ) -> None:
        super().__init__(command.name)
        self.project = project
        self.command = command
        self.actor = actor
        # Weak: the stack owns this command, and a strong reference back to the pane that
        # holds the stack makes a cycle that the garbage collector tears down in an order
        # that crashes QUndoStack::clear() at exit.
        self._applied = _weakly(applied)
        self._failed = _weakly(failed)
        self.ok = False

    def _run(self, command: Command) -> None:
        try:
            apply(self.project, command, self.actor)
        except ProjectError as exc:
            self.ok = False
            self.setObsolete(True)
            failed = self._failed() if self._failed is not None else None
            if failed is not None:
                failed(command, str(exc))
            return
        self.ok = True
        applied = self._applied() if self._applied is not None else None
        if applied is not None:
            applied(command)

    def redo(self) -> None:
        self._run(self.command)

    def undo(self) -> None:
        self._run(self.command.inverse())


def _weakly(fn: Callable[..., None] | None) -> Callable[[], Callable[..., None] | None] | None:
    """A getter for ``fn``: weak for bound methods (None once their object is gone), strong otherwise."""
    if fn is None:
        return None
    if inspect.ismethod(fn):
        return weakref.WeakMethod(fn)
    return lambda: fn


def push(
    stack: QUndoStack,
    project: Project,
    command: Command,
    actor: str,
    applied: Notify | None = None,
    failed: Failed | None = None,
) -> bool:
    """Do ``command`` now and make it undoable; False (and nothing on the stack) if the store refused."""
    if not command.ops:
        return False
    cmd = StoreCommand(project, command, actor, applied, failed)
    stack.push(cmd)
    return cmd.ok
