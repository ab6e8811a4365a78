"""Run a function from several real threads at once (each with its own database connection)."""

import threading

import pytest
from django.db import connection, connections


def run_concurrently(fn, args_list, *, timeout: float = 30):
    """Call ``fn(*args)`` for each args at the same moment; return (results, errors)."""
    barrier = threading.Barrier(len(args_list))
    results, errors = [], []

    def worker(args):
        try:
            barrier.wait()
            results.append(fn(*args))
        except Exception as exc:  # collected for the test to assert on
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(a,)) for a in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    return results, errors


def require_postgresql():
    """Row locks are a PostgreSQL property; SQLite serialises writers instead."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL property; SQLite serialises writers")
