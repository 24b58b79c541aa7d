"""National ids (fødselsnummer) in, pseudonymous person keys out.

NAV's register extracts identify people by their fødselsnummer (fnr). Ingest checks every fnr
(`valid_fnr`) and replaces it by `person_key(fnr, key)` before anything is stored: the warehouse
never holds a national id, only keys that join a person's rows across extracts.

`person_key` is HMAC-SHA256 of the 11 ASCII digits under the warehouse key, as hex, truncated to
its first 32 hex digits (128 bits; RFC 2104 allows truncation to half the output). 128 bits keep
chance collisions out of reach (about 1e-22 for ten million people) at half the width of the full
digest, which matters in tables of millions of spells that are joined on the key. Without the
key, a person key cannot be turned back into an fnr, even by hashing every possible fnr.

The key (`load_key`) is text: `NAV_PSEUDONYM_KEY` if set, else the key file named by
`NAV_PSEUDONYM_KEY_FILE` (default `.nav-placement-key` in the project root, ignored by git),
created on first use with 32 random bytes as 64 hex digits, readable by its owner only (0600).
The HMAC key is the text's UTF-8 bytes, so the file's content set as `NAV_PSEUDONYM_KEY` gives the
same person keys. Every key of one warehouse must be the same: ingest records the key's
fingerprint (`key_fingerprint`) and refuses to load under another.

`valid_fnr` takes one string or a whole pandas Series (register extracts have millions of rows):
11 digits, both mod-11 check digits right (a check digit that would be 10 makes the number
invalid), and a real birth date in the first six digits (DDMMYY; a D-number has 40 added to the
day). The century comes from the individual number (digits 7-9) as the population register
assigns it; it only matters for 29 February.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from nav_placement.paths import PROJECT_ROOT

KEY_ENV = "NAV_PSEUDONYM_KEY"
KEY_FILE_ENV = "NAV_PSEUDONYM_KEY_FILE"
DEFAULT_KEY_FILE = PROJECT_ROOT / ".nav-placement-key"
MIN_KEY_CHARS = 32
PERSON_KEY_HEX = 32  # hex digits kept of the 64 of HMAC-SHA256

WEIGHTS_1 = np.array([3, 7, 6, 1, 8, 9, 4, 5, 2])
WEIGHTS_2 = np.array([5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
FINGERPRINT_MESSAGE = b"nav-placement pseudonym key fingerprint"


class PseudonymKeyError(RuntimeError):
    """The pseudonymisation key cannot be used (too short, unreadable, readable by others)."""


# --- the key --------------------------------------------------------------------------------

def key_file() -> Path:
    """Where the key file is: `NAV_PSEUDONYM_KEY_FILE`, else `.nav-placement-key` in the project
    root."""
    return Path(os.environ.get(KEY_FILE_ENV) or DEFAULT_KEY_FILE)


def load_key(path: Path | str | None = None) -> bytes:
    """The warehouse key: `NAV_PSEUDONYM_KEY` if set (and not empty), else the key file (`path`,
    default `key_file()`), created on first use with mode 0600."""
    text = os.environ.get(KEY_ENV, "").strip()
    if text:
        return _checked(text, f"{KEY_ENV}")
    path = Path(path) if path is not None else key_file()
    if not path.exists():
        _create_key_file(path)
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise PseudonymKeyError(
            f"key file {path} can be read by others (mode {mode:04o}); it must be readable by its "
            f"owner only: chmod 600 {path}")
    try:
        text = path.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError) as e:
        raise PseudonymKeyError(f"key file {path} cannot be read ({type(e).__name__}: {e})") from e
    return _checked(text, f"key file {path}")


def _checked(text: str, where: str) -> bytes:
    if len(text) < MIN_KEY_CHARS:
        raise PseudonymKeyError(
            f"{where} holds a key of {len(text)} characters; a key needs at least "
            f"{MIN_KEY_CHARS} (make one with: python -c 'import secrets; "
            "print(secrets.token_hex(32))')")
    return text.encode("utf-8")


def _create_key_file(path: Path) -> None:
    """32 random bytes as hex, mode 0600, published whole: a concurrent first run either creates
    the file or finds the other's, never a half-written one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, (secrets.token_hex(32) + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(partial, path)  # fails if the file exists: the first key stays
    except FileExistsError:
        pass
    finally:
        partial.unlink()


def key_fingerprint(key: bytes) -> str:
    """A short value that tells keys apart without revealing them (stored in the warehouse)."""
    return hmac.digest(key, FINGERPRINT_MESSAGE, "sha256").hex()[:16]


# --- person keys ----------------------------------------------------------------------------

def person_key(fnr: str, key: bytes) -> str:
    """HMAC-SHA256 of the fnr's 11 digits under `key`, the first 32 hex digits."""
    return hmac.digest(key, fnr.encode("ascii"), "sha256").hex()[:PERSON_KEY_HEX]


def _keyed_hash(key: bytes):
    """`person_key` for many values: HMAC (RFC 2104) with the key's inner and outer hash states
    computed once and copied per value, three times faster than `hmac.digest` per value."""
    block = hashlib.sha256().block_size
    padded = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))

    def keyed(fnr: str) -> str:
        i, o = inner.copy(), outer.copy()
        i.update(fnr.encode("ascii"))
        o.update(i.digest())
        return o.hexdigest()[:PERSON_KEY_HEX]

    return keyed


def person_keys(fnrs: pd.Series, key: bytes) -> pd.Series:
    """`person_key` of every value of a Series (a missing value stays missing), each distinct
    fnr hashed once; same index, pyarrow-backed strings."""
    codes, uniques = pd.factorize(fnrs, use_na_sentinel=True)
    keyed = _keyed_hash(key)
    hashed = pa.array([keyed(fnr) for fnr in uniques.tolist()], type=pa.string())
    taken = hashed.take(pa.array(codes, mask=codes < 0))
    return pd.Series(pd.arrays.ArrowStringArray(taken), index=fnrs.index, name=fnrs.name)


# --- check digits and birth dates -----------------------------------------------------------

def valid_fnr(fnr):
    """Whether an fnr (a string) is valid; for a Series, a boolean Series (None is invalid)."""
    if isinstance(fnr, pd.Series):
        return pd.Series(fnr_problems(fnr) == "", index=fnr.index, name=fnr.name)
    if not isinstance(fnr, str):
        return False
    return bool(fnr_problems(pd.Series([fnr]))[0] == "")


def fnr_problems(fnrs: pd.Series) -> np.ndarray:
    """Per value, what is wrong with it as an fnr: "" (nothing), "empty", "not 11 digits", "no
    real birth date" or "wrong check digits"; never the value itself. Each distinct value is
    checked once."""
    codes, uniques = pd.factorize(fnrs, use_na_sentinel=True)
    values = pa.array(getattr(uniques, "array", uniques), type=pa.string(), from_pandas=True)
    problems = np.full(len(values), "not 11 digits", dtype=object)
    shaped = np.asarray(pc.fill_null(pc.match_substring_regex(values, r"^[0-9]{11}$"), False))
    if shaped.any():
        digits = _digit_matrix(pc.filter(values, pa.array(shaped)))
        real_date, check_digits = _real_date(digits), _check_digits_right(digits)
        problems[shaped] = np.where(~real_date, "no real birth date",
                                    np.where(~check_digits, "wrong check digits", ""))
    problems = np.append(problems, "empty")  # code -1: a missing value
    return problems[codes]


def _digit_matrix(values: pa.StringArray) -> np.ndarray:
    """(n, 11) digits of n strings of exactly 11 ASCII digits, read from the Arrow buffer."""
    values = pa.concat_arrays([values]) if values.offset else values
    start = np.frombuffer(values.buffers()[1], dtype=np.int32)[values.offset]
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)
    return (data[start:start + 11 * len(values)].reshape(-1, 11) - ord("0")).astype(np.int64)


def _check_digits_right(d: np.ndarray) -> np.ndarray:
    k1 = (11 - (d[:, :9] @ WEIGHTS_1) % 11) % 11  # 10 is no digit: never equal to d[:, 9]
    k2 = (11 - (d[:, :10] @ WEIGHTS_2) % 11) % 11
    return (k1 == d[:, 9]) & (k2 == d[:, 10])


def _real_date(d: np.ndarray) -> np.ndarray:
    day = d[:, 0] * 10 + d[:, 1]
    day = np.where(day > 40, day - 40, day)  # D-number: day + 40
    month = d[:, 2] * 10 + d[:, 3]
    year = birth_year(d[:, 4] * 10 + d[:, 5], d[:, 6] * 100 + d[:, 7] * 10 + d[:, 8])
    month_ok = (month >= 1) & (month <= 12)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days = DAYS_IN_MONTH[np.where(month_ok, month, 0)] + ((month == 2) & leap)
    return month_ok & (day >= 1) & (day <= days)


def birth_year(yy: np.ndarray, individual: np.ndarray) -> np.ndarray:
    """Four-digit birth year from the two-digit year and the individual number (digits 7-9):
    000-499 1900-1999; 500-749 with year 54-99 1854-1899; 500-999 with year 00-39 2000-2039;
    900-999 with year 40-99 1940-1999. Combinations never assigned (500-899 with year 40-53,
    750-899 with year 54-99) are read as 1900-1999: the check digits still decide."""
    century = np.where(individual < 500, 1900,
                       np.where(yy < 40, 2000,
                                np.where(individual >= 900, 1900,
                                         np.where((individual < 750) & (yy >= 54), 1800, 1900))))
    return century + yy


def make_fnr(day: int, month: int, year: int, individual: int,
             d_number: bool = False) -> str | None:
    """The fnr with this birth date and individual number, or None when the check digits would
    be 10 (no such number: try the next individual number). For tests and demo data."""
    digits = [int(c) for c in f"{day + (40 if d_number else 0):02d}{month:02d}{year % 100:02d}"
              f"{individual:03d}"]
    k1 = (11 - sum(w * x for w, x in zip(WEIGHTS_1, digits)) % 11) % 11
    if k1 == 10:
        return None
    k2 = (11 - sum(w * x for w, x in zip(WEIGHTS_2, digits + [k1])) % 11) % 11
    if k2 == 10:
        return None
    return "".join(map(str, digits + [k1, k2]))
