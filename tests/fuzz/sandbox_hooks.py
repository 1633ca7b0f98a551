"""Schemathesis hooks for `cargo xtask fuzz` against tg-sandbox.

- The fuzzer's own identity (and the sandbox admin) are kept out of the requests: a request that
  names one of them has the name changed just before it is sent. Re-keying, disabling or
  deleting the fuzzer would turn the rest of the run into 401s and say nothing about the API.
  (Filters alone are not enough: the stateful phase takes names from earlier answers.)
- New names are made unique (`map_body`), so creation is tested beyond "already exists".
- Every rejected request (an answer >= 400) must leave the data as it was: every table of the
  sandbox's database (users, keys, policies, grants, attachments) is read before each request
  and again after a rejection. A difference fails the `rejected_request_changes_nothing` check.
- The counts (requests, answers by status class, rejected requests checked, changes found)
  are written as JSON to the file named by TG_FUZZ_STATS when the run ends, for xtask to
  check the figures and print them.
"""

import atexit
import itertools
import json
import os
import re
from collections import Counter

import sqlite3

import schemathesis

DATABASE = os.environ["TG_FUZZ_DATABASE"]
PROTECTED = set(os.environ["TG_FUZZ_PROTECTED"].split(","))
STATS_FILE = os.environ["TG_FUZZ_STATS"]

NAME = re.compile(r"[A-Za-z0-9-]{1,64}")
_serial = itertools.count()
_stats = Counter()
_by_operation = Counter()
_refusals = Counter()
_changes = []
_before = {}


def _snapshot():
    """Every row of every table of the sandbox's database, read-only."""
    with sqlite3.connect(f"file:{DATABASE}?mode=ro", uri=True) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {table: sorted(map(repr, db.execute(f'SELECT * FROM "{table}"'))) for table in tables}


@schemathesis.hook
def map_body(ctx, body):
    """Valid names in new users and policies get a serial number: generated names repeat
    ("0", "00"), and a run of "already exists" refusals would test one rule over and over."""
    if (
        ctx.operation.method.upper() == "POST"
        and isinstance(body, dict)
        and isinstance(body.get("name"), str)
        and NAME.fullmatch(body["name"])
    ):
        body["name"] = f"{body['name'][:54]}-{next(_serial)}"
    return body


def _unprotected(name):
    return f"{name}-renamed-by-fuzz" if name in PROTECTED else name


@schemathesis.hook
def before_call(ctx, case, kwargs):
    if case.path_parameters and "name" in case.path_parameters:
        case.path_parameters["name"] = _unprotected(case.path_parameters["name"])
    if isinstance(case.body, dict) and isinstance(case.body.get("name"), str):
        case.body["name"] = _unprotected(case.body["name"])
    _before[id(case)] = _snapshot()


@schemathesis.hook
def after_call(ctx, case, response):
    _stats["requests"] += 1
    _stats[f"{response.status_code // 100}xx"] += 1
    if response.status_code >= 500:
        _stats["server_errors"] += 1
    operation = f"{case.method} {case.path}"
    _by_operation[f"{operation} {response.status_code}"] += 1
    if response.status_code == 422:
        try:
            for message in response.json():
                _refusals[f"{operation}: {message[:60]}"] += 1
        except ValueError:
            pass


@schemathesis.check
def rejected_request_changes_nothing(ctx, response, case):
    """A request the sandbox refused (an answer >= 400) changed no service user or policy."""
    if response.status_code < 400:
        return None
    before = _before.get(id(case))
    if before is None:
        return None
    _stats["rejected_checked"] += 1
    if _snapshot() != before:
        _stats["rejected_changed"] += 1
        _changes.append(f"{case.method} {case.formatted_path} -> {response.status_code}")
        _before[id(case)] = _snapshot()
        raise AssertionError(f"the data changed although the request was refused ({response.status_code})")
    return None


@atexit.register
def _write_stats():
    with open(STATS_FILE, "w", encoding="utf-8") as out:
        json.dump(
            {
                "counts": dict(_stats),
                "changes": _changes,
                "answers": dict(sorted(_by_operation.items())),
                "refusals": dict(_refusals.most_common(40)),
            },
            out,
            indent=2,
        )
