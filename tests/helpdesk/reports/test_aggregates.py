"""Percentiles: PostgreSQL's percentile_cont, and the same semantics on SQLite (registered on
every SQLite connection), against a plain-Python calculation."""

import sqlite3

import pytest
from django.db import connection

from helpdesk.reports.aggregates import _SqlitePercentile, percentile_cont

SETS = [
    [1.0],
    [1.0, 2.0],
    [5.0, 1.0, 3.0, 2.0, 4.0],
    [10.0, 0.5, 7.25, 3.0],
    [float(i * i) for i in range(37)],
]


def by_hand(values, fraction):
    values = sorted(values)
    pos = fraction * (len(values) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


@pytest.mark.parametrize("values", SETS)
@pytest.mark.parametrize("fraction", [0.0, 0.5, 0.9, 1.0])
def test_python_and_sqlite_percentiles_agree_with_the_definition(values, fraction):
    assert percentile_cont(values, fraction) == pytest.approx(by_hand(values, fraction))
    db = sqlite3.connect(":memory:")
    db.create_aggregate("percentile_cont", 2, _SqlitePercentile)
    db.execute("CREATE TABLE t (x REAL)")
    db.executemany("INSERT INTO t VALUES (?)", [(v,) for v in values] + [(None,)])
    (got,) = db.execute("SELECT percentile_cont(x, ?) FROM t", (fraction,)).fetchone()
    assert got == pytest.approx(by_hand(values, fraction))
    assert db.execute("SELECT percentile_cont(x, 0.5) FROM t WHERE x > 1e9").fetchone() == (None,)


@pytest.mark.django_db
@pytest.mark.parametrize("values", SETS)
def test_the_database_percentile_matches(values):
    """The test database's own percentile_cont (PostgreSQL, or the registered SQLite one)."""
    with connection.cursor() as cursor:
        rows = ", ".join(f"({v})" for v in values)
        if connection.vendor == "postgresql":
            sql = (
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x),"
                " percentile_cont(0.9) WITHIN GROUP (ORDER BY x)"
                f" FROM (VALUES {rows}) AS t(x)"
            )
        else:
            # SQLite names a VALUES list's column column1 (and takes no column alias).
            sql = (
                "SELECT percentile_cont(column1, 0.5), percentile_cont(column1, 0.9)"
                f" FROM (VALUES {rows})"
            )
        cursor.execute(sql)
        median, p90 = cursor.fetchone()
    assert median == pytest.approx(by_hand(values, 0.5))
    assert p90 == pytest.approx(by_hand(values, 0.9))
