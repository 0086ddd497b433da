"""The shared half of every panel, without widgets: sessions tell their listeners about each
change, a failing listener stops no other one, and `guarded` keeps any exception out of the
page and shows it as the one failure message."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from stretchkit.errors import NotFoundError
from stretchkit.widgets.base import Session, failure_message, guarded


def test_listeners_hear_each_change_in_order():
    session = Session()
    heard: list[tuple[str, str]] = []
    session.observe(lambda reason: heard.append(("first", reason)))
    session.observe(lambda reason: heard.append(("second", reason)))
    session.say("Saved.", "ok", "saved")
    assert heard == [("first", "saved"), ("second", "saved")]
    assert (session.message, session.tone) == ("Saved.", "ok")


def test_a_failing_listener_is_logged_and_reported_and_stops_no_other(caplog):
    session = Session()
    heard: list[str] = []

    def broken(reason: str) -> None:
        raise RuntimeError(f"view exploded on {reason}")

    session.observe(broken)
    session.observe(heard.append)
    with caplog.at_level(logging.ERROR, logger="stretchkit.widgets"):
        session.say("hello", "ok", "draft")
    # the listener after the broken one heard the change, and then the report of the failure
    assert heard == ["draft", "message"]
    assert session.message == "Something went wrong: RuntimeError: view exploded on draft"
    assert session.tone == "error"
    # logged with its traceback, once per failure (the report's own failure is not reported
    # again: no loop)
    failures = [r for r in caplog.records if r.exc_info]
    assert [str(r.exc_info[1]) for r in failures] == ["view exploded on draft",
                                                      "view exploded on message"]


def test_guarded_logs_and_reports_instead_of_raising(caplog):
    reports: list[Exception] = []

    def click(_button: object) -> None:
        raise ValueError("bad <input>")

    with caplog.at_level(logging.ERROR, logger="stretchkit.widgets"):
        guarded(click, reports.append)("a button")
    [reported] = reports
    assert isinstance(reported, ValueError)
    [record] = caplog.records
    assert record.exc_info[1] is reported and "ValueError: bad <input>" in record.getMessage()


def test_guarded_survives_a_report_that_fails_too(caplog):
    def broken_report(exc: Exception) -> None:
        raise TypeError("the status line is gone")

    with caplog.at_level(logging.ERROR, logger="stretchkit.widgets"):
        guarded(lambda: 1 / 0, broken_report)()  # returns: nothing reaches the page
    assert [type(r.exc_info[1]) for r in caplog.records] == [ZeroDivisionError, TypeError]


def test_failure_message_has_one_shape():
    assert failure_message(ValueError("x")) == "Something went wrong: ValueError: x"
    # the kit's own errors are written for people: shown as they are
    assert failure_message(NotFoundError("no entry 'x'")) == "no entry 'x'"


def test_say_takes_only_the_three_tones():
    session = Session()
    with pytest.raises(ValueError, match="expected one of ok, warn, error"):
        session.say("Done.", "success")


def test_sessions_import_no_widgets():
    code = ("import sys\n"
            "import stretchkit.widgets.authoring.session, stretchkit.widgets.review.session\n"
            "import stretchkit.widgets.export.session\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('ipywidgets', 'IPython')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
