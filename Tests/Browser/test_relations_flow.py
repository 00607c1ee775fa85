"""An officer logs a phone inquiry and answers it from the FAQ, refers another to the researcher, and files a
confidential complaint about a colleague; the colleague cannot see it, the manager can."""
from walk import T, Walk

PEOPLE = {
    "rel.officer": ("مها عبدالله الخالدي", "relationsOfficer"),
    "rel.colleague": ("نوف سعد القرني", "relationsOfficer"),
    "rel.researcher": ("دانة فيصل العمري", "researcher"),
    "rel.manager": ("وفاء حمد السديري", "manager"),
}


def test_inquiries_referral_and_a_confidential_complaint(server, browser):
    walk = Walk(server, browser, PEOPLE, "relations")

    # A phone inquiry from someone without a file, answered with the FAQ's answer.
    officer = walk.go("rel.officer", "/inquiries/new")
    officer.get_by_label(T["case.contactName"]).fill("سلمى")
    officer.get_by_label(T["case.contactPhone"]).fill("0551239876")
    officer.get_by_label(T["request.field.channel"]).select_option("phone")
    officer.get_by_label(T["case.category"]).select_option(index=1)
    officer.get_by_label(T["inquiry.question"]).fill("متى يصدر قرار طلب الدعم الذي قدمته؟")
    walk.step(officer, "1-inquiry-new")
    walk.submit(officer, T["inquiry.save"])
    assert "Q-" in officer.inner_text("main")
    # The FAQ's answer is offered; one click puts it in the answer box.
    officer.get_by_role("button", name=T["inquiry.useAnswer"]).first.click()
    assert "لجنة البحث" in officer.get_by_label(T["inquiry.answer"]).input_value()
    walk.step(officer, "2-inquiry-answer")
    walk.submit(officer, T["inquiry.sendAnswer"])
    # The message is previewed first, then sent with the answer.
    assert "لجنة البحث" in officer.inner_text("#message-preview")
    walk.submit(officer, T["caseMessage.send"])
    assert T["notice.caseMessageSent"] in officer.inner_text("main")
    walk.submit(officer, T["inquiry.close"])
    walk.submit(officer, T["caseMessage.send"])
    assert T["inquiry.status.closed"] in officer.inner_text("main")

    # Another, unclear, goes to the researcher.
    officer.goto(walk.base + "/inquiries/new")
    officer.get_by_label(T["case.contactName"]).fill("عائشة")
    officer.get_by_label(T["case.contactPhone"]).fill("0551230000")
    officer.get_by_label(T["inquiry.question"]).fill("ظروفي تغيرت بعد وفاة زوجي ولا أعرف ما الدعم المناسب")
    walk.submit(officer, T["inquiry.save"])
    officer.get_by_label(T["inquiry.referReason"]).fill("تحتاج دراسة حالة")
    walk.submit(officer, T["inquiry.refer"])
    assert T["inquiry.status.referred"] in officer.inner_text("main")
    researcher = walk.go("rel.researcher", "/work")
    assert "ظروفي تغيرت" in researcher.inner_text("main")
    walk.step(researcher, "3-researcher-work")

    # A confidential complaint about a colleague: the colleague never sees it; the manager does.
    officer.goto(walk.base + "/complaints/new")
    officer.get_by_label(T["case.contactName"]).fill("سلمى")
    officer.get_by_label(T["case.contactPhone"]).fill("0551239876")
    officer.get_by_label(T["case.category"]).select_option(index=2)
    officer.get_by_label(T["complaint.description"]).fill("لم يُرد على اتصالاتي ثلاثة أيام")
    officer.get_by_label(T["complaint.aboutStaff"]).select_option(label="نوف سعد القرني")
    officer.get_by_label(T["complaint.confidential"]).check()
    walk.step(officer, "4-complaint-new")
    walk.submit(officer, T["complaint.save"])
    # She is not a manager: she gets the number to give the complainant, and the complaint leaves her sight.
    number = officer.locator("strong[dir=ltr]").inner_text()
    assert number.startswith("S-") and T["complaint.filedConfidential"][:20] in officer.inner_text("main")
    walk.step(officer, "5-complaint-filed")
    assert number not in walk.go("rel.officer", "/complaints").inner_text("main")
    colleague = walk.go("rel.colleague", "/complaints")
    assert number not in colleague.inner_text("main")
    manager = walk.go("rel.manager", "/complaints")
    assert number in manager.inner_text("main")
    manager.get_by_role("link", name=number).click()
    manager.wait_for_load_state()
    complaint_url = manager.url.split("?")[0]
    assert "لم يُرد على اتصالاتي" in manager.inner_text("main")
    walk.step(manager, "6-complaint-manager")
    assert colleague.goto(complaint_url).status == 404

    # The library and the FAQ, one click away.
    library = walk.go("rel.officer", "/library")
    walk.step(library, "7-library")
    faq = walk.go("rel.officer", "/faq")
    walk.step(faq, "8-faq")
    walk.close()
    assert not walk.problems, "\n".join(walk.problems)
