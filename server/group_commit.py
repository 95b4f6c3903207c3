"""Group commit: the pushes waiting in one process applied together, under one feed
lock and one commit.

Why: every push holds the feed writers' lock (PostgreSQL) or the database's one
write lock (SQLite) from numbering its feed rows to its commit (server/ops.py says
why it must), so pushes pass the lock one at a time. Under issue 13's load, 200
devices on two workers, the lock was the bottleneck on PostgreSQL: a push waited
0.7-0.9 s for it (p50) and held it 8-10 ms, mostly waiting for its thread's turn at
the interpreter between statements, which capped the server near 80 pushes a
second whatever the CPU.

Here the pushes that queued up are applied in one transaction: each batch is staged
in its own savepoint (authenticated, judged, its effects written), then the lock is
taken once, ``ops.finish`` numbers every batch's feed rows in one insert and records
every answer in another, and the group commits once. A push that finds nothing
queued beside it goes alone, in its own transaction, as before. Who runs the groups
is the server's choice (server/app.py): on PostgreSQL a few writer threads per
process, on SQLite the event loop, between requests.

What one batch does to another is what two transactions did one after the other:
a comment id an earlier batch took is taken; a batch that fails while staging (a
bad token) is rolled back to its savepoint and that push alone gets the error; a
unique-constraint race or a deadlock while staging, or anything that fails the
group's numbering or commit, sends the batches involved back to ``process_batch``,
each in a transaction of its own that finds the winner's row or stored answer.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError, OperationalError

from server import ops
from server.context import ServerContext
from server.db import lock_feed
from sync import protocol as p

#: A group's size: enough to empty the queue under load, small enough that the
#: first push in it is not kept waiting for many others' judging.
MAX_PUSHES = 16
MAX_OPS = 1000
#: Writers per process. Each stages its group statement by statement, waiting on the
#: database and on its turn at the interpreter, so several stage at once while one
#: holds the feed lock; ``lock_feed`` keeps their numbering and commits in order.
WRITERS = 4


@dataclass
class Push:
    authorization: str | None
    prepared: ops.Prepared
    future: Future[list[p.OpAnswer]] = field(default_factory=Future)

    def op_ids(self) -> set[str]:
        return {op.id for op in self.prepared.ops}


class GroupCommitter:
    """The process's writers of pushes; ``submit`` from any thread or the loop.

    With ``writers=0`` no thread is started: the owner calls ``apply_queued`` where
    it wants the work done (the SQLite server, on its event loop).
    """

    def __init__(self, ctx: ServerContext, writers: int = WRITERS, max_ops: int = MAX_OPS) -> None:
        self._ctx = ctx
        self._writers = writers
        self._max_ops = max_ops
        self._queue: queue.SimpleQueue[Push] = queue.SimpleQueue()
        self._carried: Push | None = None  # taken from the queue but left for the next group
        self._start = threading.Lock()
        self._take = threading.Lock()  # one writer at a time takes a group off the queue
        self._threads: list[threading.Thread] = []

    def submit(
        self, authorization: str | None, batch: tuple[p.Op, ...]
    ) -> Future[list[p.OpAnswer]]:
        push = Push(authorization, ops.Prepared.of(batch))
        self._queue.put(push)
        with self._start:
            if self._writers and not self._threads:
                # Daemons: a worker that stops mid-group has answered none of it, and
                # the devices send those ops again (they are applied at most once).
                for n in range(self._writers):
                    thread = threading.Thread(
                        target=self._work, name=f"folio-group-commit-{n}", daemon=True
                    )
                    thread.start()
                    self._threads.append(thread)
        return push.future

    def apply_queued(self) -> None:
        """Apply every push queued so far, group by group, in this thread."""
        while self._carried is not None or not self._queue.empty():
            self.apply(self._next_group())

    def _work(self) -> None:
        while True:
            with self._take:
                group = self._next_group()
            self.apply(group)

    def _next_group(self) -> list[Push]:
        first = self._carried or self._queue.get()
        self._carried = None
        group, ids, count = [first], first.op_ids(), len(first.prepared.ops)
        while len(group) < MAX_PUSHES:
            try:
                push = self._queue.get_nowait()
            except queue.Empty:
                break
            mine = push.op_ids()
            if mine & ids or count + len(mine) > self._max_ops:
                # An op sent twice at once (a device's retry) goes in the next group,
                # where it finds this one's stored answer, rather than making the
                # two judge the same op side by side and the group start over.
                self._carried = push
                break
            group.append(push)
            ids |= mine
            count += len(mine)
        return group

    def apply(self, group: list[Push]) -> None:
        """Answer every push of the group (never raises: each future gets its outcome)."""
        if len(group) == 1:
            self._alone(group[0])
            return
        staged: list[tuple[Push, ops.Batch]] = []
        answers: list[list[p.OpAnswer]] = []
        alone: list[Push] = []
        try:
            with self._ctx.sessions() as session, session.begin():
                for push in group:
                    try:
                        with session.begin_nested():
                            batch = ops.stage(self._ctx, session, push.authorization, push.prepared)
                    except (IntegrityError, OperationalError):
                        alone.append(push)  # a race: alone, where the redo sees the winner
                    except Exception as exc:  # its own answer (a 401, say)
                        push.future.set_exception(exc)
                    else:
                        staged.append((push, batch))
                if staged:
                    lock_feed(session)
                    answers = ops.finish(session, [batch for _, batch in staged])
        except Exception:
            # Nothing of the group is stored, so each push again, alone: the
            # numbering or the commit lost a race (the redo sees the winner), or
            # something unforeseen failed, and alone it fails only its own push.
            alone += [push for push, _ in staged]
        else:
            for (push, _), answer in zip(staged, answers, strict=True):
                push.future.set_result(answer)
        for push in alone:
            self._alone(push)

    def _alone(self, push: Push) -> None:
        try:
            push.future.set_result(
                ops.process_prepared(self._ctx, push.authorization, push.prepared)
            )
        except Exception as exc:  # handed to the request that waits for it
            push.future.set_exception(exc)
