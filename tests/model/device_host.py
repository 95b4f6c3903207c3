"""The model test's devices: real vaults driven through the sync.api facade, in a child process.

Run as ``python tests/model/device_host.py`` under libfaketime (the test sets
LD_PRELOAD and a shared FAKETIME_TIMESTAMP_FILE), so every device sees the same
moved clock the server sees, without any switch in production code. One process
hosts all devices of a run (each its own data dir and vault) to keep the budget;
it answers one JSON request per line on stdin with one JSON line on stdout.

Every request goes through ``sync.api.Api`` (and ``check_enrollment``): the same
calls the desktop makes. Errors come back as ``{"error": kind, "reason": ...}``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sync import model
from sync.api import Api, check_enrollment
from sync.client import HttpConfig
from sync.engine import EngineConfig
from sync.errors import FolioError
from sync.vault import KdfParams

PIN = "482910"
_HTTP = HttpConfig(connect_timeout=5.0, read_timeout=30.0, retries=1, backoff_factor=0.01)


class Host:
    def __init__(self) -> None:
        self.apis: dict[str, Api] = {}

    def api(self, device: str) -> Api:
        return self.apis[device]

    # -- lifecycle ---------------------------------------------------------------------

    def enroll(self, device: str, data_dir: str, server: str, user: str, password: str) -> Any:
        pending = check_enrollment(server, user=user, password=password, http=_HTTP)
        api = Api.create(data_dir, PIN, kdf=KdfParams.FAST_FOR_TESTS)
        api.complete_enrollment(pending)
        self.apis[device] = api
        return {"device_id": pending.device_id}

    def lock(self, device: str) -> Any:
        self.api(device).lock()
        return {}

    def unlock(self, device: str) -> Any:
        api = self.api(device)
        if not Api.exists(api.data_dir):
            return {"gone": True}
        api.unlock(PIN)
        return {}

    def wipe(self, device: str) -> Any:
        """The reader wipes the tablet (to enroll it again)."""
        self.api(device).wipe()
        return {}

    def forget(self, device: str) -> Any:
        api = self.apis.pop(device, None)
        if api is not None and not api.is_locked:
            api.lock()
        return {}

    def sync(self, device: str) -> Any:
        api = self.api(device)
        session = api.sync_session(config=EngineConfig(http=_HTTP))
        session.open()
        try:
            result = session.run_round()
        finally:
            session.close()
        wiped = not Api.exists(api.data_dir)
        return {
            "ok": result.ok,
            "wiped": wiped,
            "error": None if result.error is None else type(result.error).__name__,
            "detail": None if result.error is None else str(result.error)[:300],
        }

    # -- changes -----------------------------------------------------------------------

    def annotate(self, device: str, document_id: str, visibility: str, text: str) -> Any:
        changes = self.api(device).add_annotation(
            document_id,
            0,
            model.AnnotationKind.NOTE,
            text=text,
            visibility=model.Visibility(visibility),
        )
        (ann_id,) = changes.annotations
        return {"id": ann_id, "op_id": self._last_op(device)}

    def set_visibility(self, device: str, annotation_id: str, visibility: str) -> Any:
        self.api(device).update_annotation(annotation_id, visibility=model.Visibility(visibility))
        return {"op_id": self._last_op(device)}

    def delete_annotation(self, device: str, annotation_id: str) -> Any:
        self.api(device).delete_annotation(annotation_id)
        return {"op_id": self._last_op(device)}

    def comment(self, device: str, item_id: str, body: str, parent: str | None) -> Any:
        changes = self.api(device).add_comment("item", item_id, body, parent)
        (comment_id,) = changes.comments
        return {"id": comment_id, "op_id": comment_id}

    def decide(self, device: str, case_id: str, decision: str) -> Any:
        changes = self.api(device).decide(case_id, model.Decision(decision))
        (approval_id,) = changes.approvals
        return {"id": approval_id, "op_id": approval_id}

    def read(self, device: str, document_id: str) -> Any:
        before = {o.id for o in self.api(device).list_ops()}
        self.api(device).mark_read(document_id=document_id)
        new = [o.id for o in self.api(device).list_ops() if o.id not in before]
        return {"op_id": new[0] if new else None}

    def bookmark(self, device: str, document_id: str, page: int) -> Any:
        """Toggle the bookmark on ``page``: set when it is not, removed when it is."""
        api = self.api(device)
        on = page not in api.list_bookmarks(document_id)
        changes = (api.add_bookmark if on else api.remove_bookmark)(document_id, page)
        return {"on": on, "op_id": self._last_op(device) if changes.outbox else None}

    def _last_op(self, device: str) -> str:
        ops = self.api(device).list_ops()
        return max(ops, key=lambda o: (o.created_at, o.id)).id if ops else ""

    # -- private notes: the reader approves her tablets (docs/spec/e2e-notes.md) --------

    def notes(self, device: str) -> Any:
        api = self.api(device)
        if not Api.exists(api.data_dir) or api.is_locked:
            return {"approved": True, "code": None, "recovery_key": None, "asking": []}
        status = api.notes_status()
        return {
            "approved": status.approved,
            "code": status.code,
            "recovery_key": status.recovery_key,
            "asking": [{"device_id": d.device_id, "code": d.code} for d in api.pending_devices()],
        }

    def approve(self, device: str, device_id: str) -> Any:
        self.api(device).approve_device(device_id)
        return {}

    def start_over(self, device: str) -> Any:
        self.api(device).start_notes_over()
        return {}

    def recover(self, device: str, key: str) -> Any:
        self.api(device).recover_notes(key)
        return {}

    # -- queries -----------------------------------------------------------------------

    def ops(self, device: str) -> Any:
        return [
            {
                "id": o.id,
                "kind": o.kind,
                "state": o.state.value,
                "reason": o.reason,
                "redacted": bool(o.payload.get("redacted")),
            }
            for o in self.api(device).list_ops()
        ]

    def search(self, device: str, word: str) -> Any:
        return [
            {"kind": h.kind, "title": h.title, "snippet": h.snippet}
            for h in self.api(device).search(word)
        ]

    def view(self, device: str) -> Any:
        """Everything the facade shows, with the ids the test needs to act on it."""
        api = self.api(device)
        meetings, items, documents, comments, annotations = [], [], [], [], []
        bookmarks = []
        for summary in api.list_meetings():
            m = api.get_meeting(summary.id)  # the list is without items
            meetings.append({"id": m.id, "title": m.title})
            for it in m.items:
                items.append(
                    {
                        "id": it.id,
                        "meeting": m.title,
                        "meeting_id": m.id,
                        "title": it.title,
                        "closed": it.closed,
                        "proposal": it.proposal,
                    }
                )
                for c in api.list_comments("item", it.id):
                    comments.append(
                        {
                            "id": c.id,
                            "item_id": it.id,
                            "body": c.body,
                            "parent_id": c.parent_id,
                            "state": c.state.value,
                        }
                    )
                for d in it.documents:
                    readable = True
                    try:
                        api.document_bytes(d.id)
                    except FolioError:
                        readable = False
                    documents.append(
                        {
                            "id": d.id,
                            "meeting": m.title,
                            "meeting_id": m.id,
                            "title": d.title,
                            "version": d.version,
                            "state": d.state.value,
                            "closed": d.closed,
                            "readable": readable,
                        }
                    )
                    for page in api.list_bookmarks(d.id):
                        bookmarks.append({"meeting": m.title, "title": d.title, "page": page})
                    for a in api.list_annotations(d.id):
                        annotations.append(
                            {
                                "id": a.id,
                                "document_id": d.id,
                                "text": a.text,
                                "visibility": a.visibility.value,
                                "deleted": a.deleted,
                            }
                        )
        cases = [
            {
                "id": c.id,
                "meeting_id": c.meeting_id,
                "title": c.title,
                "status": c.status.value,
                "description": c.description,
                "version": c.version,
            }
            for c in api.list_cases()
        ]
        return {
            "meetings": meetings,
            "items": items,
            "documents": documents,
            "cases": cases,
            "comments": comments,
            "annotations": annotations,
            "bookmarks": bookmarks,
        }


def main() -> None:
    host = Host()
    for line in sys.stdin:
        request = json.loads(line)
        method = getattr(host, request.pop("cmd"))
        try:
            answer: Any = {"ok": method(**request)}
        except FolioError as exc:
            answer = {"error": exc.kind.value, "reason": exc.reason, "detail": exc.detail}
        except Exception as exc:
            answer = {"crash": f"{type(exc).__name__}: {exc}"[:500]}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
