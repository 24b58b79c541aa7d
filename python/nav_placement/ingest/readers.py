"""Read a delivered file into an all-text DataFrame, exactly as a spreadsheet would show it.

The frame's index is the spreadsheet row number (header = row 1) and its columns are the
delivered headers; empty cells are None. Anything that stops us from building that frame
(empty file, bytes in the wrong encoding, a corrupt workbook or .sav, a missing or broken header)
raises `Refused` with the same kind of located message the contract checks give.

An SPSS .sav file is read the same way: variable names are the header, case n is row n + 1,
numbers are the text SPSS shows (8 not 8.0; user-missing codes stay codes), system-missing is
None. Its dictionary (variable labels, value labels, user-missing codes) comes alongside.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyreadstat

from nav_placement.ingest.contracts import Contract, FileFormat, Refused, Violation

ENCODING_NAMES = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}
# UTF-8 æøåÆØÅ read as Windows-1252/Latin-1 and written out again as UTF-8
MOJIBAKE = re.compile("Ã[¸¥¦˜…†]")

Rows = list[tuple[int, list[str | None]]]  # (spreadsheet row number, cells)
# a line end (LF, CRLF or CR) right after another: a blank line, which a spreadsheet shows as an
# empty row (CRLF CRLF holds LF CR)
BLANK_LINE = (b"\n\n", b"\n\r", b"\r\r")


def decode(data: bytes, file_format: FileFormat) -> str:
    """Decode strictly with the contract's encodings in order; never guess, never replace."""
    for encoding in file_format.encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as e:
            error = e  # the last encoding's error points at a byte no encoding could read
    row, column, before = _locate(data[: error.start].decode(encoding), file_format.delimiter)
    names = " or ".join(ENCODING_NAMES.get(e, e) for e in file_format.encodings)
    byte = data[error.start]
    hint = " (the file looks Latin-1/Windows-1252)" if byte >= 0xC0 and \
        "cp1252" not in file_format.encodings else ""
    after = f" after '{before}'" if before else ""
    raise Refused(Violation(row, column, f"byte 0x{byte:02x}{after} is not valid {names}{hint}"))


def _locate(prefix: str, delimiter: str) -> tuple[int, str, str]:
    """Row, column (header name) and cell text so far, of the character following `prefix`."""
    records = list(csv.reader(io.StringIO(prefix + "\x00", newline=""), delimiter=delimiter))
    row, field = len(records), len(records[-1]) - 1
    header = [h.strip() for h in records[0]] if row > 1 else []
    column = header[field] if field < len(header) else f"#{field + 1}"
    return row, column, records[-1][field][:-1]


def csv_rows(data: bytes, file_format: FileFormat) -> Rows:
    """Records of a delimited text file, numbered as a spreadsheet numbers them."""
    text = decode(data, file_format)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=file_format.delimiter,
                        strict=True)
    rows: Rows = []
    try:
        for number, record in enumerate(reader, start=1):
            rows.append((number, [cell if cell != "" else None for cell in record]))
    except csv.Error as e:
        raise Refused(Violation(len(rows) + 1, None, f"is not valid CSV ({e})")) from e
    return rows


def excel_text(cell) -> str | None:
    """The text a user sees in a cell: 5 not 5.0, 12.5 as typed, dates as YYYY-MM-DD."""
    value = cell.value
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return f"{value:.15g}"  # Excel shows 15 significant digits
    if isinstance(value, datetime):
        with_time = "h" in cell.number_format.lower()
        return value.strftime("%Y-%m-%d %H:%M:%S" if with_time else "%Y-%m-%d")
    if hasattr(value, "isoformat"):  # a time-only cell
        return value.isoformat()
    return str(value)


def xlsx_rows(data: bytes) -> Rows:
    """Rows of the workbook's first sheet."""
    try:
        sheet = openpyxl.load_workbook(io.BytesIO(data), data_only=True).worksheets[0]
    except Exception as e:  # zipfile, XML and openpyxl errors all mean the same: unreadable
        raise Refused(Violation(None, None, "is not a readable xlsx workbook, it may be corrupt "
                                            f"or truncated ({type(e).__name__}: {e})")) from e
    return [(cells[0].row, [excel_text(c) for c in cells]) for cells in sheet.iter_rows()]


def to_frame(rows: Rows, contract: Contract) -> pd.DataFrame:
    """The header row and the data rows as a frame; blank rows are skipped, numbers kept."""
    rows = [(n, cells) for n, cells in rows if any(c is not None for c in cells)]
    if not rows:
        raise Refused(Violation(None, None, "the file is empty"))
    header_row, header = rows[0]
    width = max(len(cells) for _, cells in rows)
    header = [(h or "").strip() or None for h in header] + [None] * (width - len(header))
    if header_row != 1 or not {c.header for c in contract.columns} & set(header):
        examples = ", ".join(c.header for c in contract.columns[:3])
        raise Refused(Violation(1, None, f"has no header row (expected column names like "
                                         f"{examples})"))
    for field, name in enumerate(header):
        if name is None:
            data_rows = [n for n, cells in rows[1:] if field < len(cells) and cells[field]]
            if data_rows:
                raise Refused(Violation(data_rows[0], f"#{field + 1}",
                                        "holds a value but the column has no header"))
        elif MOJIBAKE.search(name):
            raise Refused(Violation(1, name, "header looks double-encoded (UTF-8 read as "
                                             "Latin-1 and saved again)"))
        elif header.index(name) != field:
            raise Refused(Violation(1, name, "header appears more than once"))
    kept = [field for field, name in enumerate(header) if name is not None]
    # a short CSV record is a row with empty cells at the end, as a spreadsheet shows it
    records = [[(cells + [None] * width)[field] for field in kept] for _, cells in rows[1:]]
    return pd.DataFrame(records, columns=[header[f] for f in kept],
                        index=[n for n, _ in rows[1:]], dtype=object)


@dataclass(frozen=True)
class Dictionary:
    """What an SPSS file says about its variables, every code as the text the data shows."""

    variables: list[tuple[str, str | None, str | None]]  # (variable, label, user-missing codes)
    value_labels: list[tuple[str, str, str]]  # (variable, code, label)

    def texts(self) -> list[tuple[str, str]]:
        """(variable, text) of every label, for the national-id guard."""
        return [(v, label) for v, label, _ in self.variables if label] + \
            [(v, label) for v, _, label in self.value_labels]


NO_VALUE_LABELS = "no value labels in the file; the agency's labels are required to decode answers"


def sav_text(value, spss_format: str = "") -> str | None:
    """The text SPSS shows for a value: 8 not 8.0, N-format numbers zero-padded, ISO dates."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.time() != time() else "%Y-%m-%d")
    if isinstance(value, date | time):
        return value.isoformat()
    number = float(value)
    if number.is_integer():
        width = re.fullmatch(r"N(\d+)", spss_format or "")
        return f"{int(number):0{width[1]}d}" if width else str(int(number))
    return f"{number:.15g}"


def _user_missing(ranges: list[dict], spss_format: str) -> str | None:
    """User-missing codes as text: '8,9'; a range as '8-9'."""
    codes = []
    for r in ranges:
        lo, hi = sav_text(r["lo"], spss_format), sav_text(r["hi"], spss_format)
        codes.append(lo if lo == hi else f"{lo}-{hi}")
    return ",".join(codes) or None


def read_sav(data: bytes, contract: Contract) -> tuple[pd.DataFrame, Dictionary]:
    """An SPSS file as an all-text frame (case n = row n + 1) and its dictionary."""
    try:
        values, meta = pyreadstat.read_sav(io.BytesIO(data), user_missing=True)
    except Exception as e:  # ReadstatError, PyreadstatError, decoding errors: all unreadable
        raise Refused(Violation(None, None, "is not a readable SPSS .sav file, it may be corrupt "
                                            f"or truncated ({type(e).__name__}: {e})")) from e
    formats = meta.original_variable_types
    frame = pd.DataFrame(
        {name: [sav_text(v, formats.get(name, "")) for v in values[name].tolist()]
         for name in meta.column_names},
        index=range(2, len(values) + 2), dtype=object, columns=meta.column_names)
    labels = meta.variable_value_labels
    missing = [Violation(None, c.header, NO_VALUE_LABELS) for c in contract.columns
               if c.labels_required and c.header in frame.columns and not labels.get(c.header)]
    if missing:
        raise Refused(*missing)
    dictionary = Dictionary(
        variables=[(name, meta.column_names_to_labels.get(name) or None,
                    _user_missing(meta.missing_ranges.get(name, []), formats.get(name, "")))
                   for name in meta.column_names],
        value_labels=[(name, sav_text(code, formats.get(name, "")), str(label))
                      for name in meta.column_names
                      for code, label in labels.get(name, {}).items()])
    return frame, dictionary


def plain_csv_frame(data: bytes, file_format: FileFormat,
                    contract: Contract) -> pd.DataFrame | None:
    """A large, plain UTF-8 CSV read by Arrow into the frame `to_frame` would build (same row
    numbers, same cells, empty -> missing), as pyarrow-backed strings: a few hundred megabytes
    and seconds for millions of rows, where Python's csv module takes gigabytes.

    Plain: valid UTF-8, no blank line before the last record, a header of distinct non-empty
    names with at least one contract column, every record as wide as the header. Anything else
    returns None, and `csv_rows` and `to_frame` read the file and locate the problem.
    """
    if file_format.encodings[:1] != ("utf-8-sig",):
        return None
    body = data.removeprefix(b"\xef\xbb\xbf").rstrip(b"\r\n")
    if not body or body[:1] in (b"\r", b"\n") or any(end in body for end in BLANK_LINE):
        return None
    first_line = re.split(rb"\r\n|\n|\r", body, maxsplit=1)[0]
    try:
        [header] = list(csv.reader([first_line.decode("utf-8")],
                                   delimiter=file_format.delimiter, strict=True))
    except (UnicodeDecodeError, csv.Error, ValueError):
        return None
    header = [h.strip() for h in header]
    if not all(header) or len(set(header)) < len(header) or \
            any(MOJIBAKE.search(h) for h in header) or \
            not {c.header for c in contract.columns} & set(header):
        return None
    names = [f"c{i}" for i in range(len(header))]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(body),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=file_format.delimiter,
                                             newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=True,
                null_values=[""], quoted_strings_can_be_null=True, check_utf8=True))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    blank = np.logical_and.reduce([column.is_null().to_numpy(zero_copy_only=False)
                                   for column in table.columns])  # ;;;; is an empty row too
    frame = table.rename_columns(header).to_pandas(types_mapper=_string_dtype)
    frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame[~blank] if blank.any() else frame


def _string_dtype(arrow_type: pa.DataType):
    return pd.StringDtype("pyarrow") if arrow_type == pa.string() else None


def read_delivery(data: bytes, file_format: FileFormat,
                  contract: Contract) -> tuple[pd.DataFrame, Dictionary | None]:
    """The delivered file as an all-text frame indexed by spreadsheet row number, and for an
    SPSS file its dictionary. A large extract (`Contract.vectorised`) in a plain CSV is read by
    Arrow (`plain_csv_frame`), into the same frame."""
    if not data.strip():
        raise Refused(Violation(None, None, "the file is empty"))
    if file_format.kind == "sav":
        return read_sav(data, contract)
    if file_format.kind == "csv" and contract.vectorised:
        frame = plain_csv_frame(data, file_format, contract)
        if frame is not None:
            return frame, None
    rows = xlsx_rows(data) if file_format.kind == "xlsx" else csv_rows(data, file_format)
    return to_frame(rows, contract), None


def read_table(data: bytes, file_format: FileFormat, contract: Contract) -> pd.DataFrame:
    """The delivered file as an all-text frame indexed by spreadsheet row number."""
    return read_delivery(data, file_format, contract)[0]
