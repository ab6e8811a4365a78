"""SQL building blocks of the reports: percentiles and durations in seconds, on PostgreSQL and
SQLite alike (decision 0017).

* :class:`Percentile` — PostgreSQL's ordered-set aggregate
  ``percentile_cont(f) WITHIN GROUP (ORDER BY x)``; SQLite has none, so every SQLite connection
  gets a Python aggregate ``percentile_cont(x, f)`` with the same semantics (linear interpolation
  between the two nearest ranks, NULLs ignored, NULL for no rows), registered when the
  connection is made (``connection_created``, see ``ReportsConfig.ready``).
* :class:`Seconds` — ``end - start`` in seconds as a float (``EXTRACT(EPOCH FROM ...)`` on
  PostgreSQL, ``julianday`` arithmetic on SQLite).
"""

from __future__ import annotations

import math

from django.db.models import Aggregate, FloatField, Func


class Percentile(Aggregate):
    """The continuous percentile ``fraction`` (0..1) of ``expression``."""

    name = "Percentile"
    function = "percentile_cont"
    output_field = FloatField()
    allow_distinct = False

    def __init__(self, expression, fraction: float, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must be between 0 and 1")
        self.fraction = float(fraction)
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        # percentile_cont(0.5) WITHIN GROUP (ORDER BY x): the fraction is a literal float.
        return super().as_sql(
            compiler,
            connection,
            template=f"%(function)s({self.fraction!r}) WITHIN GROUP (ORDER BY %(expressions)s)",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template=f"%(function)s(%(expressions)s, {self.fraction!r})",
            **extra_context,
        )

    def get_source_fields(self):
        return [FloatField()]

    def deconstruct(self):  # pragma: no cover - never in migrations
        path, args, kwargs = super().deconstruct()
        return path, (*args, self.fraction), kwargs


def percentile_cont(values: list[float], fraction: float) -> float | None:
    """PostgreSQL's ``percentile_cont`` in plain Python (the SQLite aggregate and the tests)."""
    values = sorted(float(v) for v in values if v is not None)
    if not values:
        return None
    position = fraction * (len(values) - 1)
    lower = math.floor(position)
    upper = math.ceil(position)
    if lower == upper:
        return float(values[lower])
    return values[lower] + (values[upper] - values[lower]) * (position - lower)


class _SqlitePercentile:
    """``percentile_cont(x, fraction)`` as a SQLite aggregate."""

    def __init__(self):
        self.values: list[float] = []
        self.fraction = 0.5

    def step(self, value, fraction):
        self.fraction = fraction
        if value is not None:
            self.values.append(float(value))

    def finalize(self):
        return percentile_cont(self.values, self.fraction)


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: teach SQLite connections ``percentile_cont``."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("percentile_cont", 2, _SqlitePercentile)


class Seconds(Func):
    """``end - start`` in seconds (a float; NULL when either is NULL)."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision",
            arg_joiner=" - ",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra_context,
        )
