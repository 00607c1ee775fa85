"""Issue 19's import, as a new manager does it in Arabic: she uploads the shipped sample workbook, reads the check
report on the page and downloads it, imports the good rows while the progress bar runs to the end, imports the family
members from the workbook's second sheet and the aid from before Lamasat from the third, and finds an imported file
through the files search with that aid in its history. The donor officer then imports the older donors and their gifts,
and the volunteer coordinator the volunteers, from the same workbook. Photographed at 360 px and desktop width."""
import io
import time

import openpyxl

from conftest import ROOT
from walk import T, Walk

SAMPLE = ROOT / "Resources" / "Samples" / "lamasat-import-sample.xlsx"
PEOPLE = {"imp.manager": ("نوف عبد الله القحطاني", "manager")}
OTHERS = {"imp.donors": ("هيا سعد الدوسري", "donorOfficer"), "imp.volunteers": ("لمى خالد العتيبي", "volunteerCoordinator")}


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


def upload_sheet(walk, page, kind, sheet):
    """Uploads the sample as `kind` and chooses its sheet by name."""
    page.goto(walk.base + "/admin/import")
    page.get_by_label(T["import.upload.file"]).set_input_files(str(SAMPLE))
    page.get_by_label(T["import.kind"]).select_option(kind)
    walk.submit(page, T["import.upload.send"])
    page.get_by_label(T["import.sheet"]).select_option(label=sheet)
    walk.submit(page, T["import.sheet.choose"])


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
    upload_sheet(walk, page, "family", "أفراد الأسر")
    check_and_import(walk, page, "family")
    assert T["import.problem.motherNotFound"] in page.inner_text("main")

    # The aid the households received before Lamasat, keyed by the files' IDs.
    upload_sheet(walk, page, "pastAid", "المساعدات السابقة")
    assert page.locator("#map_supportType").input_value() == "1"
    check_and_import(walk, page, "aid")
    main = page.inner_text("main")
    for problem in ("import.problem.supportType", "import.problem.fileNotFound", "import.problem.dayInFuture"):
        assert T[problem] in main, problem

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
    # Her file's requests tab lists the food basket of the old list, marked as before Lamasat.
    page.locator("main tbody tr a").first.click()
    page.wait_for_load_state()
    page.goto(page.url.split("?")[0] + "?tab=requests")
    history = page.inner_text("main")
    assert T["entitlement.beforeLamasat"] in history and "سلة غذائية شهرية" in history
    walk.step(page, "aid-history")
    walk.close()
    assert not walk.problems, walk.problems


def test_donor_officer_and_coordinator_import_their_lists(server, browser):
    walk = Walk(server, browser, OTHERS, "import-others")
    page = walk.go("imp.donors", "/admin/import")
    # Her kinds only: donors and gifts, not files or volunteers.
    kinds = page.get_by_label(T["import.kind"]).inner_text()
    assert T["import.kind.donations"] in kinds and T["import.kind.volunteers"] not in kinds and T["import.kind.files"] not in kinds
    upload_sheet(walk, page, "donors", "المتبرعون")
    check_and_import(walk, page, "donors")
    assert T["donor.error.contactPerson"] in page.inner_text("main")
    upload_sheet(walk, page, "donations", "التبرعات")
    check_and_import(walk, page, "donations")
    main = page.inner_text("main")
    for problem in ("import.problem.donorNotFound", "donation.error.reference", "import.problem.fundChoose"):
        assert T[problem] in main, problem
    page.goto(walk.base + "/donations")
    assert page.locator("main tbody tr").count() >= 20
    walk.step(page, "donations-list")

    page = walk.go("imp.volunteers", "/admin/import")
    upload_sheet(walk, page, "volunteers", "المتطوعات")
    check_and_import(walk, page, "volunteers")
    assert T["import.problem.skill"] in page.inner_text("main")
    page.goto(walk.base + "/volunteers")
    assert T["volunteer.person.status.paused"] in page.inner_text("main")
    walk.step(page, "volunteers-list")
    walk.close()
    assert not walk.problems, walk.problems
