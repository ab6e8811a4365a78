"""Build the service report's daily roll-ups (docs/decisions/0022-report-rollups.md).

manage.py build_report_rollups                      # as the beat task: missing and changed days
manage.py build_report_rollups --from 2026-01-01 --to 2026-10-31   # rebuild a range
"""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from helpdesk.reports import rollups


class Command(BaseCommand):
    help = "Build the service report's daily roll-ups (closed days only)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", type=dt.date.fromisoformat)
        parser.add_argument("--to", dest="last", type=dt.date.fromisoformat)

    def handle(self, *args, first=None, last=None, **options):
        started = time.perf_counter()
        if first is None and last is None:
            spans = rollups.refresh()
            built = ", ".join(f"{s.first}..{s.last}" for s in spans) or "nothing to build"
        else:
            yesterday = rollups.closed_until()
            last = last or yesterday
            first = first or last
            if first > last or last > yesterday:
                raise CommandError(f"give closed days: --from <= --to <= {yesterday}")
            rows = rollups.build(first, last)
            built = f"{first}..{last} ({rows} roll-up rows)"
        seconds = time.perf_counter() - started
        self.stdout.write(f"Built {built} in {seconds:.1f} s")
