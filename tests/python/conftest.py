"""Shared fixtures: one demo warehouse built end to end in a temporary folder, for the whole run."""

from __future__ import annotations

import os
import shutil

import pytest

from nav_placement.paths import TELEMETRY_OFF, Paths

os.environ.update(TELEMETRY_OFF)


def run_cli(paths: Paths, *args: str) -> int:
    """Run `nav-placement <args>` in-process against the warehouse in `paths`."""
    from nav_placement.cli import main

    saved = os.environ.get("NAV_DATA_DIR")
    os.environ["NAV_DATA_DIR"] = str(paths.data_dir)
    try:
        return main(list(args))
    finally:
        if saved is None:
            os.environ.pop("NAV_DATA_DIR", None)
        else:
            os.environ["NAV_DATA_DIR"] = saved


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory) -> Paths:
    """The demo built with `nav-placement run`, exactly as `make build` does, in a temp folder."""
    paths = Paths(tmp_path_factory.mktemp("demo_warehouse"))
    assert run_cli(paths, "run") == 0, "nav-placement run failed on the demo deliveries"
    return paths


@pytest.fixture()
def warehouse_copy(demo_warehouse, tmp_path) -> Paths:
    """A private copy of the built demo, for tests that break things."""
    copy = Paths(tmp_path / "warehouse_copy")
    shutil.copytree(demo_warehouse.data_dir, copy.data_dir, ignore=shutil.ignore_patterns("dbt"))
    return copy
