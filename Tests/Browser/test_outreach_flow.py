"""A manager builds a campaign for a segment, sees the count and a sample, schedules it, watches the progress bar
fill as the worker sends, and reads the delivery report; the proactive rules page shows today's matches."""
from walk import T, Walk

PEOPLE = {
    "out.officer": ("سمر خالد الدوسري", "relationsOfficer"),
    "out.manager": ("جميلة ناصر العتيبي", "manager"),
}


def test_campaign_progress_and_report(server, browser):
    walk = Walk(server, browser, PEOPLE, "outreach")

    # A file in a city nobody else uses, so the segment is exactly her.
    officer = walk.go("out.officer", "/beneficiaries/new")
    officer.get_by_label("رقم الهوية / الإقامة").fill("1000000016")
    officer.get_by_label("الاسم الأول").fill("رهف")
    officer.get_by_label("اسم الأب").fill("سالم")
    officer.get_by_label("اسم الجد").fill("علي")
    officer.get_by_label("اسم العائلة").fill("البلوي")
    officer.get_by_label("تاريخ الميلاد").fill("10/03/1408")
    officer.get_by_label("الفئة").select_option(label="مطلقة")
    officer.get_by_label("رقم الجوال").fill("0541234567")
    officer.get_by_label("رقم المبنى").fill("4141")
    officer.get_by_label("المدينة").fill("تبوك")
    officer.get_by_label("الرمز البريدي").fill("47911")
    officer.get_by_label("وافقت المستفيدة على معالجة بياناتها").check()
    walk.submit(officer, "حفظ")
    assert "سُجل الملف" in officer.inner_text("main"), officer.locator(".error").all_inner_texts()

    manager = walk.go("out.manager", "/campaigns/new")
    manager.get_by_label(T["beneficiary.field.addressCity"]).fill("تبوك")
    walk.submit(manager, T["campaign.preview"])
    assert T["campaign.count.one"] in manager.inner_text("main")
    assert "رهف سالم علي البلوي" in manager.inner_text("main")
    manager.get_by_label(T["campaign.name"]).fill("تذكير تبوك")
    manager.get_by_label(T["campaign.body"]).fill("أهلًا {name}، نذكرك بموعد اللقاء الشهري للأسر.")
    walk.step(manager, "1-campaign-new")
    walk.submit(manager, T["campaign.create"])
    assert T["notice.campaignCreated"] in manager.inner_text("main")
    # The worker sends in the background; the bar fills without reloading the page.
    manager.wait_for_function("document.querySelector('[data-bar]').value === 1 && document.querySelector('[data-sent]').textContent === '1'",
                              timeout=30000)
    walk.step(manager, "2-campaign-report")

    rules = walk.go("out.manager", "/outreach")
    assert T["outreach.rule.documentsExpiring"] in rules.inner_text("main")
    walk.step(rules, "3-rules")
    calls = walk.go("out.officer", "/calls")
    walk.step(calls, "4-calls")
    walk.close()
    assert not walk.problems, "\n".join(walk.problems)
