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
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # before GX is imported: no phoning home

import great_expectations as gx  # noqa: E402
import great_expectations.expectations as gxe  # noqa: E402
from great_expectations.core.expectation_validation_result import (  # noqa: E402
    ExpectationSuiteValidationResult,
    ExpectationValidationResult,
)
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402
from great_expectations.expectations.row_conditions import Column as Where  # noqa: E402

from nav_placement.ingest.contracts import Contract, ParentKey, Violation  # noqa: E402
from nav_placement.ingest.readers import MOJIBAKE  # noqa: E402

RESULT_FORMAT = {"result_format": "COMPLETE"}  # COMPLETE: every failing row, not a sample
LISTED = 200  # `evaluate`: failing rows listed per expectation (all are counted)
PARTIAL = 20  # `evaluate`: failing values in partial_unexpected_list, as great-expectations
EVALUATED_BY = ("nav_placement.ingest.validation.evaluate: the contract's suite evaluated "
                "column-wise on distinct values; failing rows listed up to 200 per expectation")
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
    # a column another may be delivered in place of (`Column.instead`): missing means both are
    instead = {c.header: c.instead.header for c in contract.columns if c.instead is not None}
    add(gxe.ExpectTableColumnsToMatchSet(
        column_set=headers + ([parent_column(contract)] if contract.parent else []),
        exact_match=True,
        meta={"missing": "is missing from the header", "unexpected": "is not in the contract",
              **({"instead": instead} if instead else {})}))
    for c in contract.columns:
        if c.national_id:  # holds person keys by now: every fnr was checked before the suite
            if not c.nullable:
                add(gxe.ExpectColumnValuesToNotBeNull(
                    column=c.header, meta=_says("is empty, but a fødselsnummer is required")))
            continue
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
        if c.date_format:
            add(gxe.ExpectColumnValuesToMatchStrftimeFormat(
                column=c.header, strftime_format=c.date_format,
                meta=_says("'{value}' is not a date in the calendar")))
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
    for start, end in contract.date_ranges:
        start_header, end_header = contract.column(start).header, contract.column(end).header
        add(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=end_header, column_B=start_header, or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta={"column": end_header, **_says(
                f"'{{value[0]}}' is before {start_header} '{{value[1]}}': a spell cannot end "
                "before it starts")}))
    key = [contract.column(k) for k in contract.key_columns]
    if len(key) > 1:
        same = "in every column" if len(key) == len(contract.columns) else \
            f"in {', '.join(c.header for c in key)}, which together are the key"
        add(gxe.ExpectCompoundColumnsToBeUnique(
            column_list=[c.header for c in key],
            meta=_says(f"is delivered more than once: rows {{rows}} are the same {same}")))
    elif key[0].national_id:
        add(gxe.ExpectColumnValuesToBeUnique(column=key[0].header, meta=_says(
            "the same fødselsnummer occurs more than once (rows {rows}), but it is the key (the "
            "number is not repeated here)")))
    else:
        add(gxe.ExpectColumnValuesToBeUnique(
            column=key[0].header,
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
    if contract.vectorised:
        result = evaluate(suite, frame)
    else:
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
        mismatched, instead = result["details"]["mismatched"], config.meta.get("instead", {})
        return [Violation(1, c, config.meta[kind] + (
                    f" (nor is {instead[c]}, which may be delivered in its place: exactly one of "
                    "the two is required)" if kind == "missing" and c in instead else ""))
                for kind in ("missing", "unexpected") for c in mismatched.get(kind, [])]
    named = [column, config.kwargs.get("column_A"), config.kwargs.get("column_B"),
             *(config.kwargs.get("column_list") or [])]
    if any(c is not None and c not in columns for c in named):
        return []  # a missing column is reported once, by expect_table_columns_to_match_set
    problem = config.meta["problem"]
    error = _exception_message(r.exception_info)
    if error:
        return [Violation(None, column, f"could not be checked ({error})")]
    if "unexpected_index_list" not in result:
        return [Violation(None, column, problem)]
    rows = list(result["unexpected_index_list"])
    values = [tuple(v.values()) if isinstance(v, dict) else tuple(v) if isinstance(v, list)
              else v for v in result["unexpected_list"]]
    if len(values) < len(rows):  # GX lists at most 200 values, but every row: read the frame
        kwargs = config.kwargs
        if "column_list" in kwargs:
            values = [tuple(frame.at[row, c] for c in kwargs["column_list"]) for row in rows]
        elif "column_A" in kwargs:
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


# --- the suite on millions of rows ----------------------------------------------------------
#
# Great-expectations' pandas engine computes every metric row by row over the whole frame and
# lists every failing row. On an Arena extract of 2.4 M spells (2 cores) it took 33 s for a good
# file, and a file whose every row broke one check had not finished after 20 minutes; this
# evaluation takes 2.4 s and 3.1 s. A contract marked `vectorised` has its suite evaluated here
# instead of by great-expectations. Each column
# is factorised once (its distinct values and every row's code): a value check (a set of codes, a
# pattern, a calendar date) runs once per distinct value, and its answer is spread back to the
# rows by code; uniqueness is counted on the codes. The result is great-expectations' own result
# objects, in its COMPLETE format, but listing at most `LISTED` failing rows per expectation (the
# rest are counted): `validate` and the messages cannot tell the two apart, and a test holds the
# two engines to the same violations.


class _Distinct:
    """Per column of a frame: each row's code and the distinct values (code -1: empty)."""

    def __init__(self, frame: pd.DataFrame):
        self.frame, self._factorised = frame, {}

    def __call__(self, header: str) -> tuple[np.ndarray, list]:
        if header not in self._factorised:
            codes, uniques = pd.factorize(self.frame[header], use_na_sentinel=True)
            self._factorised[header] = (codes, uniques.tolist())
        return self._factorised[header]

    def failing(self, header: str, passes: Callable[[object], bool]) -> np.ndarray:
        """Rows whose non-empty value does not pass (empty cells never fail a value check)."""
        codes, uniques = self(header)
        return np.array([not passes(v) for v in uniques] + [False], dtype=bool)[codes]

    def combined(self, headers: list[str]) -> np.ndarray:
        """One code per row for the combination of several columns' values (empty is a value)."""
        combined = np.zeros(len(self.frame), dtype=np.int64)
        for header in headers:
            codes, uniques = self(header)
            combined, _ = pd.factorize(combined * (len(uniques) + 1) + codes + 1)
        return combined

    def missing(self, header: str) -> np.ndarray:
        return self(header)[0] < 0


def _python(value):
    """A cell as great-expectations lists it: None for an empty cell."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def _map_result(frame: pd.DataFrame, unexpected: np.ndarray, ignored: np.ndarray | None,
                value_of: Callable[[int], object]) -> tuple[bool, dict]:
    """success and the COMPLETE-format result of a row-by-row expectation; `ignored` rows (empty
    cells of a value check) count as missing."""
    total = len(frame)
    missing = int(ignored.sum()) if ignored is not None else 0
    count = int(unexpected.sum())
    positions = np.flatnonzero(unexpected)[:LISTED]
    index = [int(i) for i in frame.index[positions]]
    values = [value_of(p) for p in positions]
    present = total - missing
    result = {
        "element_count": total,
        "unexpected_count": count,
        "unexpected_percent": 100 * count / present if present else None,
        "partial_unexpected_list": values[:PARTIAL],
    }
    if ignored is not None:
        result.update({
            "missing_count": missing,
            "missing_percent": 100 * missing / total if total else None,
            "unexpected_percent_total": 100 * count / total if total else None,
            "unexpected_percent_nonmissing": 100 * count / present if present else None,
        })
    result.update({
        "partial_unexpected_index_list": index[:PARTIAL],
        "unexpected_list": values,
        "unexpected_index_list": index,
    })
    return count == 0, result


def _row_condition(condition, frame: pd.DataFrame, distinct: _Distinct) -> np.ndarray:
    """The rows a great-expectations row condition selects (comparisons of one column)."""
    if condition is None:
        return np.ones(len(frame), dtype=bool)
    if hasattr(condition, "to_dict"):
        condition = condition.to_dict()
    if not isinstance(condition, dict) or condition.get("type") != "comparison":
        raise NotImplementedError(f"row condition {condition!r}")
    header, operator, parameter = (condition["column"]["name"], condition["operator"],
                                   condition["parameter"])
    tests = {"IN": lambda v: v in parameter, "NOT_IN": lambda v: v not in parameter,
             "EQUAL": lambda v: v == parameter, "NOT_EQUAL": lambda v: v != parameter}
    if operator not in tests:
        raise NotImplementedError(f"row condition operator {operator}")
    codes, uniques = distinct(header)
    on_empty = operator in ("NOT_IN", "NOT_EQUAL")  # as pandas' query: NaN is in no list
    return np.array([tests[operator](v) for v in uniques] + [on_empty], dtype=bool)[codes]


def _strftime(fmt: str) -> Callable[[object], bool]:
    def parses(value) -> bool:
        try:
            datetime.strptime(value, fmt)
        except ValueError:
            return False
        return True
    return parses


def _one(expectation, frame: pd.DataFrame, distinct: _Distinct) -> tuple[bool, dict]:
    """success and result of one expectation of the kinds contracts use."""
    kind, kw = expectation.expectation_type, expectation.configuration.kwargs
    headers = [kw[k] for k in ("column", "column_A", "column_B") if kw.get(k)] + \
        list(kw.get("column_list") or [])
    absent = [h for h in headers if h not in frame.columns]
    if absent:
        raise KeyError(f"column {absent[0]!r} is not in the frame")
    if kind == "expect_table_row_count_to_be_between":
        low, high = kw.get("min_value"), kw.get("max_value")
        n = len(frame)
        return (low is None or n >= low) and (high is None or n <= high), {"observed_value": n}
    if kind == "expect_table_columns_to_match_set":
        expected, observed = list(kw["column_set"]), list(frame.columns)
        missing = [c for c in expected if c not in observed]
        unexpected = [c for c in observed if c not in expected] if kw.get("exact_match", True) \
            else []
        result = {"observed_value": sorted(map(str, observed))}
        if missing or unexpected:
            result["details"] = {"mismatched": {k: v for k, v in (
                ("missing", missing), ("unexpected", unexpected)) if v}}
        return not (missing or unexpected), result
    if kind in ("expect_column_values_to_not_be_null", "expect_column_values_to_be_null"):
        header = kw["column"]
        empty = distinct.missing(header)
        unexpected = empty if kind.endswith("not_be_null") else \
            ~empty & _row_condition(kw.get("row_condition"), frame, distinct)
        column = frame[header]
        return _map_result(frame, unexpected, None, lambda p: _python(column.iloc[p]))
    if kind in ("expect_column_values_to_match_regex", "expect_column_values_to_not_match_regex",
                "expect_column_values_to_be_in_set",
                "expect_column_values_to_match_strftime_format"):
        header = kw["column"]
        if kind == "expect_column_values_to_be_in_set":
            allowed = set(kw["value_set"])
            passes = allowed.__contains__
        elif kind == "expect_column_values_to_match_strftime_format":
            passes = _strftime(kw["strftime_format"])
        else:
            search, wanted = re.compile(kw["regex"]).search, kind.endswith("_to_match_regex")
            passes = lambda v: (search(str(v)) is not None) == wanted  # noqa: E731
        unexpected = distinct.failing(header, passes) & \
            _row_condition(kw.get("row_condition"), frame, distinct)
        column = frame[header]
        return _map_result(frame, unexpected, distinct.missing(header),
                           lambda p: _python(column.iloc[p]))
    if kind == "expect_column_values_to_be_unique":
        header = kw["column"]
        codes, uniques = distinct(header)
        counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
        unexpected = (codes >= 0) & (np.append(counts, 0)[codes] > 1)
        column = frame[header]
        return _map_result(frame, unexpected, codes < 0, lambda p: _python(column.iloc[p]))
    if kind == "expect_compound_columns_to_be_unique":
        columns = list(kw["column_list"])
        ignored = np.logical_and.reduce([distinct.missing(h) for h in columns])  # all empty
        combined = distinct.combined(columns)
        counts = np.bincount(combined[~ignored], minlength=combined.max(initial=-1) + 1)
        unexpected = ~ignored & (counts[combined] > 1)
        return _map_result(frame, unexpected, ignored, lambda p: {
            h: _python(frame[h].iloc[p]) for h in columns})
    if kind in ("expect_column_pair_values_a_to_be_greater_than_b",
                "expect_column_pair_values_to_be_in_set"):
        a, b = kw["column_A"], kw["column_B"]
        empty_a, empty_b = distinct.missing(a), distinct.missing(b)
        ignore = kw.get("ignore_row_if", "both_values_are_missing")
        ignored = {"either_value_is_missing": empty_a | empty_b,
                   "both_values_are_missing": empty_a & empty_b}.get(
            ignore, np.zeros(len(frame), dtype=bool))
        if kind == "expect_column_pair_values_to_be_in_set":
            pairs = {tuple(p) for p in kw["value_pairs_set"]}
            combined = distinct.combined([a, b])
            _, first = np.unique(combined, return_index=True)  # a row of each combination
            bad = np.array([(_python(frame[a].iloc[p]), _python(frame[b].iloc[p])) not in pairs
                            for p in first], dtype=bool)
            unexpected = ~ignored & bad[combined]
        else:
            later = frame[a].astype("string[pyarrow]") > frame[b].astype("string[pyarrow]") \
                if not kw.get("or_equal") else \
                frame[a].astype("string[pyarrow]") >= frame[b].astype("string[pyarrow]")
            unexpected = ~ignored & ~later.fillna(False).to_numpy(dtype=bool)
        return _map_result(frame, unexpected, ignored, lambda p: (
            _python(frame[a].iloc[p]), _python(frame[b].iloc[p])))
    raise NotImplementedError(f"{kind} is not evaluated column-wise yet; leave this contract to "
                              "great-expectations (vectorised=False)")


def evaluate(suite: gx.ExpectationSuite, frame: pd.DataFrame) -> ExpectationSuiteValidationResult:
    """The suite's result on the frame, as great-expectations would give it (COMPLETE format,
    failing rows listed up to `LISTED` per expectation), computed column-wise."""
    distinct, results = _Distinct(frame), []
    for expectation in suite.expectations:
        try:
            success, result = _one(expectation, frame, distinct)
            error = {"raised_exception": False, "exception_traceback": None,
                     "exception_message": None}
        except NotImplementedError:
            raise
        except Exception as e:  # as great-expectations: the expectation fails, the others run
            success, result = False, {}
            error = {"raised_exception": True, "exception_traceback": None,
                     "exception_message": f"{type(e).__name__}: {e}"}
        results.append(ExpectationValidationResult(
            success=success, expectation_config=expectation.configuration, result=result,
            exception_info=error))
    passed = sum(r.success for r in results)
    return ExpectationSuiteValidationResult(
        success=passed == len(results), results=results, suite_name=suite.name,
        statistics={"evaluated_expectations": len(results), "successful_expectations": passed,
                    "unsuccessful_expectations": len(results) - passed,
                    "success_percent": 100 * passed / len(results) if results else None},
        meta={"great_expectations_version": gx.__version__, "evaluated_by": EVALUATED_BY,
              "row_count": len(frame)})
