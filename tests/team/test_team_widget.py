"""A conflict from a real pull, finished through the conflict panel's session (the state the
authoring app's buttons drive), then committed."""

from __future__ import annotations

from stretchkit.widgets import ConflictSession
from tests.team.test_team import ENTRY, edit, entry_file


def test_the_widget_state_finishes_a_real_merge_to_a_clean_commit(team):
    a, b = team.a, team.b
    edit(a, ENTRY, name="Name From Machine A", summary="Summary from machine A.")
    a.push()
    edit(b, ENTRY, name="Name From Machine B", summary="Summary from machine B.")
    assert b.pull(check=False).returncode != 0
    session = ConflictSession(b.library())
    heard: list[str] = []
    session.observe(heard.append)
    assert session.current_id == ENTRY and session.missing == ["name", "summary"]
    choices = {c.field: c for c in session.choices}
    assert choices["name"].ours == ("Name From Machine B",)
    assert choices["name"].theirs == ("Name From Machine A",)
    assert choices["name"].base == (b.library().conflict(ENTRY).base["name"],)
    session.pick("name", "theirs")
    session.pick("summary", "ours")
    entry = session.resolve()
    assert entry is not None and heard[-1] == "resolved"
    assert (entry.name, entry.summary) == ("Name From Machine A", "Summary from machine B.")
    b.commit("merged")
    assert b.conflicted_paths() == [] and b"<<<<<<<" not in entry_file(b, ENTRY)
    assert b.git("status", "--porcelain").stdout == ""
    assert b.library().problems == []
