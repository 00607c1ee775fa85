"""Issue 20's retention, in Arabic at 360 px: two applicants who never came back are due under the schedule the
administrator switches on; she keeps one back with a reason and approves the batch; the job removes the other from
the database while her file stays, read-only, for the statistics. Each page photographed and scanned."""
import sqlite3
import time

from walk import T, Walk

PEOPLE = {"ret.officer": ("سارة محمد الغامدي", "relationsOfficer"), "ret.admin": ("ريم عبدالله السبيعي", "admin")}
YEAR = 400 * 86_400


def database(server):
    return sqlite3.connect(server["data_dir"] / "lamasat.sqlite", timeout=5)


def wait_for_batch(server, status, timeout=60.0):
    """The approved batch runs in the worker; polled, with a deadline (nothing announces its end to a test)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with database(server) as db:
            if db.execute("SELECT 1 FROM retention_batches WHERE status = ?", (status,)).fetchone():
                return
        time.sleep(0.2)
    raise AssertionError(f"no batch reached {status} within {timeout} s")


def test_the_administrator_approves_an_anonymisation_batch(server, browser):
    walk = Walk(server, browser, PEOPLE, "retention")
    gone = walk.register_file("ret.officer", "1000000024", "غدير", "عبدالله", "سعد", "الرويلية", "1408/03/12", "أرملة", "0554445566",
                              "4141", "الرياض", "12211")
    kept = walk.register_file("ret.officer", "1000000032", "عبير", "ناصر", "فهد", "المطيرية", "1407/07/07", "مطلقة", "0555556677",
                              "5151", "الرياض", "12212")
    # A year and more without anything happening on either file.
    with database(server) as db:
        db.execute("UPDATE beneficiaries SET updated_at = updated_at - ? WHERE national_id IN ('1000000024', '1000000032')", (YEAR,))

    admin = walk.go("ret.admin", "/admin/retention")
    walk.step(admin, "schedule")
    rule = admin.locator("fieldset", has_text=T["retention.kind.unregisteredApplicants"])
    rule.get_by_label(T["retention.enabled"]).check()
    rule.get_by_label(T["retention.months"]).fill("١٢")
    walk.submit(admin, T["form.save"])
    assert T["notice.retentionScheduleSaved"] in admin.inner_text("main")
    walk.submit(admin, T["retention.scan"])
    assert T["notice.retentionProposed"] in admin.inner_text("main")
    main = admin.inner_text("main")
    # The preview names files by number, never by name.
    assert "RT-1" in main and "غدير" not in main and "عبير" not in main
    walk.step(admin, "proposed")

    with database(server) as db:
        kept_sequence = db.execute("SELECT file_sequence FROM beneficiaries WHERE national_id = '1000000032'").fetchone()[0]
    kept_number = f"LMS-{kept_sequence:06d}"
    row = admin.locator("tr", has_text=kept_number)
    row.get_by_label(T["retention.keepReason"]).fill("طلبت الاحتفاظ بملفها لتتقدم من جديد")
    row.get_by_role("button", name=T["retention.keep"]).click()
    admin.wait_for_load_state()
    assert T["notice.retentionKept"] in admin.inner_text("main")
    walk.step(admin, "kept")
    # Approving needs the confirmation.
    walk.submit(admin, T["retention.approve"])
    assert T["retention.error.confirm"] in admin.inner_text("main")
    admin.get_by_label(T["retention.confirm"]).check()
    walk.submit(admin, T["retention.approve"])
    assert T["notice.retentionApproved"] in admin.inner_text("main")
    wait_for_batch(server, "applied")
    admin.reload()
    assert T["retention.anonymisedCount"] in admin.inner_text("main")
    walk.step(admin, "applied")
    # Which files went and which stayed, with the reason: the batch's own page, filtered to the kept one.
    admin.get_by_role("link", name=T["retention.batchFiles"] + " RT-1").click()
    admin.wait_for_load_state()
    main = admin.inner_text("main")
    assert kept_number in main and "طلبت الاحتفاظ بملفها" in main and T["retention.item.status.anonymised"] in main and "غدير" not in main
    admin.get_by_label(T["retention.itemStatus"]).select_option("kept")
    walk.submit(admin, T["list.search"])
    rows = admin.locator("table", has=admin.locator("caption", has_text=T["retention.files"])).locator("tbody tr")
    assert rows.count() == 1 and kept_number in rows.first.inner_text()
    walk.step(admin, "batch-files")

    with database(server) as db:
        assert db.execute("SELECT COUNT(*) FROM beneficiaries WHERE national_id = '1000000024'").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM outbox_messages WHERE recipient LIKE '%554445566%' OR body LIKE '%غدير%'").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM beneficiaries WHERE national_id = '1000000032'").fetchone()[0] == 1
    officer = walk.go("ret.officer", gone.replace(server["base"], ""))
    main = officer.inner_text("main")
    assert T["beneficiary.anonymised"].split("{0}")[0] in main and "غدير" not in main and "1000000024" not in main
    assert officer.get_by_role("link", name=T["beneficiary.edit"]).count() == 0
    walk.step(officer, "anonymised-file")
    officer.goto(server["base"] + "/beneficiaries?q=1000000024")
    assert "غدير" not in officer.inner_text("main")
    # The file kept back is whole.
    officer.goto(kept)
    assert "عبير" in officer.inner_text("main") and T["beneficiary.anonymised"].split("{0}")[0] not in officer.inner_text("main")
    walk.close()
    assert not walk.problems, walk.problems
