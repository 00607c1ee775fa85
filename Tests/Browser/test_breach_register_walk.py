"""Issue 20's breach register, in Arabic at 360 px: the administrator records an incident found this morning, sees
the 72-hour clock running and the drafts written from its facts, records that the authority was notified, and closes
it with the lessons drawn. Each page photographed and scanned."""
from walk import T, Walk

PEOPLE = {"breach.admin": ("ندى عبدالله الشمري", "admin")}


def test_an_incident_is_recorded_notified_and_closed(server, browser):
    walk = Walk(server, browser, PEOPLE, "breach")
    admin = walk.go("breach.admin", "/admin/breaches")
    walk.step(admin, "register-empty")
    admin.get_by_role("link", name=T["breach.new"]).click()
    admin.get_by_label(T["breach.field.title"]).fill("فقد قائمة زيارات مطبوعة")
    admin.get_by_label(T["breach.field.details"]).fill("فقدت الباحثة ورقة فيها أسماء ٨ مستفيدات وأرقام جوالاتهن")
    admin.get_by_label(T["breach.field.recordsAffected"]).fill("٨")
    admin.get_by_label(T["breach.field.peopleAffected"]).fill("8")
    admin.get_by_label(T["breach.field.dataCategories"]).fill("الأسماء وأرقام الجوالات")
    admin.get_by_label(T["breach.field.risk"]).select_option("high")
    walk.step(admin, "record")
    walk.submit(admin, T["form.save"])
    main = admin.inner_text("main")
    assert T["notice.breachRecorded"] in main, admin.locator(".error").all_inner_texts()
    assert T["breach.clock.running.many"].replace("{0}", "72") in admin.inner_text("#breach-clock")
    assert "BR-0001" in admin.inner_text("#draft-authority") and "الأسماء وأرقام الجوالات" in admin.inner_text("#draft-authority")
    walk.step(admin, "incident")

    authority = admin.locator("#step-authority")
    authority.get_by_label(T["breach.field.reference"]).fill("NDMO-55120")
    authority.get_by_role("button", name=T["breach.step.authority.button"]).click()
    admin.wait_for_load_state()
    assert T["breach.clock.notifiedInTime"] in admin.inner_text("#breach-clock")
    assert "NDMO-55120" in admin.inner_text("main")
    walk.step(admin, "notified")

    close = admin.locator("#step-close")
    close.get_by_label(T["breach.field.lessons"]).fill("قوائم الزيارة على الجوال فقط")
    close.get_by_role("button", name=T["breach.step.close.button"]).click()
    admin.wait_for_load_state()
    assert T["notice.breachClosed"] in admin.inner_text("main") and "قوائم الزيارة على الجوال فقط" in admin.inner_text("main")
    assert admin.locator("#step-close").count() == 0
    walk.step(admin, "closed")
    admin.goto(server["base"] + "/admin/breaches?state=closed")
    assert "BR-0001" in admin.inner_text("main")
    walk.step(admin, "register")
    walk.close()
    assert not walk.problems, walk.problems
