"""Ingest delivery folders: check each against its contract, then load it whole or refuse it whole.

A refused delivery moves, folder and all, to quarantine with a REASON.txt a person can act on
and the full validation result; `raw.load_log` records it. Nothing of it reaches the raw tables.

A delivery is its folder: `delivery_id` is `<wave>[-<MM>][-r<N>]` (2014-09, 2014-09-r2). Within a
source, folders load in natural order (2014-09-r2 before 2014-09-r10), because staging takes, per
wave, the delivery loaded last. Re-ingesting a folder loaded before from the same bytes does
nothing; a new folder is a new delivery even with bytes loaded before (a correction reverting to
the original file), and a loaded delivery id with other bytes is refused.

Checks run in this order: the folder holds one expected file; (a source carrying national ids)
the pseudonymisation key is the one the warehouse's person keys were made with; the folder name
is a delivery id and the file name's period agrees with it; the file can be read (and where a
column may be delivered in another's place, exactly one of the two is: a follow-up frame's `fnr`
or its already pseudonymised `person_key`, `Contract.as_delivered`); no cell looks like a
national id outside a column declared to hold them, other than a well-formed person key (checked
before great-expectations, so no result or message ever repeats one); every value of a declared
column is a valid fødselsnummer (named by row, never repeated), and is then replaced by its
person key, so nothing after this point (results, messages, REASON.txt, load_log, raw tables)
sees a national id; a source with a parent finds the parent's delivery of the same wave loaded;
then the contract's great-expectations suite (for an extract of millions of rows, evaluated
column-wise: `validation.evaluate`).

A refusal is the delivery's fault and quarantines it. Anything else that goes wrong (the
warehouse refuses a write, an unexpected error reading the file) raises `LoadFailed`, one line
naming the delivery and file; nothing of the delivery is loaded and it stays in landing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from nav_placement.ingest import load
from nav_placement.ingest.contracts import (
    NATIONAL_ID,
    Contract,
    FileFormat,
    Refused,
    Violation,
    contracts,
    fnr_violations,
    load_order,
    national_id_violations,
)
from nav_placement.ingest.readers import read_delivery
from nav_placement.ingest.validation import ParentCheck, validate
from nav_placement.paths import Paths
from nav_placement.pseudonymise import (
    KEY_ENV,
    PseudonymKeyError,
    key_file,
    key_fingerprint,
    load_key,
    person_keys,
)

MORE_PROBLEMS_SHOWN = 10
DELIVERY_ID = re.compile(
    r"(?P<wave>\d{4})(?:-(?P<month>0[1-9]|1[0-2]))?(?:-r(?P<revision>[1-9]\d*))?")
DELIVERY_ID_FORM = "<wave>[-<MM>][-r<N>], e.g. 2014-09, or 2014-09-r2 for a corrected re-delivery"


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one delivery."""

    source: str
    delivery_id: str
    file_name: str | None
    status: str  # "loaded" | "already_loaded" | "rejected"
    row_count: int | None
    message: str
    quarantine_dir: Path | None = None  # where a rejected delivery went


class DeliveryRejected(Exception):
    """A delivery broke its contract. It is in quarantine; nothing of it was loaded."""

    def __init__(self, outcome: IngestOutcome):
        super().__init__(outcome.message)
        self.outcome = outcome


class LoadFailed(RuntimeError):
    """A delivery could not be ingested for a reason that is not its fault (the warehouse refused
    a write, or an unexpected error): one line naming the delivery and file. Nothing of it was
    loaded and it stays in landing, so the next ingest tries it again."""


@dataclass
class _Step:
    """Where `ingest_delivery` is, for the message of an error it did not expect."""

    label: str  # source/delivery_id
    folder: Path
    file_name: str | None = None
    doing: str = "preparing the raw tables"

    def failed(self, error: BaseException) -> str:
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        cause = lines[0] if lines else ""
        if not isinstance(error, duckdb.Error):  # DuckDB's own messages name their kind
            cause = f"{type(error).__name__}: {cause}" if cause else type(error).__name__
        where = f"{self.label} {self.file_name}" if self.file_name else self.label
        stays = f", it stays in {self.folder}" if self.folder.exists() else ""
        # an error may quote a cell of a file the national-id guard has not seen yet
        return redact(f"{where}: {self.doing} failed ({cause}); nothing of this delivery was "
                      f"loaded{stays}")


def landing_deliveries(paths: Paths) -> list[tuple[str, Path]]:
    """Every (source, delivery folder) in landing; anything unexpected is an error.

    In load order: a source's parent (the gross sample) before the source (the interviews),
    whatever the folder names sort like; otherwise by source, then delivery folder in natural
    order (`delivery_order`: 2014-09, 2014-09-r2, 2014-09-r10).
    Checked before anything is ingested, so a misplaced folder stops the run instead of
    being silently ignored.
    """
    if not paths.landing.is_dir():
        return []
    known = contracts()
    found = []
    for source_dir in _visible(paths.landing):
        if source_dir.name not in known or not source_dir.is_dir():
            raise ValueError(f"{source_dir}: unknown source {source_dir.name!r} in landing "
                             f"(known sources: {', '.join(sorted(known))})")
        for delivery_dir in _visible(source_dir):
            if not delivery_dir.is_dir():
                raise ValueError(f"{delivery_dir}: deliveries are folders, "
                                 f"landing/{source_dir.name}/<delivery_id>/<file>")
            found.append((source_dir.name, delivery_dir))
    return sorted(found, key=lambda sd: (load_order(sd[0]), sd[0], delivery_order(sd[1].name)))


def delivery_order(delivery_id: str) -> tuple:
    """Natural sort key: digit runs compare as numbers, so 2014-09-r2 < 2014-09-r10 (the
    revision loaded last is the one staging takes)."""
    parts = re.split(r"([0-9]+)", delivery_id)  # text, digits, text, ...: odd parts are numbers
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))


def _visible(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def ingest_landing(paths: Paths, progress: Callable[[str], object] = print,
                   strict: bool = False) -> list[IngestOutcome]:
    """Ingest every delivery in landing, parents first (see `landing_deliveries`).

    With `strict`, raise `DeliveryRejected` for the first rejected delivery once all of them
    have been handled (good ones loaded, bad ones quarantined), so a run can fail loudly.
    """
    deliveries = landing_deliveries(paths)
    if not deliveries:
        progress(f"no deliveries in {paths.landing}")
    outcomes = []
    for source, delivery_dir in deliveries:
        outcome = ingest_delivery(paths, source, delivery_dir)
        progress(describe(outcome))
        outcomes.append(outcome)
    rejected = [o for o in outcomes if o.status == "rejected"]
    if strict and rejected:
        raise DeliveryRejected(rejected[0])
    return outcomes


def describe(outcome: IngestOutcome) -> str:
    """One progress line per delivery."""
    where = f"{outcome.source}/{outcome.delivery_id}"
    if outcome.status == "rejected":
        return f"{where}: REJECTED, moved to {outcome.quarantine_dir}: {outcome.message}"
    return f"{where}: {outcome.message}"


def ingest_delivery(paths: Paths, source: str, delivery_dir: Path) -> IngestOutcome:
    """Check one delivery folder and load it, skip it (this delivery loaded before from the same
    bytes) or refuse it. Raises `LoadFailed` for anything that is not the delivery's fault."""
    if source not in contracts():
        raise ValueError(f"unknown source {source!r} (known sources: {', '.join(contracts())})")
    contract, delivery_dir = contracts()[source], Path(delivery_dir)
    step = _Step(f"{source}/{delivery_dir.name}", delivery_dir)
    try:
        return _ingest(paths, contract, delivery_dir, step)
    except Exception as e:  # one line naming the delivery and file; the cause is chained
        raise LoadFailed(step.failed(e)) from e


def _ingest(paths: Paths, contract: Contract, delivery_dir: Path, step: _Step) -> IngestOutcome:
    source, delivery_id = contract.source, delivery_dir.name
    load.create_raw_tables(paths.build_db, list(contracts().values()))
    step.doing = "looking at its files"
    try:
        path, file_format, note = delivery_file(delivery_dir, contract)
    except Refused as e:
        step.doing = "refusing it"
        return _reject(paths, contract, delivery_dir, None, None, [e.violation], None)
    step.file_name, step.doing = path.name, "reading it"
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    step.doing = "looking it up in raw.load_log"
    if load.is_loaded(paths.build_db, source, delivery_id, sha256):
        return IngestOutcome(source, delivery_id, path.name, "already_loaded", None,
                             f"{path.name} already loaded as delivery {delivery_id} "
                             "(same sha256), nothing to do")
    key = fingerprint = None
    if contract.national_id_columns:
        step.doing = "reading the pseudonymisation key"
        key, fingerprint = warehouse_key(paths)
    frame = None
    try:
        step.doing = "checking it"
        check_delivery_id(paths, contract, delivery_id, path)
        frame, dictionary = read_delivery(data, file_format, contract)
        contract = contract.as_delivered(frame.columns)  # person_key delivered in place of fnr
        guarded = national_id_violations(frame, contract, dictionary.texts() if dictionary else [])
        if guarded:
            raise Refused(*guarded, stage="national_id_guard")
        invalid = fnr_violations(frame, contract)
        if invalid:
            raise Refused(*invalid, stage="national_id")
        if key is not None:  # from here on, no check, result or message can see a national id
            frame = pseudonymised(frame, contract, key)
        parent = parent_check(paths, contract, int(delivery_id[:4]))
        checked = validate(frame, contract, parent)
    except Refused as e:
        step.doing = "refusing it"
        return _reject(paths, contract, delivery_dir, path.name, sha256, e.violations, None,
                       row_count=None if frame is None else len(frame), stage=e.stage)
    if not checked.success:
        step.doing = "refusing it"
        return _reject(paths, contract, delivery_dir, path.name, sha256, checked.violations,
                       checked.result, row_count=len(frame), unlisted=checked.unlisted)
    labels = (f" with {len(dictionary.variables)} variable labels and "
              f"{len(dictionary.value_labels)} value labels") if dictionary else ""
    checked_against = f", every {contract.parent.noun} checked against " \
        f"{contract.parent.source} delivery {parent.delivery_id}" if parent else ""
    step.doing = "looking it up in raw.load_log"
    earlier = load.deliveries_with(paths.build_db, source, sha256)
    again = f" (the same bytes as delivery {earlier[-1]}, loaded again as a new delivery)" \
        if earlier else ""
    keyed = ", ".join([f"{c.header} replaced by {c.name}" for c in contract.national_id_columns]
                      + [f"{c.instead.header} delivered in place of {c.header}"
                         for c in contracts()[source].columns
                         if c.instead is not None and c.instead in contract.columns])
    keyed = f" ({keyed})" if keyed else ""
    message = (f"loaded {len(frame)} rows from {path.name}{keyed}{labels}{checked_against}{note}"
               f"{again}")
    step.doing = f"loading it into {contract.raw_table}"
    load.append_delivery(paths.build_db, frame, int(delivery_id[:4]), load.LogEntry(
        contract, delivery_id, path.name, sha256, "loaded", len(frame), message,
        _json(checked.result), _now()), dictionary,
        fingerprint if contract.national_id_columns else None)
    return IngestOutcome(source, delivery_id, path.name, "loaded", len(frame), message)


def warehouse_key(paths: Paths) -> tuple[bytes, str]:
    """The pseudonymisation key and its fingerprint, if it is the key the warehouse's person keys
    were made with (or the warehouse has none yet): person keys made under two keys would never
    join, so a delivery is not loaded under another key."""
    key = load_key()
    fingerprint = key_fingerprint(key)
    recorded = load.recorded_key_fingerprint(paths.build_db)
    if recorded is not None and recorded != fingerprint:
        source = KEY_ENV if os.environ.get(KEY_ENV, "").strip() else f"key file {key_file()}"
        raise PseudonymKeyError(
            f"the key from {source} (fingerprint {fingerprint}) is not the key this warehouse's "
            f"person keys were made with (fingerprint {recorded}, raw.pseudonym_key); set "
            f"{KEY_ENV} to that key or restore its key file")
    return key, fingerprint


def pseudonymised(frame, contract: Contract, key: bytes):
    """The frame with every national id replaced by its person key (`pseudonymise.person_key`);
    the column keeps its delivered header until the load names it (`person_key`)."""
    return frame.assign(**{c.header: person_keys(frame[c.header], key)
                           for c in contract.national_id_columns if c.header in frame.columns})


def parent_check(paths: Paths, contract: Contract, wave: int) -> ParentCheck | None:
    """The parent delivery of the same wave to check a delivery against; refused if none is
    loaded (the parent must come first: `ingest_landing` orders deliveries so)."""
    parent = contract.parent
    if parent is None:
        return None
    parent_contract = contracts()[parent.source]
    delivery_id = load.latest_delivery(paths.build_db, parent.source, wave)
    if delivery_id is None:
        raise Refused(Violation(None, contract.column(parent.column).header, (
            f"cannot be checked: {parent.parent_name} of wave {wave} is not loaded (no "
            f"{parent.source} delivery of wave {wave}); deliver and load it first, as "
            f"landing/{parent.source}/{wave}-MM/{parent_contract.formats[0].example}")),
            stage="parent")
    if parent.condition is None:
        keys = load.delivery_values(paths.build_db, parent_contract, delivery_id, [parent.key])
        return ParentCheck(wave, delivery_id, {k: "" for (k,) in keys}, {})
    column, _, _, labels = parent.condition
    rows = load.delivery_values(paths.build_db, parent_contract, delivery_id, [parent.key, column])
    return ParentCheck(wave, delivery_id, dict(rows), dict(labels))


def check_delivery_id(paths: Paths, contract: Contract, delivery_id: str, chosen: Path) -> None:
    """A delivery id names one delivery of one period (staging picks deliveries by it); the
    file names in its folder (the one loaded first) must agree with that period."""
    match = DELIVERY_ID.fullmatch(delivery_id)
    if match is None:
        raise Refused(Violation(None, None, f"delivery folder {delivery_id!r} is not named "
                                            f"{DELIVERY_ID_FORM}"))
    others = [p for p in _visible(chosen.parent) if p != chosen]  # all contract file names
    for path in [chosen, *others]:
        wave, month = contract.file_format(path.name).period(path.name)
        both_months = bool(month and match["month"])
        if wave == match["wave"] and (not both_months or month == match["month"]):
            continue
        file_period = f"{wave}-{month}" if month else wave
        folder_period = f"{match['wave']}-{match['month']}" if both_months else match["wave"]
        which = "the file name" if path == chosen else f"{path.name}, also in the folder,"
        raise Refused(Violation(None, None, (
            f"{which} says {file_period}, but the delivery folder {delivery_id} says "
            f"{folder_period}; a file goes in the folder of its own "
            f"{'wave and month' if both_months else 'wave'}, e.g. "
            f"landing/{contract.source}/{file_period}{'' if month else '-MM'}/")))
    earlier = load.loaded_file_of(paths.build_db, contract.source, delivery_id)
    if earlier:
        raise Refused(Violation(None, None, (
            f"delivery {delivery_id} was already loaded from a different {earlier}; a corrected "
            f"re-delivery goes in a new folder such as {next_delivery_id(delivery_id)}")))


def delivery_file(delivery_dir: Path, contract: Contract) -> tuple[Path, FileFormat, str]:
    """The one file to load from a delivery folder, its format, and a note on what was skipped.

    A folder holds one export; Questback may send it both as xlsx and as csv, and then the
    contract's preferred format is loaded and the other copy only mentioned.
    """
    expected = " or ".join(f.example for f in contract.formats)
    by_format: dict[FileFormat, list[Path]] = {}
    for path in _visible(delivery_dir):
        file_format = contract.file_format(path.name) if path.is_file() else None
        if file_format is None:
            raise Refused(Violation(None, None, f"unexpected file {path.name!r} "
                                                f"(a {contract.source} delivery is {expected})"))
        by_format.setdefault(file_format, []).append(path)
    chosen = [f for f in contract.formats if f in by_format]
    if not chosen:
        raise Refused(Violation(None, None, f"no delivery file (expected {expected})"))
    for file_format in chosen:
        if len(by_format[file_format]) > 1:
            names = ", ".join(p.name for p in by_format[file_format])
            raise Refused(Violation(None, None, f"several files of one kind ({names}); "
                                                "a delivery is one export"))
    skipped = [by_format[f][0].name for f in chosen[1:]]
    note = f" ({', '.join(skipped)}: the same export in another format, not loaded)" if skipped \
        else ""
    return by_format[chosen[0]][0], chosen[0], note


def next_delivery_id(delivery_id: str) -> str:
    """The folder name for a corrected re-delivery: 2014-09 -> 2014-09-r2 -> 2014-09-r3; for a
    folder not named as a delivery, the period it starts with: 2014-09-copy -> 2014-09-r2."""
    match = DELIVERY_ID.fullmatch(delivery_id)
    if match is None:
        period = re.match(r"\d{4}(?:-(?:0[1-9]|1[0-2]))?", delivery_id)
        return f"{period[0]}-r2" if period else "<wave>-<MM>"
    base = delivery_id.removesuffix(f"-r{match['revision']}") if match["revision"] else delivery_id
    return f"{base}-r{int(match['revision'] or 1) + 1}"


def _json(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, indent=1, default=str)


def redact(text: str) -> str:
    """A message with anything like a national id masked: a second line of defence behind the
    guard, for the cell text a reader error may quote. (Great-expectations results need none:
    they only exist for files the guard passed.)"""
    return NATIONAL_ID.sub("<11 digits removed>", text)


def _parent_fix(contract: Contract, delivery_id: str) -> str:
    """For a delivery refused only because its parent is not loaded: the file may be fine."""
    return (f"To fix: load {contract.parent.parent_name} of wave {delivery_id[:4]} first "
            f"(landing/{contract.parent.source}/), then move this folder back to "
            f"landing/{contract.source}/{delivery_id}/; the file itself was not checked further.")


def _now() -> datetime:
    """UTC wall time, stored as a plain TIMESTAMP."""
    return datetime.now(UTC).replace(tzinfo=None)


def _reject(paths: Paths, contract: Contract, delivery_dir: Path, file_name: str | None,
            sha256: str | None, violations: list[Violation], gx_result: dict | None,
            row_count: int | None = None, stage: str = "read",
            unlisted: int = 0) -> IngestOutcome:
    """Log the refusal, move the whole folder to quarantine with REASON.txt and validation.json."""
    label = f"{contract.source}/{delivery_dir.name}"
    lines = [redact(v.line(file_name or label)) for v in violations]
    result = gx_result or {"success": False, "stage": stage, "violations": [
        {**v.__dict__, "problem": redact(v.problem)} for v in violations]}
    file_format = contract.file_format(file_name) if file_name else None
    result_json = _json(result)
    when = _now()
    load.log_rejection(paths.build_db, load.LogEntry(
        contract, delivery_dir.name, file_name, sha256, "rejected", row_count, lines[0],
        result_json, when))
    target = paths.quarantine / contract.source / delivery_dir.name
    if target.exists():
        target = target.with_name(f"{target.name}-{when:%Y%m%dT%H%M%S%fZ}")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(delivery_dir, target)
    (target / "validation.json").write_text(result_json, encoding="utf-8")
    (target / "REASON.txt").write_text(
        reason_text(contract.source, delivery_dir, target, file_name, sha256, lines, when,
                    file_format.row_convention if file_format else None, unlisted,
                    _parent_fix(contract, delivery_dir.name) if stage == "parent" else None),
        encoding="utf-8")
    return IngestOutcome(contract.source, delivery_dir.name, file_name, "rejected", row_count,
                         lines[0], target)


def reason_text(source: str, came_from: Path, target: Path, file_name: str | None,
                sha256: str | None, lines: list[str], when: datetime,
                row_convention: str | None = None, unlisted: int = 0,
                fix: str | None = None) -> str:
    """What a person needs to act on a refused delivery, without reading JSON."""
    more = lines[1 : 1 + MORE_PROBLEMS_SHOWN]
    text = [
        f"REJECTED delivery {source}/{came_from.name}",
        f"when:    {when:%Y-%m-%d %H:%M:%S} UTC",
        f"file:    {file_name or '-'}",
        f"sha256:  {sha256 or '-'}",
        f"moved:   {came_from} -> {target}",
        "",
        f"why:     {lines[0]}",
    ]
    if row_convention:
        text += [f"rows:    {row_convention}"]
    if more:
        also = ("; great-expectations lists at most 200 failing rows per check, another "
                f"{unlisted} are only counted in validation.json") if unlisted else ""
        text += ["", f"more problems ({len(more)} of {len(lines) - 1} shown{also}):"]
        text += [f"  - {line}" for line in more]
    text += [
        "",
        "Nothing from this delivery was loaded; the warehouse is as it was before.",
        "validation.json holds the full great-expectations result.",
        fix or "To fix: get a corrected file and deliver it as a new folder, e.g. "
        f"landing/{source}/{next_delivery_id(came_from.name)}/.",
    ]
    return "\n".join(text) + "\n"
