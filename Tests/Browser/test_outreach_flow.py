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
    walk.register_file("out.officer", "1000000016", "رهف", "سالم", "علي", "البلوي", "10/03/1408", "مطلقة", "0541234567", "4141", "تبوك", "47911")

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
