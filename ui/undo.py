"""The QUndoStack adapter: one QUndoCommand per domain Command, written to the project at once.

There is no Save: redo() (also run when the command is pushed) and undo()
each go through ``store.annotations.apply`` as one committed transaction.  If
the store refuses (the rows changed in another window or process, or the disk
failed), the command marks itself obsolete, so Qt drops it from the stack
instead of leaving an entry that would undo something that never happened,
and the ``failed`` callback tells the view to reload and say why.
"""

from __future__ import annotations

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
        self._applied = applied
        self._failed = failed
        self.ok = False

    def _run(self, command: Command) -> None:
        try:
            apply(self.project, command, self.actor)
        except ProjectError as exc:
            self.ok = False
            self.setObsolete(True)
            if self._failed is not None:
                self._failed(command, str(exc))
            return
        self.ok = True
        if self._applied is not None:
            self._applied(command)

    def redo(self) -> None:
        self._run(self.command)

    def undo(self) -> None:
        self._run(self.command.inverse())


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
