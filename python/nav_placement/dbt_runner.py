"""Run dbt as a subprocess against one warehouse, and explain a failure in one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from nav_placement.paths import PROJECT_ROOT, TELEMETRY_OFF, Paths


class DbtFailed(RuntimeError):
    """dbt exited non-zero; the message names what failed."""


def dbt_env(paths: Paths) -> dict[str, str]:
    """Environment for dbt: this warehouse's build file, no telemetry, and target/log folders
    per warehouse so parallel builds (tests) never share dbt's state."""
    env = dict(os.environ, **TELEMETRY_OFF)
    env.update(
        NAV_BUILD_DB=str(paths.build_db),
        DBT_TARGET_PATH=str(paths.data_dir / "dbt" / "target"),
        DBT_LOG_PATH=str(paths.data_dir / "dbt" / "logs"),
    )
    return env


def dbt_executable() -> str:
    """The dbt of the interpreter running us (the project's .venv), not whatever is on PATH."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(paths: Paths, args: list[str], progress=print) -> None:
    """Run `dbt <args>` for this warehouse, streaming dbt's own progress lines."""
    paths.build_db.parent.mkdir(parents=True, exist_ok=True)
    # A stale run_results.json would blame the previous run's nodes.
    (paths.data_dir / "dbt" / "target" / "run_results.json").unlink(missing_ok=True)
    command = [dbt_executable(), "--no-use-colors", *args, "--project-dir", str(PROJECT_ROOT), "--profiles-dir", str(PROJECT_ROOT)]
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=dbt_env(paths),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    tail: list[str] = []
    for line in process.stdout:
        line = line.rstrip()
        progress(f"  dbt | {line}")
        tail = (tail + [line])[-40:]
    if process.wait() != 0:
        raise DbtFailed(f"dbt {args[0]} failed: {failure_summary(paths, tail)}")


def failure_summary(paths: Paths, tail: list[str]) -> str:
    """The failing nodes from run_results.json, or dbt's last error line."""
    results_file = paths.data_dir / "dbt" / "target" / "run_results.json"
    failed: list[str] = []
    if results_file.exists():
        for result in json.loads(results_file.read_text()).get("results", []):
            if result.get("status") in {"error", "fail"}:
                name = result["unique_id"].split(".")[2]
                failed.append(f"{name} ({result['status']}: {(result.get('message') or '').splitlines()[0][:120]})")
    if failed:
        more = f" and {len(failed) - 3} more" if len(failed) > 3 else ""
        return "; ".join(failed[:3]) + more
    errors = [line for line in tail if "Error" in line or "ERROR" in line]
    return errors[-1].strip() if errors else "see the dbt output above"
