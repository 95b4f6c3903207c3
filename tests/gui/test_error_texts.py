"""One translated sentence for every error kind and every op rejection reason.

desktop/errors.py is the one table; these tests hold it to the enums
(sync.errors.ErrorKind, sync.protocol.Reason), to the Danish and Swedish
translations, and to the decisions screen, which shows the sentence and never
the server's reason code.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import errors
from desktop.app import Translations
from desktop.ops.annotate import CaseRow, CommentOps, DecisionOps, DecisionsView
from desktop.screens.decisions import DecisionsPage
from desktop.tasks import OnFailure, TaskRunner
from desktop.widgets.discussion import decision_state_text, state_text
from sync import model
from sync import protocol as p
from sync.api import Api, KdfParams
from sync.errors import ErrorKind, FolioError

CODES = sorted(r.value for r in p.Reason)


def test_the_table_covers_every_kind_and_every_reason() -> None:
    assert set(errors.kind_texts()) == set(ErrorKind)
    assert set(errors.reason_texts()) == set(CODES)
    sentences = [*errors.kind_texts().values(), *errors.reason_texts().values()]
    assert all(s.strip().endswith(".") for s in sentences)
    assert len(set(errors.reason_texts().values())) == len(CODES)  # one each, not shared


@pytest.mark.parametrize("code", CODES)
def test_a_refusal_reads_as_its_sentence_never_as_its_code(code: str) -> None:
    text = errors.message_for(FolioError(ErrorKind.REJECTED, "refused", reason=code))
    assert text == errors.reason_texts()[code]
    assert code not in text
    chip = state_text(model.OpState.REJECTED, code)
    assert code not in chip
    assert errors.reason_texts()[code] in chip


def test_an_unknown_code_reads_as_the_general_refusal() -> None:
    assert errors.reason_text("some_new_reason") == errors.kind_texts()[ErrorKind.REJECTED]
    assert errors.reason_text(None) == errors.kind_texts()[ErrorKind.REJECTED]


@pytest.fixture
def translations(qapp: QApplication) -> Iterator[Translations]:
    t = Translations(qapp)
    yield t
    t.apply("en")


@pytest.mark.parametrize("language", ["da", "sv"])
def test_every_sentence_is_translated(translations: Translations, language: str) -> None:
    english = {**errors.kind_texts(), **errors.reason_texts()}
    assert translations.apply(language) == language
    local = {**errors.kind_texts(), **errors.reason_texts()}
    untranslated = [english[k] for k in english if local[k] == english[k]]
    assert untranslated == []
    codes_shown = [c for c in CODES if c in " ".join(errors.reason_texts().values())]
    assert codes_shown == []


def test_the_decisions_screen_says_what_a_refusal_means(
    qtbot: QtBot, tmp_path: Path, translations: Translations
) -> None:
    runner = TaskRunner()
    made: list[Api] = []
    # The Api lives on the vault lane, as in the app (its connection belongs to that thread).
    runner.vault.submit(
        lambda: Api.create(tmp_path / "vault", "2468", kdf=KdfParams.FAST_FOR_TESTS),
        made.append,
        failure=OnFailure.LOG,
    )
    qtbot.waitUntil(lambda: bool(made), timeout=20000)
    (api,) = made
    page = DecisionsPage(runner, DecisionOps(api), CommentOps(api))
    qtbot.addWidget(page)
    now = datetime.now(UTC)
    case = model.Case(
        id="case-1",
        title="Budget follow-up",
        description="",
        deadline=now - timedelta(hours=1),
        status=model.CaseStatus.OPEN,
        meeting_id=None,
        item_id=None,
        version=1,
    )
    refused = model.Approval(
        id="approval-1",
        case_id=case.id,
        decision=model.Decision.APPROVE,
        remark="",
        decided_at=now - timedelta(hours=2),
        state=model.OpState.REJECTED,
        reason=p.Reason.DEADLINE_PASSED.value,
    )
    page._show(DecisionsView([CaseRow(case, refused)], [(refused, case.title)]))
    sentence = errors.reason_texts()[p.Reason.DEADLINE_PASSED.value]
    assert page.message.text() == sentence
    shown = [page.cases.topLevelItem(0).text(2), page.history.topLevelItem(0).text(3)]
    assert all(sentence in text for text in shown)
    assert "deadline_passed" not in " ".join([page.message.text(), *shown])
    assert decision_state_text(refused).endswith(sentence)
    runner.vault.submit(api.lock, failure=OnFailure.LOG)
    runner.shutdown()
