"""One way to export a report as CSV or XLSX (docs/reports.md, "Exports").

A report endpoint that can be exported accepts ``?output=csv|xlsx`` (the same rows it returns as
JSON) and hands its columns and rows to :func:`table_response`, which checks the exporting
permission, records the export (:class:`ExportLog`, before a byte leaves) and writes the file:

* CSV: UTF-8 with a byte-order mark (so spreadsheet programs read Chinese text), a header row of
  translated column names, then the rows, then the totals row if there is one.
* XLSX (XlsxWriter, decision 0003): a title, the parameters, a bold header row frozen in place,
  numbers as numbers (seconds, rates as percentages, times in the user's time zone), the totals
  row in bold.

Values are taken by column key from each row (a mapping). ``None`` is an empty cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.accounts.rbac import Perm, user_has_perm
from helpdesk.common.errors import Forbidden, ServiceError
from helpdesk.customers.audit import client_ip

from .models import ExportLog, ExportOutput

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The kinds of column: how a value is written (and formatted in XLSX).
KINDS = ("text", "int", "number", "percent", "seconds", "datetime", "date")


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # a (lazy) translated string
    kind: str = "text"
    width: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


def wanted_output(value: str | None) -> str | None:
    """``None`` for JSON, else ``csv`` or ``xlsx``; anything else is a 400 naming the field."""
    if value in (None, "", "json"):
        return None
    if value in ExportOutput.values:
        return value
    raise ServiceError(
        _("Choose csv or xlsx."),
        code="invalid_output",
        fields={"output": [_("Choose csv or xlsx.")]},
    )


def table_response(
    request,
    *,
    report: str,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Mapping[str, Any]],
    output: str,
    totals: Mapping[str, Any] | None = None,
    params: Mapping[str, Any] | None = None,
    perm: Perm = Perm.REPORT_EXPORT,
) -> HttpResponse:
    """The report as a CSV or XLSX download, checked and recorded.

    ``report`` names the report in the audit and the file name; ``params`` are the choices that
    produced it (period, filters), recorded and printed above an XLSX table.
    """
    if not user_has_perm(request.user, perm):
        raise Forbidden(_("Exporting this report needs the %(perm)s permission.") % {"perm": perm})
    rows = list(rows)
    params = {k: _plain(v) for k, v in (params or {}).items() if v not in (None, "")}
    ExportLog.objects.create(
        user=request.user,
        report=report,
        params=params,
        output=output,
        rows=len(rows),
        ip_address=client_ip(request),
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{report}-{stamp}.{output}"
    if output == ExportOutput.CSV:
        body = _csv_bytes(columns, rows, totals)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    elif output == ExportOutput.XLSX:
        body = _xlsx_bytes(title, columns, rows, totals, params)
        response = HttpResponse(body, content_type=XLSX_TYPE)
    else:  # pragma: no cover - wanted_output() guards the value
        raise ValueError(output)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["Cache-Control"] = "no-store"
    return response


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value if isinstance(value, str | int | float | bool) else str(value)


def _cell(value: Any, kind: str) -> Any:
    """A value as written to a file: local, time-zone-aware times; numbers as numbers."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, Decimal):
        return float(value)
    if kind in ("int", "number", "percent", "seconds") and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def _csv_bytes(columns, rows, totals) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(c.label) for c in columns])
    for row in rows:
        writer.writerow([_csv_text(_cell(row.get(c.key), c.kind)) for c in columns])
    if totals is not None:
        writer.writerow([_csv_text(_cell(totals.get(c.key), c.kind)) for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class Sheet:
    """One table of a workbook (:func:`sheets_response`)."""

    title: Any
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]]
    totals: Mapping[str, Any] | None = None


def sheets_response(
    request,
    *,
    report: str,
    title: str,
    sheets: Sequence[Sheet],
    params: Mapping[str, Any] | None = None,
    perm: Perm = Perm.REPORT_EXPORT,
) -> HttpResponse:
    """Several tables as one XLSX workbook, a sheet per table, checked and recorded like
    :func:`table_response` (the audit counts the rows of every sheet)."""
    if not user_has_perm(request.user, perm):
        raise Forbidden(_("Exporting this report needs the %(perm)s permission.") % {"perm": perm})
    sheets = [Sheet(s.title, s.columns, list(s.rows), s.totals) for s in sheets]
    params = {k: _plain(v) for k, v in (params or {}).items() if v not in (None, "")}
    ExportLog.objects.create(
        user=request.user,
        report=report,
        params=params,
        output=ExportOutput.XLSX,
        rows=sum(len(s.rows) for s in sheets),
        ip_address=client_ip(request),
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{report}-{stamp}.xlsx"
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    styles = _styles(book)
    used: set[str] = set()
    for sheet in sheets:
        name = _sheet_name(sheet.title, used)
        heading = f"{title} — {sheet.title}"
        _write_sheet(book, styles, name, heading, sheet.columns, sheet.rows, sheet.totals, params)
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["Cache-Control"] = "no-store"
    return response


def _sheet_name(title: Any, used: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    name = "".join("-" if c in "[]:*?/\\" else c for c in str(title))[:31] or "report"
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _styles(book) -> dict:
    formats = {
        "int": book.add_format({"num_format": "0"}),
        "number": book.add_format({"num_format": "0.00"}),
        "percent": book.add_format({"num_format": "0.0%"}),
        "seconds": book.add_format({"num_format": "0"}),
        "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
    }
    return {
        "bold": book.add_format({"bold": True}),
        "heading": book.add_format({"bold": True, "font_size": 14}),
        "head": book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1}),
        "formats": formats,
        "total_formats": {
            kind: book.add_format({"bold": True, "num_format": fmt.num_format, "top": 1})
            for kind, fmt in formats.items()
        },
        "total_text": book.add_format({"bold": True, "top": 1}),
    }


def _xlsx_bytes(title, columns, rows, totals, params) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    name = str(title)[:31].replace("/", "-") or "report"
    _write_sheet(book, _styles(book), name, title, columns, rows, totals, params)
    book.close()
    return buffer.getvalue()


def _write_sheet(book, styles, name, title, columns, rows, totals, params) -> None:
    sheet = book.add_worksheet(name)
    bold, heading, head = styles["bold"], styles["heading"], styles["head"]
    formats, total_formats = styles["formats"], styles["total_formats"]
    total_text = styles["total_text"]

    sheet.write(0, 0, str(title), heading)
    line = 1
    for key, value in params.items():
        sheet.write(line, 0, str(key), bold)
        sheet.write(line, 1, ", ".join(map(str, value)) if isinstance(value, list) else value)
        line += 1
    sheet.write(line, 0, _("Exported at"), bold)
    sheet.write(line, 1, timezone.localtime().strftime("%Y-%m-%d %H:%M %Z"))
    line += 2

    header_row = line
    for index, column in enumerate(columns):
        sheet.write(header_row, index, str(column.label), head)
        width = column.width or max(10, min(40, len(str(column.label)) + 4))
        sheet.set_column(index, index, width)
    line += 1
    for row in rows:
        _write_row(sheet, line, columns, row, formats, None)
        line += 1
    if totals is not None:
        _write_row(sheet, line, columns, totals, total_formats, total_text)
    sheet.freeze_panes(header_row + 1, 0)


def _write_row(sheet, line, columns, row, formats, text_format) -> None:
    for index, column in enumerate(columns):
        value = _cell(row.get(column.key), column.kind)
        if value is None:
            if text_format is not None:
                sheet.write_blank(line, index, None, text_format)
            continue
        fmt = formats.get(column.kind, text_format)
        if isinstance(value, dt.datetime):
            sheet.write_datetime(line, index, value, fmt)
        elif isinstance(value, dt.date):
            sheet.write_datetime(
                line, index, dt.datetime.combine(value, dt.time.min), formats["date"]
            )
        elif isinstance(value, bool):
            sheet.write_boolean(line, index, value, text_format)
        elif isinstance(value, int | float):
            sheet.write_number(line, index, value, fmt)
        else:
            sheet.write_string(line, index, str(value), text_format)
