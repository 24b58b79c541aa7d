"""The review app in a real browser: Streamlit serving the demo, Debian's headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from nav_placement.paths import PROJECT_ROOT

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--virtual-time-budget=20000", "--window-size=1400,2000",
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Debian's chromium is needed for the browser test: apt-get install chromium"
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def app_server(demo_warehouse):
    port = free_port()
    env = dict(os.environ, NAV_DATA_DIR=str(demo_warehouse.data_dir))
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "streamlit_app" / "Home.py"),
         "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        env=env, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(base + "/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError("streamlit did not start within 60 s")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def render(url: str, tmp_path) -> str:
    """The DOM after Chromium ran the page's scripts (Streamlit renders client-side)."""
    profile = tmp_path / "chromium-profile"
    result = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_home_page_renders_in_chromium(app_server, tmp_path):
    dom = render(app_server + "/", tmp_path)
    assert "nav-placement" in dom
    assert "Deliveries loaded" in dom
    assert "Reproduction of the 2014 report" in dom


def test_offices_page_renders_in_chromium(app_server, tmp_path):
    dom = render(app_server + "/Offices", tmp_path)
    assert "Offices: the office-manager survey" in dom
    assert "Response by county" in dom
    assert "Traceback" not in dom
