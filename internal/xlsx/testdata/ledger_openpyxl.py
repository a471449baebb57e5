"""Opens a ledger with openpyxl, as a clerk's tools would, and checks what the issue asks:
date cells are dates, the header row is frozen, the autofilter covers the table, and the
column of time left says it as the pages do (剩余 N 个工作日, 剩余 N 小时, 逾期 N 天, 逾期 N 小时,
N never negative) or is empty for a closed item.
Usage: ledger_openpyxl.py LEDGER.xlsx HEADER_ROW LAST_ROW DATE_COLUMNS (e.g. "I,Q") [LEFT_COLUMN]."""
import datetime
import re
import sys

import openpyxl

path, header, last, cols = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(",")
ws = openpyxl.load_workbook(path).active
problems = []
if ws.freeze_panes != "A%d" % (header + 1):
    problems.append("freeze_panes %r, want A%d" % (ws.freeze_panes, header + 1))
ref = (ws.auto_filter.ref or "").replace("$", "")
want = "A%d:%s%d" % (header, openpyxl.utils.get_column_letter(ws.max_column), last)
if ref != want:
    problems.append("auto_filter.ref %r, want %r" % (ref, want))
dates = 0
for row in range(header + 1, last + 1):
    for col in cols:
        cell = ws["%s%d" % (col, row)]
        if cell.value is None:
            continue
        if not isinstance(cell.value, datetime.datetime) or not cell.is_date:
            problems.append("%s is %r (%s), not a date" % (cell.coordinate, cell.value, cell.number_format))
        dates += 1
if dates == 0:
    problems.append("no date cells in columns %s" % cols)
if len(sys.argv) > 5:
    col, said = sys.argv[5], 0
    if ws["%s%d" % (col, header)].value != "时限情况":
        problems.append("%s%d is %r, not the header 时限情况" % (col, header, ws["%s%d" % (col, header)].value))
    words = re.compile(r"^(剩余 [1-9]\d* 个工作日|剩余 [1-9]\d* 小时|剩余不足 1 小时|逾期 [1-9]\d* 天|逾期 [1-9]\d* 小时)$")
    for row in range(header + 1, last + 1):
        cell = ws["%s%d" % (col, row)]
        if cell.value is None:
            continue
        if not isinstance(cell.value, str) or not words.match(cell.value):
            problems.append("%s is %r, not time left or lateness as the pages say it" % (cell.coordinate, cell.value))
        said += 1
    if said == 0:
        problems.append("no time left in column %s" % col)
    print("time left in column %s: %d cells" % (col, said))
print("%s: %d date cells, freeze_panes %s, auto_filter %s" % (ws.title, dates, ws.freeze_panes, ref))
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
