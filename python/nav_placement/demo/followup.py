"""Demo deliveries of the follow-up survey (Oppfølgingsundersøkelsen 2014, AFI r2014:14 part 3).

`write_followup_deliveries` writes NAV's frame (`followup_frame/2014-05/oppfolging_utvalg_2014-05.csv`,
8 439 drawn persons) and the returned questionnaires (`followup_answers/2014-09/oppfolging_svar_2014-09.csv`,
2 166 answers) in the formats of DESIGN.md ("Part 3: the follow-up survey"): `;`-separated UTF-8,
an empty cell an item not answered or a box not ticked.

The drawn persons are real persons of the register extracts: `registers.write_register_deliveries`
(same seed) plants their persons, Arena, AA, benefit and residence rows (followup_registers), so
the warehouse finds each frame exit by NAV's rule and Tabell 37 comes out exactly. The plan of
who is who lives in followup_frame, the questionnaire in followup_answers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from nav_placement.demo.followup_answers import ANSWER_COLUMNS, followup_answers
from nav_placement.demo.followup_frame import frame_plan

FRAME_COLUMNS = ("lopenr", "fnr", "avgangsmaned", "stratum", "invitert")
FRAME_FILE = Path("followup_frame", "2014-05", "oppfolging_utvalg_2014-05.csv")
ANSWERS_FILE = Path("followup_answers", "2014-09", "oppfolging_svar_2014-09.csv")

__all__ = ["ANSWER_COLUMNS", "FRAME_COLUMNS", "followup_frame", "followup_answers_table",
           "write_followup_deliveries"]


def followup_frame(seed: int = 2014) -> pd.DataFrame:
    """The frame as delivered (text cells), in serial order."""
    plan = frame_plan(seed)
    month = np.datetime64("2011-01", "M") + plan["exit_month"].to_numpy()
    return pd.DataFrame({
        "lopenr": plan["serial"].astype(str).to_numpy(),
        "fnr": plan["fnr"].astype(str).str.zfill(11).to_numpy(),
        "avgangsmaned": month.astype(str),
        "stratum": np.where(plan["stratum"].to_numpy() == 1, "NEDS", "ARBS"),
        "invitert": np.where(plan["invited"].to_numpy(), "1", "0"),
    }, columns=list(FRAME_COLUMNS))


def followup_answers_table(seed: int = 2014) -> pd.DataFrame:
    """The answers as delivered (text cells, '' empty), in serial order."""
    return followup_answers(seed).delivered


def write_followup_deliveries(landing_dir: Path, seed: int = 2014) -> list[Path]:
    """Write the frame and the answers into landing; returns the two paths."""
    written = []
    for relative, table in ((FRAME_FILE, followup_frame(seed)), (ANSWERS_FILE, followup_answers_table(seed))):
        path = Path(landing_dir) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [";".join(table.columns)] + [";".join(row) for row in table.itertuples(index=False)]
        path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
        written.append(path)
    return written
