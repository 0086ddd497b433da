"""The team-server guide's identity part: on JupyterHub every single-user server (and every
kernel it starts) has $JUPYTERHUB_USER set to the logged-in name. These tests set it the same
way, in the environment of a new process, and check the name reaches everything that records
a person: versions, review decisions, the command line and the "You are" box of the apps.
(A real JupyterHub spawning servers is not started here: docs/team-server.md says so.)"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from stretchkit import Library
from tests.conftest import STRETCHKIT


def hub_env(user: str | None = "coach-ana", **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("STRETCHKIT_USER", "STRETCHKIT_REVIEWER", "JUPYTERHUB_USER")}
    if user is not None:
        env["JUPYTERHUB_USER"] = user
    env.update(more)
    return env


def test_the_command_line_records_the_hub_user_on_saves_and_decisions(sample_data):
    run = lambda *args: subprocess.run(  # noqa: E731
        [STRETCHKIT, *args, "--data", str(sample_data)], env=hub_env(), capture_output=True,
        text=True, check=True)
    run("new", "Hub Side Bend")
    done = run("status", "hub-side-bend", "in-review")
    assert done.stdout.strip() == "hub-side-bend: draft -> in-review (by coach-ana)"
    library = Library(sample_data)
    assert [v.by for v in library.versions("hub-side-bend")] == ["coach-ana", "coach-ana"]
    assert library.get("hub-side-bend").reviews[-1].reviewer == "coach-ana"
    history = run("history", "hub-side-bend").stdout
    assert history.count("coach-ana") == 2


def test_the_authoring_app_in_a_hub_kernel_shows_and_records_the_hub_user(sample_data):
    script = textwrap.dedent(f"""
        from stretchkit import Library
        from stretchkit.widgets import AuthoringApp
        app = AuthoringApp(Library({str(sample_data)!r}), "cat-cow")
        print(app.identity.name.value)
        app.form.inputs["summary"].value = "Saved from a hub server by its user."
        app.save_button.click()
        print(app.library.versions("cat-cow")[-1].by)
    """)
    done = subprocess.run([sys.executable, "-c", script], env=hub_env(), capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["coach-ana", "coach-ana"]


def test_an_explicit_name_still_wins_over_the_hub_user(sample_data):
    done = subprocess.run([STRETCHKIT, "new", "Named Stretch", "--data", str(sample_data),
                           "--user", "Ana Author"], env=hub_env(STRETCHKIT_USER="Someone"),
                          capture_output=True, text=True, check=True)
    assert done.returncode == 0
    assert Library(sample_data).versions("named-stretch")[0].by == "Ana Author"
    done = subprocess.run([STRETCHKIT, "status", "named-stretch", "in-review", "--data",
                           str(sample_data)], env=hub_env(STRETCHKIT_USER="Set By Admin"),
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("(by Set By Admin)")
