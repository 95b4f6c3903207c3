"""The domain, as plain frozen dataclasses: what sync.api returns and the UI shows.

Words follow DESIGN.md's glossary. Times are timezone-aware UTC ``datetime``s;
ids from the server are strings (opaque), ids made on the device are UUID4 strings.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

# The values that cross the wire are defined once, in the protocol, and named here as
# the domain (and desktop/) calls them: who sees an annotation, a decision, a case's state.
from sync.protocol import common as _wire

Visibility = _wire.Visibility
CaseStatus = _wire.CaseState
Decision = _wire.DecisionValue


class PackState(enum.Enum):
    NOT_DOWNLOADED = "not_downloaded"
    DOWNLOADING = "downloading"
    READY = "ready"  # every document on the device, verified and indexed
    FAILED = "failed"


class DocumentState(enum.Enum):
    MISSING = "missing"
    DOWNLOADING = "downloading"
    VERIFIED = "verified"
    FAILED = "failed"  # quarantined: failed verification, never readable
    WITHDRAWN = "withdrawn"


class AnnotationKind(enum.Enum):
    HIGHLIGHT = "highlight"
    INK = "ink"
    NOTE = "note"  # sticky note at a point
    TEXT = "text"  # free text box


class OpState(enum.Enum):
    """Where one outbox op is: the chip the reader sees next to a comment or decision.

    Not the protocol's ``OpStatus`` (applied, duplicate, rejected: the server's answer
    to one sending): an op is waiting or sent before any answer exists, and applied
    and duplicate both mean confirmed to the reader. A device-only state, so its own enum.
    """

    WAITING = "waiting"  # written on the device, not yet sent
    SENT = "sent"  # sent, no answer stored yet
    CONFIRMED = "confirmed"  # applied (or duplicate) on the server
    REJECTED = "rejected"  # the server said no, with a reason


@dataclass(frozen=True)
class Committee:
    id: str
    name: str


@dataclass(frozen=True)
class DocumentVersion:
    document_id: str
    version: int
    sha256: str
    size: int
    pages: int | None = None


@dataclass(frozen=True)
class Document:
    id: str
    meeting_id: str
    item_id: str | None
    title: str
    filename: str
    version: int
    sha256: str
    size: int
    state: DocumentState
    closed: bool = False
    pages: int | None = None
    indexed: bool = False
    # The reader opened an earlier version: "changed" belongs on a document they knew.
    changed_since_read: bool = False
    # The reader has not opened this document at all yet.
    unread: bool = False


@dataclass(frozen=True)
class AgendaItem:
    id: str
    meeting_id: str
    number: str
    title: str
    closed: bool
    proposal: str = ""
    needs_decision: bool = False
    decision_deadline: datetime | None = None
    position: int = 0
    documents: tuple[Document, ...] = ()


@dataclass(frozen=True)
class Meeting:
    id: str
    committee: Committee
    title: str
    starts_at: datetime
    location: str
    version: int
    pack_state: PackState
    items: tuple[AgendaItem, ...] = ()
    bytes_total: int = 0
    bytes_done: int = 0
    # The reader opened an earlier version of the meeting or of one of its documents.
    changed_since_read: bool = False
    language: str = "en"
    # The reader has never opened this meeting: "New" rather than "Changed".
    unread: bool = False


@dataclass(frozen=True)
class MeetingAttention:
    """What in one meeting waits for the reader, for the meetings list's badges.

    Counted apart from ``Meeting`` so listing meetings stays one cheap query for the
    callers that need no badges (the engine, the CLI, search).
    """

    new_documents: int = 0  # never opened, or changed since the reader opened them
    decisions_due: int = 0  # open cases with no decision of the reader's on its way
    comments: int = 0  # colleagues' comments on its items, cases and shared marks

    @property
    def empty(self) -> bool:
        return not (self.new_documents or self.decisions_due or self.comments)


@dataclass(frozen=True)
class Quote:
    """W3C Web Annotation TextQuoteSelector."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Annotation:
    id: str
    document_id: str
    document_version: int
    page: int  # 0-based page index
    kind: AnnotationKind
    color: str  # "#rrggbb"
    # Geometry in unrotated PDF page coordinates (points): highlight rects as
    # (x0, y0, x1, y1); ink strokes as lists of (x, y, pressure); notes a point.
    rects: tuple[tuple[float, float, float, float], ...] = ()
    strokes: tuple[tuple[tuple[float, float, float], ...], ...] = ()
    text: str = ""
    quote: Quote | None = None
    visibility: Visibility = Visibility.PRIVATE
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = 0  # server revision; 0 = never confirmed
    deleted: bool = False
    needs_review: bool = False  # could not be re-anchored on a new version
    needs_reanchor: bool = False  # document has a newer version than this annotation
    # None: the reader's own. Else the display name of the colleague who shared it
    # with the committee: read-only here, never edited, exported or sent as ours.
    author: str | None = None


@dataclass(frozen=True)
class Comment:
    id: str
    target_kind: str  # "item" | "case" | "annotation"
    target_id: str
    body: str
    author: str
    created_at: datetime
    parent_id: str | None = None
    state: OpState = OpState.WAITING
    reason: str | None = None


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    description: str
    deadline: datetime | None
    status: CaseStatus
    meeting_id: str | None = None
    item_id: str | None = None
    version: int = 1
    # The reader's decision as the server holds it, whichever of her devices made it.
    my_decision: Decision | None = None


@dataclass(frozen=True)
class Approval:
    id: str
    case_id: str
    decision: Decision
    remark: str
    decided_at: datetime
    state: OpState
    reason: str | None = None
    confirmed_at: datetime | None = None
    receipt_id: str | None = None
    elsewhere: bool = False  # made on another of the reader's devices (learnt from the feed)
    # Rejected because another device of the reader decided first: what the server holds.
    decided_elsewhere: Decision | None = None
    # What the decision was given for, kept with it: the case and its meeting may be
    # purged (withdrawn, retention) while the receipt stays.
    case_title: str = ""
    meeting_id: str | None = None
    meeting_title: str = ""
    meeting_starts_at: datetime | None = None


@dataclass(frozen=True)
class Op:
    id: str
    kind: str
    payload: dict[str, object]
    created_at: datetime
    state: OpState
    reason: str | None = None
    attempts: int = 0


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "agenda" | "document" | "note"
    meeting_id: str
    title: str
    snippet: str  # with the hit between \x02 and \x03 markers for the UI to style
    document_id: str | None = None
    page: int | None = None
    item_id: str | None = None
    annotation_id: str | None = None


@dataclass(frozen=True)
class OutboxEntry:
    """One of the reader's changes the server has not confirmed, named by what it is about.

    What the outbox view lists: waiting (or sent without an answer) and refused, with
    the server's reason. Read receipts are not the reader's changes and never appear.
    ``subject`` is the title of the document, agenda item or case (None when it is gone
    from the device, or closed material past the offline grace); ``page`` is 0-based;
    ``detail`` is the mark's AnnotationKind value, the Decision value, or "1"/"0" for a
    bookmark set or removed (None once sealed).
    """

    op_id: str
    kind: str  # sync.protocol.OpKind value as stored
    state: OpState
    created_at: datetime
    reason: str | None = None  # sync.protocol.Reason value when REJECTED
    subject: str | None = None
    page: int | None = None
    meeting_title: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    server_url: str | None
    last_sync_at: datetime | None
    last_error: str | None
    #: The reader's own changes waiting to be sent (or sent, no answer yet) and refused;
    #: read receipts are bookkeeping and not counted (``folio status`` counts every op).
    ops_waiting: int
    ops_rejected: int
    bytes_total: int = 0
    bytes_done: int = 0
    #: Below the organisation's min_app_version: nothing syncs until Folio is updated.
    update_required: bool = False


@dataclass(frozen=True)
class DamagedDocument:
    """A document version whose bytes on this device failed authentication (or are gone)."""

    document_id: str
    version: int
    title: str
    reason: str  # without content: which blob, which chunk


@dataclass(frozen=True)
class VerifyReport:
    """`folio verify`: what is wrong, per document where a document owns the problem."""

    problems: tuple[str, ...] = ()  # database and blob-store problems no document owns
    damaged: tuple[DamagedDocument, ...] = ()
    repaired: bool = False  # damaged versions were shredded and marked missing

    @property
    def ok(self) -> bool:
        return not self.problems and not self.damaged


@dataclass(frozen=True)
class VaultInfo:
    data_dir: str
    vault_id: str
    secret_backend: str  # "keyring:<name>" or "file"
    size_bytes: int
    generation: int
    failed_pin_attempts: int
    max_pin_attempts: int


@dataclass(frozen=True)
class PinAttempts:
    """The wipe rule of one vault: readable while it is locked."""

    failed: int
    allowed: int

    @property
    def left(self) -> int:
        return max(0, self.allowed - self.failed)


@dataclass(frozen=True)
class Changes:
    """What a command changed, so each screen refreshes only that (Anki's OpChanges)."""

    meetings: frozenset[str] = field(default_factory=frozenset)
    documents: frozenset[str] = field(default_factory=frozenset)
    annotations: frozenset[str] = field(default_factory=frozenset)
    comments: frozenset[str] = field(default_factory=frozenset)
    cases: frozenset[str] = field(default_factory=frozenset)
    approvals: frozenset[str] = field(default_factory=frozenset)
    # documents whose bookmarks changed (set here, or on another of the reader's devices)
    bookmarks: frozenset[str] = field(default_factory=frozenset)
    # committees the reader left: their closed material and cases are gone
    committees: frozenset[str] = field(default_factory=frozenset)
    outbox: bool = False
    sync_state: bool = False  # status, last sync, policy: what the status line shows
    wiped: bool = False

    def __bool__(self) -> bool:
        return bool(
            self.meetings
            or self.documents
            or self.annotations
            or self.comments
            or self.cases
            or self.approvals
            or self.bookmarks
            or self.committees
            or self.outbox
            or self.sync_state
            or self.wiped
        )

    def merge(self, other: Changes) -> Changes:
        return Changes(
            meetings=self.meetings | other.meetings,
            documents=self.documents | other.documents,
            annotations=self.annotations | other.annotations,
            comments=self.comments | other.comments,
            cases=self.cases | other.cases,
            approvals=self.approvals | other.approvals,
            bookmarks=self.bookmarks | other.bookmarks,
            committees=self.committees | other.committees,
            outbox=self.outbox or other.outbox,
            sync_state=self.sync_state or other.sync_state,
            wiped=self.wiped or other.wiped,
        )
