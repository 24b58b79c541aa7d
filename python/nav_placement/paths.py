"""Where everything lives. Every path can be moved with an environment variable."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Telemetry of every tool we run is off: set by the CLI, passed to dbt, set by the tests.
TELEMETRY_OFF = {
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "false",
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
}
SEEDS_DIR = PROJECT_ROOT / "seeds"


@dataclass(frozen=True)
class Paths:
    """The data directories of one warehouse (the default one, or one a test makes)."""

    data_dir: Path

    @property
    def landing(self) -> Path:
        return Path(os.environ.get("NAV_LANDING_DIR", self.data_dir / "landing"))

    @property
    def quarantine(self) -> Path:
        return Path(os.environ.get("NAV_QUARANTINE_DIR", self.data_dir / "quarantine"))

    @property
    def warehouse(self) -> Path:
        return self.data_dir / "warehouse"

    @property
    def build_db(self) -> Path:
        return Path(os.environ.get("NAV_BUILD_DB", self.warehouse / "build.duckdb"))

    @property
    def serving_db(self) -> Path:
        return Path(os.environ.get("NAV_SERVING_DB", self.warehouse / "serving.duckdb"))


def current() -> Paths:
    """Paths from the environment: NAV_DATA_DIR (default: data/ under the project root)."""
    return Paths(Path(os.environ.get("NAV_DATA_DIR", PROJECT_ROOT / "data")).resolve())
