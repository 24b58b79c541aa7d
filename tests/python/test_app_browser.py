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

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
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


@pytest.fixture()
def browser_page(tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        try:
            yield page
        finally:
            page.screenshot(path=str(tmp_path / "last_page.png"), full_page=True)
            browser.close()


def test_home_page_renders_in_chromium(app_server, browser_page):
    browser_page.goto(app_server + "/")
    browser_page.get_by_text("Reproduction of the 2014 report").wait_for(timeout=60_000)
    # Streamlit renders element by element: wait for each, don't sample visibility once.
    browser_page.get_by_role("heading", name="nav-placement").wait_for(timeout=30_000)
    browser_page.get_by_text("Part 1 (offices)").wait_for(timeout=30_000)
    browser_page.get_by_text("Part 2 (current users)").wait_for(timeout=30_000)
    assert "Traceback" not in browser_page.content()


def test_offices_page_renders_chart_and_county_table(app_server, browser_page):
    browser_page.goto(app_server + "/Offices")
    browser_page.get_by_text("Response by county").wait_for(timeout=60_000)
    browser_page.get_by_text("By office size").wait_for(timeout=30_000)
    # the Altair chart is drawn into a canvas or svg by vega-embed
    browser_page.locator(".vega-embed").first.wait_for(timeout=30_000)
    browser_page.get_by_text("Cells with fewer than 5 answers", exact=False).wait_for(timeout=30_000)
    # the intervals with the finite population correction, beside the table and as the chart's error bars
    browser_page.get_by_text("95% intervals with the finite population correction", exact=False).wait_for(timeout=30_000)
    browser_page.get_by_text("of the register's 445 offices answered", exact=False).wait_for(timeout=30_000)
    assert "Traceback" not in browser_page.content()


def test_transitions_page_renders_in_chromium(app_server, browser_page):
    browser_page.goto(app_server + "/Transitions")
    browser_page.get_by_text("In work six months after, by size of the follow-up office").wait_for(timeout=60_000)
    browser_page.locator(".vega-embed").first.wait_for(timeout=30_000)
    browser_page.get_by_role("tab", name="Survey against register").click()
    browser_page.get_by_text("against NAV's registers in June 2014", exact=False).wait_for(timeout=30_000)
    assert "Traceback" not in browser_page.content()


def test_models_page_renders_forest_plot_in_chromium(app_server, browser_page):
    browser_page.goto(app_server + "/Models")
    browser_page.get_by_text("Odds ratios with 95% intervals").wait_for(timeout=60_000)
    browser_page.locator(".vega-embed").first.wait_for(timeout=30_000)
    browser_page.get_by_text("What the report says").wait_for(timeout=30_000)
    browser_page.get_by_text("born outside the EEA vs Norway -", exact=False).wait_for(timeout=30_000)
    browser_page.get_by_text("n (respondents)").wait_for(timeout=30_000)
    assert "Traceback" not in browser_page.content()
