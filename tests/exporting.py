"""Reading exported reports back as a user's spreadsheet program would (``?output=csv|xlsx``)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime


def csv_lines(response) -> list[list[str]]:
    """The CSV download's rows (UTF-8 with a byte-order mark), header first."""
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def xlsx_book(response) -> dict[str, str]:
    """The XLSX download opened as the zip archive it is: its shared strings and the XML of each
    worksheet (``sheet1`` …)."""
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        assert book.testzip() is None
        names = book.namelist()
        out = {"strings": book.read("xl/sharedStrings.xml").decode()}
        for name in names:
            found = re.fullmatch(r"xl/worksheets/(sheet\d+)\.xml", name)
            if found:
                out[found.group(1)] = book.read(name).decode()
        out["workbook"] = book.read("xl/workbook.xml").decode()
    return out


def number(value) -> str:
    """A JSON number as the CSV writes it (``3``, ``0.5``, empty for none)."""
    if value is None:
        return ""
    if isinstance(value, float) and value != int(value):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(int(value))


def local_time(value: str | None) -> str:
    """A JSON instant as the CSV writes it: local time, to the second, no offset."""
    if not value:
        return ""
    moment: datetime = timezone.localtime(parse_datetime(value))
    return moment.replace(tzinfo=None, microsecond=0).isoformat(sep=" ")
