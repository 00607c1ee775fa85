"""An officer, in Arabic, downloads the filtered files list and the complaints list through the buttons on the pages;
the workbooks open in openpyxl with every row of the filter, right-to-left. The list pages with their buttons are
photographed at 360 px."""
import io

import openpyxl

from conftest import screenshot
from walk import PHONE_360, T, Walk

PEOPLE = {"lx.officer": ("جود سعد القرني", "relationsOfficer")}


def workbook(page, click):
    """The workbook behind a download button, clicked as a person would."""
    with page.expect_download() as info:
        click()
    assert info.value.suggested_filename.endswith(".xlsx")
    return openpyxl.load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active


def test_filtered_files_and_complaints_download(server, browser):
    walk = Walk(server, browser, PEOPLE, "list-exports", photographs=False)
    walk.register_file("lx.officer", "1045789326", "أميرة", "عبد الله", "سعد", "القحطاني", "1410/05/15", "أرملة", "0501234567", "2929", "الرياض", "12214")
    walk.register_file("lx.officer", "1000000016", "سلمى", "محمد", "علي", "الشهري", "1412/03/10", "أرملة", "0501234568", "2930", "جدة", "21411")

    # The files list filtered by city: the button posts the form, so the filter goes with it and no ID sits in a URL.
    officer = walk.go("lx.officer", "/beneficiaries")
    officer.get_by_label(T["beneficiary.field.addressCity"]).fill("جدة")
    sheet = workbook(officer, lambda: officer.get_by_role("button", name=T["listExport.xlsx"]).click())
    assert sheet.sheet_view.rightToLeft is True
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == (T["beneficiary.fileNumber"], T["beneficiary.name"], T["listExport.column.nationalID"])
    assert len(rows) == 2 and "سلمى" in rows[1][1] and rows[1][2] == "1000000016"
    officer.set_viewport_size(PHONE_360)
    screenshot(officer, "list-exports-files-ar-phone-360")
    assert officer.evaluate("document.documentElement.scrollWidth") <= 360

    # A complaint through the form, then the complaints list's buttons.
    officer.goto(walk.base + "/complaints/new")
    officer.get_by_label(T["case.contactName"]).fill("منى")
    officer.get_by_label(T["case.contactPhone"]).fill("0551112223")
    officer.get_by_label(T["case.category"]).select_option(index=1)
    officer.get_by_label(T["complaint.description"]).fill("تأخر الرد على الطلب")
    walk.submit(officer, T["complaint.save"])
    officer.goto(walk.base + "/complaints?kind=complaint")
    screenshot(officer, "list-exports-complaints-ar-phone-360")
    assert officer.evaluate("document.documentElement.scrollWidth") <= 360
    sheet = workbook(officer, lambda: officer.get_by_role("link", name=T["listExport.xlsx"]).click())
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == T["case.number"] and len(rows) == 2 and rows[1][2] == "منى"
    walk.close()
