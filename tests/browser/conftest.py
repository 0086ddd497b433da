"""Real-browser fixtures: Debian's Chromium driven by Playwright, through JupyterLab or Voila.

Every test in this folder is marked `browser`. The pieces, from the bottom up:

- `browser`: one headless Chromium for the session (`/usr/bin/chromium`; never Playwright's
  own download).
- `page`: a fresh page (1600x1000) per test; `page.errors` collects uncaught page errors.
- `browser_data`: the data folder every server sees through `STRETCHKIT_DATA` (a temp copy of
  the sample library). `fresh_data` resets it to the sample before a test and returns its
  path, so a test may also write its own entries there before opening a notebook.
- `notebook_dir`: a temp copy of `notebooks/*.ipynb`, the servers' root (the repository's
  notebooks are never written to, not even by autosave).
- `jupyter_env`: environment with private JUPYTER_*/IPYTHONDIR folders and JupyterLab's news
  and update checks switched off.
- `lab_server`, `voila_server`: one server each for the session, on a free port, stopped
  (with their kernels) at the end.
- `lab`, `voila`: per-test helpers: `lab.open("author.ipynb")` opens the notebook, runs every
  cell and waits for the app; `voila.open("author.ipynb")` renders it as a web app. Kernels
  are shut down after each test.
- `module_lab`, `module_voila`: the same, but the app is opened once for all the tests of a
  module (opening it is most of a browser test's time: a kernel, ~900 widgets, and in
  JupyterLab the whole IDE). Each test finds the app as the tests before it left it; the data
  folder is reset once per module, before its first app opens (`module_data`), and each test
  starts with the window at its default size and no page errors. For tests that need the app
  open, not a pristine one: each picks the entry and tab it works on itself.

A new browser test only needs, e.g.::

    def test_something(lab, fresh_data):
        page = lab.open("review.ipynb", ready=".sk-review")
        ...
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SAMPLE_DATA

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1600, "height": 1000}
BIN = Path(sys.executable).parent
SERVER_START_SECONDS = 60
APP_READY_MS = 60_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
    """Poll `check` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)


@dataclass
class Server:
    """A Jupyter server process on 127.0.0.1; `api()` calls its REST API (token included)."""

    name: str
    url: str
    token: str
    process: subprocess.Popen
    log: Path
    extra: dict[str, Any] = field(default_factory=dict)

    def api(self, path: str, method: str = "GET") -> Any:
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the server shuts its kernels down
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(name: str, command: list[str], url: str, token: str, ready_path: str,
                 env: dict[str, str], log: Path, cwd: Path) -> Server:
    """Start a server and wait (bounded) until `ready_path` answers."""
    handle = log.open("wb")
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=handle,
                               stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(name, url, token, process, log)
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}:\n{server.log_tail()}")
        headers = {"Authorization": f"token {token}"} if token else {}
        try:
            urllib.request.urlopen(urllib.request.Request(f"{url}{ready_path}", headers=headers),
                                   timeout=2).close()
            return server
        except OSError:
            time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"{name} did not answer within {SERVER_START_SECONDS} s:\n"
                       f"{server.log_tail()}")


# -- data and environment -----------------------------------------------------------------
def copy_sample(target: Path) -> Path:
    """Make `target` an exact copy of the sample library (emptied first, same path)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(SAMPLE_DATA, target, ignore=shutil.ignore_patterns(".trash", ".lock"))
    return target


@pytest.fixture(scope="session")
def browser_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("browser") / "data")


@pytest.fixture
def fresh_data(browser_data: Path) -> Path:
    """The servers' data folder, reset to the sample library for this test."""
    return copy_sample(browser_data)


@pytest.fixture(scope="module")
def module_data(browser_data: Path) -> Path:
    """The servers' data folder, reset to the sample library once for the tests of a module
    that share one opened app (`module_lab`, `module_voila`)."""
    return copy_sample(browser_data)


@pytest.fixture(scope="session")
def notebook_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("notebooks")
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        shutil.copy2(notebook, target / notebook.name)
    return target


@pytest.fixture(scope="session")
def jupyter_env(tmp_path_factory: pytest.TempPathFactory, browser_data: Path) -> dict[str, str]:
    home = tmp_path_factory.mktemp("jupyter")
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[name] = str(home / name.lower())
    env["STRETCHKIT_DATA"] = str(browser_data)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("JUPYTER_PLATFORM_DIRS", None)
    # No news popup, no update check, no toasts over the app.
    settings = Path(env["JUPYTER_CONFIG_DIR"]) / "lab" / "user-settings" / "@jupyterlab" \
        / "apputils-extension" / "notification.jupyterlab-settings"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False,
                                    "doNotDisturbMode": True}))
    return env


# -- servers --------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def lab_server(jupyter_env: dict[str, str], notebook_dir: Path,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    port, token = free_port(), uuid.uuid4().hex
    command = [str(BIN / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={notebook_dir}",
               "--ServerApp.port_retries=0", "--LabApp.expose_app_in_browser=True",
               "--ServerApp.open_browser=False"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = tmp_path_factory.mktemp("logs") / "jupyterlab.log"
    server = start_server("JupyterLab", command, f"http://127.0.0.1:{port}", token,
                          "/api/status", jupyter_env, log, notebook_dir)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila_server(jupyter_env: dict[str, str], notebook_dir: Path,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    port = free_port()
    command = [str(BIN / "voila"), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
               "--Voila.port_retries=0", str(notebook_dir)]
    log = tmp_path_factory.mktemp("logs") / "voila.log"
    server = start_server("Voila", command, f"http://127.0.0.1:{port}", "", "/",
                          jupyter_env, log, notebook_dir)
    yield server
    server.stop()


# -- browser --------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: `make browser-deps` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_page(browser: Any) -> Any:
    """A page in a browser context of its own; `page.errors` collects uncaught page errors."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = new_page(browser)
    yield page
    page.context.close()


def wait_for_app(page: Any, ready: str, server: Server) -> None:
    """Wait until `ready` is visible; if it never is, fail with what the page shows and the
    server's log (a notebook that raised, a kernel that died), not only a timeout."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.locator(ready).first.wait_for(state="visible", timeout=APP_READY_MS)
    except PlaywrightTimeout:
        shown = page.evaluate("() => document.body ? document.body.innerText : ''")
        raise AssertionError(
            f"{ready} not visible after {APP_READY_MS / 1000:.0f} s at {page.url}\n"
            f"page errors: {page.errors}\n--- the page shows (first 3000 characters) ---\n"
            f"{shown[:3000]}\n--- {server.name} log ---\n{server.log_tail(60)}") from None


class LabSession:
    """Opens notebooks in JupyterLab and runs them; shuts its kernels down afterwards."""

    def __init__(self, server: Server, page: Any, data: Path):
        self.server, self.page, self.data = server, page, data

    def open(self, notebook: str, ready: str = ".sk-app") -> Any:
        """Open `notebook`, run all its cells, and wait until `ready` is visible."""
        page = self.page
        page.goto(f"{self.server.url}/lab/tree/{notebook}?reset&token={self.server.token}")
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell",
                               timeout=APP_READY_MS)
        page.locator("#jp-main-statusbar").get_by_text("Idle").first.wait_for(
            timeout=APP_READY_MS)
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        wait_for_app(page, ready, self.server)
        return page

    def shutdown_kernels(self) -> None:
        for session in self.server.api("/api/sessions"):
            self.server.api(f"/api/sessions/{session['id']}", method="DELETE")
        wait_until(lambda: not self.server.api("/api/kernels"), 20, "kernels to stop")


@pytest.fixture
def lab(lab_server: Server, page: Any, fresh_data: Path) -> Iterator[LabSession]:
    session = LabSession(lab_server, page, fresh_data)
    yield session
    page.close()  # no reconnecting widgets while the kernels go
    session.shutdown_kernels()


class VoilaSession:
    """Renders notebooks as Voila web apps (each page load runs a fresh kernel)."""

    def __init__(self, server: Server, page: Any, data: Path):
        self.server, self.page, self.data = server, page, data

    def open(self, notebook: str, ready: str = ".sk-app") -> Any:
        page = self.page
        page.goto(f"{self.server.url}/voila/render/{notebook}", timeout=APP_READY_MS)
        wait_for_app(page, ready, self.server)
        return page


@pytest.fixture
def voila(voila_server: Server, page: Any, fresh_data: Path) -> Iterator[VoilaSession]:
    yield VoilaSession(voila_server, page, fresh_data)
    page.close()  # Voila shuts a page's kernel down when its page goes


class OpenedOnce:
    """A Lab or Voila session whose `open` opens its notebook only the first time; later calls
    return the page as the tests before left it."""

    def __init__(self, session: LabSession | VoilaSession):
        self.session, self.opened = session, None

    @property
    def page(self) -> Any:
        return self.session.page

    @property
    def data(self) -> Path:
        return self.session.data

    def open(self, notebook: str, ready: str = ".sk-app") -> Any:
        if self.opened is None:
            self.session.open(notebook, ready)
            self.opened = notebook
        assert notebook == self.opened, f"this module's app is {self.opened}, not {notebook}"
        return self.page

    def start_test(self) -> OpenedOnce:
        self.page.set_viewport_size(VIEWPORT)
        self.page.errors.clear()
        return self


@pytest.fixture(scope="module")
def _module_lab(lab_server: Server, browser: Any, module_data: Path) -> Iterator[OpenedOnce]:
    session = LabSession(lab_server, new_page(browser), module_data)
    yield OpenedOnce(session)
    session.page.context.close()  # no reconnecting widgets while the kernels go
    session.shutdown_kernels()


@pytest.fixture(scope="module")
def _module_voila(voila_server: Server, browser: Any, module_data: Path) -> Iterator[OpenedOnce]:
    session = VoilaSession(voila_server, new_page(browser), module_data)
    yield OpenedOnce(session)
    session.page.context.close()  # Voila shuts a page's kernel down when its page goes


@pytest.fixture
def module_lab(_module_lab: OpenedOnce) -> OpenedOnce:
    """Like `lab`, but the notebook is opened once for the module's tests (see the top)."""
    return _module_lab.start_test()


@pytest.fixture
def module_voila(_module_voila: OpenedOnce) -> OpenedOnce:
    """Like `voila`, but the notebook is rendered once for the module's tests (see the top)."""
    return _module_voila.start_test()
