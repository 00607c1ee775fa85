"""Issue 19's import, as a new manager does it in Arabic: she uploads the shipped sample workbook, reads the check
report on the page and downloads it, imports the good rows while the progress bar runs to the end, imports the family
members from the workbook's second sheet, and finds an imported file through the files search. Photographed at 360 px
and desktop width."""
import io
import time

import openpyxl

from conftest import ROOT
from walk import T, Walk

SAMPLE = ROOT / "Resources" / "Samples" / "lamasat-import-sample.xlsx"
PEOPLE = {"imp.manager": ("نوف عبد الله القحطاني", "manager")}


def wait_for_status(page, status, timeout=90):
    """The page reloads itself when the job ends (or she refreshes it, without JavaScript)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if status in page.locator("[data-import-status]").inner_text():
            return
        time.sleep(1)
        if time.monotonic() > deadline - timeout / 2:
            page.reload()
    raise AssertionError(f"import did not reach {status}: {page.locator('main').inner_text()[:500]}")


def check_and_import(walk, page, name):
    walk.step(page, f"{name}-mapping")
    walk.submit(page, T["import.check"])
    assert T["import.summary"] in page.inner_text("main")
    walk.step(page, f"{name}-report")
    walk.submit(page, T["import.start"])
    assert page.locator("#import-bar").count() == 1
    wait_for_status(page, T["import.status.done"])
    assert page.locator("#import-bar").get_attribute("value") == "100"
    walk.step(page, f"{name}-done")


def test_manager_imports_the_sample_workbook(server, browser):
    sample = openpyxl.load_workbook(SAMPLE, read_only=True)
    first = next(sample["الملفات"].iter_rows(min_row=2, max_row=2, values_only=True))
    walk = Walk(server, browser, PEOPLE, "import")

    page = walk.go("imp.manager", "/admin/import")
    assert page.get_by_role("link", name=T["nav.import"]).count() >= 1  # in her menu
    walk.step(page, "upload")
    page.get_by_label(T["import.upload.file"]).set_input_files(str(SAMPLE))
    page.get_by_label(T["import.kind"]).select_option("files")
    walk.submit(page, T["import.upload.send"])
    # The Arabic headers were recognised: the mapping is already filled in.
    assert page.locator("#map_nationalID").input_value() == "0"
    assert page.locator("#map_fullName").input_value() == "1"

    walk.step(page, "files-mapping")
    walk.submit(page, T["import.check"])
    report = page.inner_text("main")
    for problem in ("validation.nationalID.checkDigit", "validation.mobile.landline", "import.problem.duplicateInFile",
                    "validation.birthDate.invalid", "import.problem.nameParts"):
        assert T[problem] in report, problem
    walk.step(page, "files-report")

    with page.expect_download() as download:
        page.get_by_role("link", name=T["import.report.download"]).click()
    rows = list(openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active.iter_rows(values_only=True))
    assert rows[0] == (T["import.report.row"], T["import.report.column"], T["import.report.value"], T["import.report.problem"])
    assert len(rows) >= 7 and any(row[3] == T["import.problem.duplicateInFile"] for row in rows[1:])

    walk.submit(page, T["import.start"])
    wait_for_status(page, T["import.status.done"])
    assert page.locator("#import-bar").get_attribute("value") == "100"
    walk.step(page, "files-done")

    # The family members, from the second sheet, keyed by the mothers' IDs.
    page.goto(walk.base + "/admin/import")
    page.get_by_label(T["import.upload.file"]).set_input_files(str(SAMPLE))
    page.get_by_label(T["import.kind"]).select_option("family")
    walk.submit(page, T["import.upload.send"])
    page.get_by_label(T["import.sheet"]).select_option(label="أفراد الأسر")
    walk.submit(page, T["import.sheet.choose"])
    check_and_import(walk, page, "family")
    assert T["import.problem.motherNotFound"] in page.inner_text("main")

    # She finds an imported file through the files search.
    # IDs are searched by POST, so they never appear in an address.
    page.goto(walk.base + "/beneficiaries")
    page.get_by_role("searchbox").first.fill(str(first[0]))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("main tbody tr").count() == 1
    assert "••••••" + str(first[0])[-4:] in page.inner_text("main")
    assert str(first[1]).split()[-1] in page.inner_text("main")
    walk.step(page, "search")
    walk.close()
    assert not walk.problems, walk.problems
