"""The manager downloads the relations report's tables from the running server, as XLSX and as CSV, through the links
on the page; the workbook opens in openpyxl as the association's spreadsheet program would read it."""
import csv
import datetime
import io

import openpyxl

from walk import T, Walk

PEOPLE = {
    "exp.officer": ("ريم خالد الدوسري", "relationsOfficer"),
    "exp.manager": ("لمى ناصر الشهري", "manager"),
}


def download(page, link_name, section):
    """The file behind one of the section's links (clicked as a person would), as bytes."""
    with page.expect_download() as info:
        page.locator("section", has_text=section).get_by_role("link", name=link_name).click()
    return open(info.value.path(), "rb").read()


def test_relations_tables_download_as_xlsx_and_csv(server, browser):
    walk = Walk(server, browser, PEOPLE, "exports", photographs=False)

    # A website contact and a phone inquiry, answered the same day.
    officer = walk.go("exp.officer", "/contacts/new")
    officer.locator("[name=channel]").select_option("website")
    officer.locator("[name=direction]").select_option("incoming")
    officer.locator("[name=subject]").fill("سؤال عن موعد الصرف & المبلغ")
    officer.locator("[name=outcome]").select_option("answered")
    walk.submit(officer, T["contact.save"])
    officer.goto(walk.base + "/inquiries/new")
    officer.get_by_label(T["case.contactName"]).fill("سلمى")
    officer.get_by_label(T["case.contactPhone"]).fill("0551239876")
    officer.get_by_label(T["request.field.channel"]).select_option("phone")
    officer.get_by_label(T["case.category"]).select_option(index=1)
    officer.get_by_label(T["inquiry.question"]).fill("متى يصدر القرار؟")
    walk.submit(officer, T["inquiry.save"])
    officer.get_by_label(T["inquiry.answer"]).fill("خلال أسبوعين من اكتمال الملف.")
    walk.submit(officer, T["inquiry.sendAnswer"])
    walk.submit(officer, T["caseMessage.send"])
    assert T["notice.caseMessageSent"] in officer.inner_text("main")

    manager = walk.go("exp.manager", "/reports/relations")
    today = datetime.date.fromisoformat(manager.locator("[name=to]").input_value())
    start = datetime.date.fromisoformat(manager.locator("[name=from]").input_value())

    # One table: right-to-left, a bold frozen header, numbers as numbers.
    sheet = openpyxl.load_workbook(io.BytesIO(download(manager, "Excel (XLSX)", T["report.byChannel"]))).active
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (T["request.field.channel"], T["nav.contacts"], T["nav.inquiries"], T["nav.complaints"])
    by_channel = {row[0]: row[1:] for row in rows[1:]}
    assert by_channel[T["channel.website"]] == (1, 0, 0)
    assert by_channel[T["channel.phone"]] == (0, 1, 0)
    assert by_channel[T["report.total"]] == (1, 1, 0)
    assert all(type(value) is int for row in rows[1:] for value in row[1:])

    # The whole report: the period as dates, then every table; the times as decimals and a share in percent.
    manager.goto(walk.base + "/reports/relations")
    with manager.expect_download() as info:
        manager.get_by_role("link", name=T["tableExport.wholeReport"]).click()
    # Chromium names the file from filename*: the Arabic title, not the ASCII fallback.
    assert info.value.suggested_filename == T["tableExport.wholeReportFile"] + ".xlsx"
    book = openpyxl.load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    assert book.sheetnames == [T["report.period"], T["report.byChannel"], T["report.openByAge"], T["report.timings"]]
    assert all(ws.sheet_view.rightToLeft for ws in book.worksheets)
    period = book[T["report.period"]]
    assert (period["A2"].value, period["B2"].value) == (datetime.datetime.combine(start, datetime.time()),
                                                         datetime.datetime.combine(today, datetime.time()))
    assert period["A2"].is_date
    timings = {row[0]: row[1:] for row in book[T["report.timings"]].iter_rows(min_row=2, values_only=True)}
    count, first_response, resolution, within = timings[T["nav.inquiries"]]
    assert type(count) is int and count == 1
    assert type(first_response) is float and first_response == 0.0
    assert resolution is None, "not closed yet: no value"
    assert type(within) is float and within == 1.0
    assert book[T["report.timings"]]["E2"].number_format == "0.00%"
    assert timings[T["nav.complaints"]] == (0, None, None, None)

    # The CSV: a byte-order mark, CRLF lines, and the same figures back through Python's csv module.
    raw = download(manager, "CSV", T["report.byChannel"])
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    parsed = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert parsed[0] == list(rows[0])
    assert [[str(value) for value in row] for row in rows[1:]] == parsed[1:]

    # The officer may not read the report, nor download it.
    response = walk.page("exp.officer").request.get(walk.base + "/reports/relations/export/channels.xlsx")
    assert response.status == 403
    walk.close()
