"""Issue 20, in Arabic at 360 px: an officer registers a woman twice (the second time with a mistyped ID and her new
mobile, confirming she is not the similar file); the manager opens the first file, finds the second among its similar
files, compares them field by field, takes the new mobile and merges; the second file is a closed tombstone pointing
to the first. Each page photographed at both widths and scanned."""
from walk import T, Walk

PEOPLE = {"merge.officer": ("نوف سعد القحطاني", "relationsOfficer"), "merge.manager": ("هند محمد العمري", "manager")}


def test_the_manager_merges_a_duplicate_file(server, browser):
    walk = Walk(server, browser, PEOPLE, "merge")
    first = walk.register_file("merge.officer", "1000000016", "مها", "عبدالله", "سعد", "الحربي", "1409/02/11", "أرملة", "0553334455",
                               "4141", "الرياض", "12611")
    officer = walk.go("merge.officer", "/beneficiaries/new")
    for label, value in (("رقم الهوية / الإقامة", "1000000024"), ("الاسم الأول", "مها"), ("اسم الأب", "عبدالله"), ("اسم الجد", "سعد"),
                         ("اسم العائلة", "الحربي"), ("تاريخ الميلاد", "1409/02/11"), ("رقم الجوال", "0556667711"), ("رقم المبنى", "4141"),
                         ("المدينة", "الرياض"), ("الرمز البريدي", "12611")):
        officer.get_by_label(label).fill(value)
    officer.get_by_label("الفئة").select_option(label="أرملة")
    officer.get_by_label("وافقت المستفيدة على معالجة بياناتها").check()
    walk.submit(officer, "حفظ")
    # Same name and birth date: she confirms they are not the same person (wrongly, as the merge will show).
    officer.get_by_label(T["beneficiary.similar.confirm"]).check()
    walk.submit(officer, "حفظ")
    assert T["notice.beneficiaryCreated"] in officer.inner_text("main")
    second = officer.url.split("?")[0]

    manager = walk.go("merge.manager", first.replace(server["base"], ""))
    manager.get_by_role("link", name=T["merge.action"]).click()
    manager.wait_for_load_state()
    walk.step(manager, "pick")
    manager.locator("main li a").first.click()
    manager.wait_for_load_state()
    assert manager.locator("#pick-other-mobile").count() == 1 and manager.locator("#pick-other-nameFirst").count() == 0
    manager.locator("#pick-other-mobile").check()
    walk.step(manager, "compare")
    walk.submit(manager, T["merge.confirm"])
    assert T["notice.fileMerged"] in manager.inner_text("main")
    # Her file now holds the new mobile and names the file merged into it.
    assert "7711" in manager.inner_text("main") and T["merge.card.survivor"] in manager.inner_text("#merge-card")
    walk.step(manager, "merged")
    manager.goto(second)
    assert T["beneficiary.status.closed"] in manager.inner_text("main") and T["merge.card.tombstone"] in manager.inner_text("#merge-card")
    manager.locator("#merge-card").get_by_role("link", name=T["merge.card.open"]).click()
    manager.wait_for_load_state()
    assert manager.url.split("?")[0] == first
    walk.step(manager, "tombstone-followed")
    walk.close()
    assert not walk.problems, walk.problems
