"""What every panel shares below its widgets: a headless `Session` that tells its listeners
about each change and holds the one message, and `guarded`, the wrapper every widget
callback goes through so that nothing raises into the page.

One failure path for all panels: an exception nobody expected is logged with its traceback
(logger "stretchkit.widgets") and shown in the panel's message line as
`failure_message(exc)`, "Something went wrong: ValueError: ...", in the "error" tone.
Expected refusals ("Not saved: ...") are the sessions' own messages, in the "warn" tone.

No ipywidgets here: the sessions import this module and stay plain Python.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from stretchkit.errors import StretchkitError

log = logging.getLogger("stretchkit.widgets")

#: How a message looks, in every panel: "ok" (done), "warn" (not done, and why: the
#: person can act on it), "error" (something failed that should not have; see the log).
TONES = ("ok", "warn", "error")

Listener = Callable[[str], None]
Report = Callable[[Exception], None]


def failure_message(exc: BaseException) -> str:
    """The one message shape for a failure a callback could not handle. A StretchkitError is
    written for people and shown as it is; anything else says what it was."""
    if isinstance(exc, StretchkitError):
        return str(exc)
    return f"Something went wrong: {type(exc).__name__}: {exc}"


def guarded(callback: Callable[..., Any], report: Report) -> Callable[..., None]:
    """`callback` for a widget (observe, on_click, ...): whatever it raises is logged with
    its traceback and handed to `report` (a panel shows it in its message line), never raised
    into the page, where it would be a traceback the person cannot act on."""
    def run(*args: Any) -> None:
        try:
            callback(*args)
        except Exception as exc:
            log.error("a widget callback failed: %s", failure_message(exc), exc_info=exc)
            try:
                report(exc)
            except Exception as failed:  # the report itself broke: the log is all that is left
                log.error("could not report the failure", exc_info=failed)
    return run


class Session:
    """The headless half of a panel: listeners, called with a reason after each change, and
    the message (`message`, `tone`) the panel shows.

    A listener that raises is logged with its traceback and reported in the message; the
    listeners after it are still called, so one broken view never freezes the others.
    """

    def __init__(self) -> None:
        self.message = ""
        self.tone = ""  # one of TONES, or "" while there is no message
        self._listeners: list[Listener] = []
        self._reporting = False

    def observe(self, listener: Listener) -> None:
        """Call `listener(reason)` after every change; each session names its reasons."""
        self._listeners.append(listener)

    def _notify(self, reason: str) -> None:
        failed: list[Exception] = []
        for listener in list(self._listeners):
            try:
                listener(reason)
            except Exception as exc:
                log.error("a view failed to follow the change %r: %s", reason,
                          failure_message(exc), exc_info=exc)
                failed.append(exc)
        # Reported once; a listener that fails again on the report is only logged (no loop).
        if failed and not self._reporting:
            self._reporting = True
            try:
                self.report(failed[0])
            finally:
                self._reporting = False

    def say(self, message: str, tone: str, reason: str = "message") -> None:
        """Set the message and tell the listeners (`reason`: what else changed)."""
        if tone not in TONES:
            raise ValueError(f"tone {tone!r}: expected one of {', '.join(TONES)}")
        self.message, self.tone = message, tone
        self._notify(reason)

    def clear_message(self) -> None:
        """No message (the listeners hear of it with the next change)."""
        self.message = self.tone = ""

    def report(self, exc: BaseException) -> None:
        """Show a failure nobody expected as the message: the `Report` of this
        session's widgets."""
        self.say(failure_message(exc), "error")
