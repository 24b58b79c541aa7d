"""Check a delivery against its contract with great-expectations, before anything is loaded.

Each contract becomes one expectation suite. Every expectation carries, in its `meta`, the
sentence an analyst reads when it fails (a template filled with the offending value), so the
GX result stored in `raw.load_log` and the one-line error say the same thing.

A contract with a parent (interviews -> gross sample) is checked against the parent delivery
already loaded: `validate` adds a column holding, per row, what the parent says about the row's
key (the gross-sample disposition of the serial), and the suite's expectations on that column are
reported on the key column.
"""

from __future__ import annotations

import functools
import os
from collections import Counter, defaultdict
from dataclasses import dataclass

import pandas as pd

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # before GX is imported: no phoning home

import great_expectations as gx  # noqa: E402
import great_expectations.expectations as gxe  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402
from great_expectations.expectations.row_conditions import Column as Where  # noqa: E402

from nav_placement.ingest.contracts import Contract, ParentKey, Violation  # noqa: E402
from nav_placement.ingest.readers import MOJIBAKE  # noqa: E402

RESULT_FORMAT = {"result_format": "COMPLETE"}  # COMPLETE: every failing row, not a sample
_CHECKERS_BUILT: Counter[str] = Counter()  # per source__entity


@dataclass(frozen=True)
class Validation:
    """The outcome of checking one file: GX's result as JSON-able data and what broke, in order."""

    success: bool
    result: dict
    violations: list[Violation]
    # failing rows great-expectations counted but did not list (it lists at most 200 per check)
    unlisted: int = 0


@dataclass(frozen=True)
class ParentCheck:
    """The parent delivery a delivery is checked against (see `ParentKey`)."""

    wave: int
    delivery_id: str  # the parent delivery of that wave loaded last
    # key -> its value in the parent's condition column ("" without a condition)
    values: dict[str, str]
    labels: dict[str, str]  # condition value -> label, for messages


def parent_column(contract: Contract) -> str | None:
    """The column `validate` adds to a delivery with a parent: per row, the parent's condition
    value for the row's key (None: the key is not in the parent delivery)."""
    parent = contract.parent
    if parent is None:
        return None
    looked_up = parent.condition[0] if parent.condition else parent.key
    return f"{contract.column(parent.column).header} in {parent.source}: {looked_up}"


def _says(problem: str) -> dict:
    return {"problem": problem}


def _parent_expectations(contract: Contract, parent: ParentKey) -> list[gxe.Expectation]:
    """Checks on `parent_column`, reported on the key column (a row is named by its key)."""
    key = contract.column(parent.column).header
    looked_up = parent_column(contract)
    where = (f"{parent.parent_name} of wave {{wave}} ({parent.source} delivery "
             f"{{parent_delivery}})")
    expectations = [gxe.ExpectColumnValuesToNotBeNull(
        column=looked_up, meta={"column": key, **_says(
            f"{parent.noun} {{row[{key}]}} is not in {where}")})]
    if parent.condition:
        condition_column, accepted, meaning, _ = parent.condition
        expectations.append(gxe.ExpectColumnValuesToBeInSet(
            column=looked_up, value_set=sorted(accepted), meta={"column": key, **_says(
                f"{parent.noun} {{row[{key}]}} has {condition_column.removesuffix('_code')} "
                f"{{value}} ({{value_label}}) in {where}, not {meaning}")}))
    return expectations


def expectation_suite(contract: Contract) -> gx.ExpectationSuite:
    """The contract as expectations on the frame `readers.to_frame` builds (delivered headers)."""
    expectations: list[gxe.Expectation] = []
    add = expectations.append
    headers = [c.header for c in contract.columns]
    add(gxe.ExpectTableRowCountToBeBetween(
        min_value=1, meta=_says("has a header but no data rows")))
    add(gxe.ExpectTableColumnsToMatchSet(
        column_set=headers + ([parent_column(contract)] if contract.parent else []),
        exact_match=True,
        meta={"missing": "is missing from the header", "unexpected": "is not in the contract"}))
    for c in contract.columns:
        # a pattern or an ASCII value set refuses mojibake anyway, with a plainer message
        if not c.pattern and not (c.allowed and all(v.isascii() for v in c.allowed)):
            add(gxe.ExpectColumnValuesToNotMatchRegex(
                column=c.header, regex=MOJIBAKE.pattern,
                meta=_says("'{value}' looks double-encoded (UTF-8 read as Latin-1 and saved "
                           "again)")))
        if not c.nullable:
            add(gxe.ExpectColumnValuesToNotBeNull(
                column=c.header, meta=_says("is empty, but a value is required")))
        if c.pattern:
            add(gxe.ExpectColumnValuesToMatchRegex(
                column=c.header, regex=c.pattern, meta=_says(f"'{{value}}' is not {c.expected}")))
        if c.allowed:
            add(gxe.ExpectColumnValuesToBeInSet(
                column=c.header, value_set=sorted(c.allowed),
                meta=_says(f"'{{value}}' is not {c.expected}")))
        if c.only_when:
            other, values, who = c.only_when
            other_header = contract.column(other).header
            add(gxe.ExpectColumnValuesToBeNull(
                column=c.header, row_condition=Where(other_header).is_not_in(sorted(values)),
                meta=_says(f"'{{value}}' is filled in, but {c.header} is only for {who}")))
    add(gxe.ExpectColumnValuesToBeUnique(
        column=contract.column(contract.key).header,
        meta=_says("'{value}' occurs more than once (rows {rows}), but it is the key")))
    if contract.code_name_pair:
        code, name, pairs = contract.code_name_pair
        code_header = contract.column(code).header
        add(gxe.ExpectColumnPairValuesToBeInSet(
            column_A=code_header, column_B=contract.column(name).header,
            value_pairs_set=sorted(pairs), ignore_row_if="either_value_is_missing",
            meta=_says(f"'{{value[1]}}' is not the name of {code_header} '{{value[0]}}' "
                       "in the code list")))
    if contract.parent:
        expectations += _parent_expectations(contract, contract.parent)
    return gx.ExpectationSuite(name=f"{contract.source}__{contract.entity}",
                               expectations=expectations)


@functools.cache
def _context():
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


@functools.cache
def _checker(contract: Contract):
    """Batch definition and suite for a contract, built once per process (building is slow).

    GX names must be unique in its context: a contract built again from changed seeds (another
    contract of the same source) gets a numbered name, source__entity__2.
    """
    context, suite = _context(), expectation_suite(contract)
    _CHECKERS_BUILT[suite.name] += 1
    if _CHECKERS_BUILT[suite.name] > 1:
        suite.name = f"{suite.name}__{_CHECKERS_BUILT[suite.name]}"
    batches = (context.data_sources.add_pandas(suite.name)
               .add_dataframe_asset("delivery")
               .add_batch_definition_whole_dataframe("whole_file"))
    return batches, context.suites.add(suite)


def validate(frame: pd.DataFrame, contract: Contract,
             parent: ParentCheck | None = None) -> Validation:
    """Run the contract's suite on a delivery frame (index = spreadsheet row numbers).

    A contract with a parent needs `parent`: the parent delivery's keys to check against.
    """
    if (parent is None) != (contract.parent is None):
        raise ValueError(f"{contract.source}: a parent check is needed exactly when the contract "
                         "has a parent")
    batches, suite = _checker(contract)
    context = {}
    if parent:
        key = contract.column(contract.parent.column).header
        looked_up = frame[key].map(parent.values) if key in frame.columns else None
        frame = frame.assign(**{parent_column(contract): looked_up})
        context = {"wave": parent.wave, "parent_delivery": parent.delivery_id,
                   "value_label": parent.labels}
    result = batches.get_batch(batch_parameters={"dataframe": frame}).validate(
        suite, result_format=RESULT_FORMAT)
    rank = {e.id: i for i, e in enumerate(suite.expectations)}
    position = {h: i for i, h in enumerate(frame.columns)}
    found = sorted(
        ((v, rank[r.expectation_config.id]) for r in result.results if not r.success
         for v in _violations(r, frame, context)),
        key=lambda vr: (vr[0].row or 0, position.get(vr[0].column, -1), vr[1]))
    seen, violations = set(), []
    for v, _ in found:  # one problem per cell: the most telling check comes first in the suite
        if (v.row, v.column) not in seen:
            seen.add((v.row, v.column))
            violations.append(v)
    unlisted = sum(max(0, (r.result or {}).get("unexpected_count", 0)
                       - len((r.result or {}).get("unexpected_index_list") or []))
                   for r in result.results if not r.success
                   and "unexpected_index_list" in (r.result or {}))
    return Validation(result.success, result.to_json_dict(), violations, unlisted)


def _violations(r, frame: pd.DataFrame, context: dict) -> list[Violation]:
    """The located violations one failed expectation stands for."""
    config, result, columns = r.expectation_config, r.result or {}, frame.columns
    column = (config.meta or {}).get("column") or config.kwargs.get("column") \
        or config.kwargs.get("column_B")
    if config.type == "expect_table_columns_to_match_set":
        mismatched = result["details"]["mismatched"]
        return [Violation(1, c, config.meta[kind])
                for kind in ("missing", "unexpected") for c in mismatched.get(kind, [])]
    if column is not None and column not in columns:
        return []  # a missing column is reported once, by expect_table_columns_to_match_set
    problem = config.meta["problem"]
    error = _exception_message(r.exception_info)
    if error:
        return [Violation(None, column, f"could not be checked ({error})")]
    if "unexpected_index_list" not in result:
        return [Violation(None, column, problem)]
    rows = list(result["unexpected_index_list"])
    values = [tuple(v) if isinstance(v, list) else v for v in result["unexpected_list"]]
    if len(values) < len(rows):  # GX lists at most 200 values, but every row: read the frame
        kwargs = config.kwargs
        if "column_A" in kwargs:
            values = [(frame.at[row, kwargs["column_A"]], frame.at[row, kwargs["column_B"]])
                      for row in rows]
        else:
            values = [frame.at[row, kwargs["column"]] for row in rows]
    rows_of = defaultdict(list)
    for row, value in zip(rows, values):
        rows_of[value].append(str(row))
    return [Violation(row, column, problem.format(value=value, rows=", ".join(rows_of[value]),
                                                  row=_Row(frame, row),
                                                  **_for_value(context, value)))
            for row, value in zip(rows, values)]


class _Row:
    """`{row[LOPENR]}` in a message: another cell of the offending row."""

    def __init__(self, frame: pd.DataFrame, row: int):
        self.frame, self.row = frame, row

    def __getitem__(self, header: str):
        return self.frame.at[self.row, header]


def _for_value(context: dict, value) -> dict:
    """Message fields; a dict-valued field is looked up by the offending value."""
    return {k: v.get(value, "?") if isinstance(v, dict) else v for k, v in context.items()}


def _exception_message(info: dict | None) -> str | None:
    """GX reports a failed metric either flat or keyed by metric id; find its message."""
    if not info:
        return None
    if "raised_exception" in info:
        return info["exception_message"] if info["raised_exception"] else None
    return next((i["exception_message"] for i in info.values() if i.get("raised_exception")), None)
