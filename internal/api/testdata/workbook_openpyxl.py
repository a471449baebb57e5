"""Opens a workbook with openpyxl, as a clerk's tools would, and prints its sheets as JSON:
{"sheets": [name, ...], "rows": {name: [[value, ...], ...]}}, with dates written
"date:YYYY-MM-DD HH:MM" when the cell is a date cell (a date that is not one fails).
Usage: workbook_openpyxl.py BOOK.xlsx"""
import datetime
import json
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": book.sheetnames, "rows": {}}
for ws in book.worksheets:
    rows = []
    for row in ws.iter_rows():
        vals = []
        for cell in row:
            v = cell.value
            if isinstance(v, datetime.datetime):
                if not cell.is_date:
                    sys.exit("%s!%s holds a datetime in a cell not formatted as a date" % (ws.title, cell.coordinate))
                v = "date:" + v.strftime("%Y-%m-%d %H:%M")
            vals.append(v)
        rows.append(vals)
    out["rows"][ws.title] = rows
json.dump(out, sys.stdout, ensure_ascii=False)
