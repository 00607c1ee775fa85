"""One support request walked from a phone call to two deliveries, by one person per role, each in her own browser:
intake, verification, the signature drawn on the pad, the research visit and report, a committee of three voting,
approval and registration, two deliveries, then her evaluation on her phone and the manager's results. Each step is
photographed at phone and desktop width and scanned by axe."""
import pathlib
import re
import sqlite3
import tempfile

from walk import PASSWORD, T, Walk

PEOPLE = {
    "flow.officer": ("أمل محمد الشهري", "relationsOfficer"),
    "flow.researcher": ("ريم خالد الغامدي", "researcher"),
    "flow.manager": ("منيرة عبدالرحمن الدوسري", "manager"),
    "flow.chair": ("لطيفة ناصر الحربي", "committeeMember"),
    "flow.member2": ("هند علي السبيعي", "committeeMember"),
    "flow.member3": ("عبير سالم العنزي", "committeeMember"),
    "flow.service": ("سارة فهد المطيري", "serviceOfficer"),
}
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def test_request_from_phone_call_to_two_deliveries_and_her_evaluation(server, browser):
    walk = Walk(server, browser, PEOPLE, "request")
    base = walk.base

    # A new file, with the documents a widow needs, verified.
    file_url = walk.register_file("flow.officer", "1000000008", "نورة", "سعد", "محمد", "الشمري", "01/07/1405", "أرملة", "0551234567",
                                  "3131", "الرياض", "12345")
    officer = walk.page("flow.officer")
    pdf = pathlib.Path(tempfile.mkdtemp()) / "مستند.pdf"
    pdf.write_bytes(PDF)
    for label in ("الهوية الوطنية / الإقامة", "شهادة وفاة الزوج"):
        officer.goto(file_url + "?tab=documents")
        officer.get_by_label(T["document.type"]).select_option(label=label)
        officer.get_by_label("تاريخ الانتهاء").fill("2031-01-01" if "الهوية" in label else "")
        officer.set_input_files("#doc-file", str(pdf))
        walk.submit(officer, T["document.upload"])
    for label in ("الهوية الوطنية / الإقامة", "شهادة وفاة الزوج"):
        officer.goto(file_url + "?tab=documents")
        officer.locator("tbody tr", has_text=label).get_by_role("button", name="مطابق", exact=True).click()
        officer.wait_for_load_state()
    officer.goto(file_url)
    summary = officer.inner_text("main")
    assert T["document.requirement.pending"] not in summary and T["document.requirement.mismatch"] not in summary

    # Intake by phone, submitted: tracking number and the expected date.
    officer.goto(file_url + "/requests/new")
    bills = officer.locator("#field-supportType option", has_text="سداد فواتير").get_attribute("value")
    officer.get_by_label(T["request.field.supportType"]).select_option(bills)
    officer.get_by_label(T["request.field.channel"]).select_option("phone")
    officer.get_by_label(T["request.field.description"]).fill("فاتورة كهرباء متأخرة منذ ثلاثة أشهر")
    officer.get_by_label(T["request.field.requestedAmount"]).fill("١٥٠٠")
    walk.step(officer, "1-intake")
    walk.submit(officer, T["request.saveDraft"])
    request_url = officer.url.split("?")[0]
    walk.submit(officer, T["request.action.submit"])
    text = officer.inner_text("main")
    assert "R-" in text and T["request.committeeNotice"][:20] in text
    walk.step(officer, "2-submitted")

    # Verification: the checklist is complete; referred to the researcher.
    walk.submit(officer, T["request.action.startVerification"])
    # Other tests share this server and may add researchers: choose her by name.
    rim = officer.locator("#referral-researcher option", has_text="ريم خالد الغامدي").get_attribute("value")
    officer.get_by_label(T["research.researcher"]).select_option(rim)
    officer.get_by_label(T["verification.referralReason"]).fill("التأكد من وضع السكن والفواتير")
    walk.step(officer, "3-verification")
    walk.submit(officer, T["request.action.completeVerification"])
    assert T["request.status.awaitingDeclaration"] in officer.inner_text("main")

    # The declaration, signed with a finger on the pad.
    officer.goto(request_url + "/declaration")
    walk.draw_signature(officer)
    walk.step(officer, "4-declaration")
    walk.submit(officer, T["declaration.confirmDrawn"])
    assert T["notice.requestSignDeclaration"] in officer.inner_text("main")
    assert T["request.status.socialResearch"] in officer.inner_text("main")
    assert officer.get_by_role("link", name=T["declaration.view"]).count() == 1

    # The researcher: her queue, a home visit, the report.
    researcher = walk.go("flow.researcher", "/work")
    assert "نورة سعد محمد الشمري" in researcher.inner_text("main")
    researcher.goto(request_url)
    researcher.get_by_label(T["research.date"]).fill("2026-12-01")
    walk.submit(researcher, T["research.schedule"])
    researcher.get_by_label(T["research.outcome"]).first.fill("السكن مستأجر والفواتير متأخرة فعلًا")
    walk.submit(researcher, T["research.recordVisit"])
    walk.step(researcher, "5-research")
    researcher.goto(request_url + "/report")
    researcher.get_by_label(T["research.housing"]).fill("شقة مستأجرة")
    researcher.get_by_label(T["research.incomeCheck"]).fill("الدخل ضمان اجتماعي فقط")
    researcher.get_by_label(T["research.needs"]).fill("سداد فاتورة الكهرباء")
    researcher.get_by_label(T["research.recommendation"]).select_option("approve")
    researcher.get_by_label(T["research.recommendedAmount"]).fill("1500")
    walk.step(researcher, "6-report")
    walk.submit(researcher, T["research.fileReport"])
    assert T["request.status.committeeReview"] in researcher.inner_text("main")

    # The manager calls a meeting of three; two approve, one abstains; the chair decides.
    manager = walk.go("flow.manager", "/committee/new")
    manager.get_by_label(T["committee.date"]).fill("2026-12-10")
    manager.get_by_label(T["committee.location"]).fill("قاعة الاجتماعات")
    for name in ("لطيفة ناصر الحربي", "هند علي السبيعي", "عبير سالم العنزي"):
        manager.get_by_label(name).check()
    manager.get_by_label(T["committee.chair"]).select_option(label="لطيفة ناصر الحربي")
    manager.get_by_label(T["committee.quorum"]).fill("3")
    walk.step(manager, "7-meeting-new")
    walk.submit(manager, T["committee.create"])
    meeting_url = manager.url.split("?")[0]
    assert "نورة سعد محمد الشمري" in manager.inner_text("main")
    for username, vote in (("flow.chair", "approve"), ("flow.member2", "approve"), ("flow.member3", "abstain")):
        member = walk.go(username, meeting_url.replace(base, ""))
        member.get_by_label(T["committee.noConflict"]).check()
        member.get_by_label(T["committee.yourVote"]).select_option(vote)
        walk.submit(member, T["committee.castVote"])
        assert T["notice.voteRecorded"] in member.inner_text("main")
    chair = walk.page("flow.chair")
    chair.goto(meeting_url)
    chair.get_by_label(T["committee.approvedAmount"]).fill("1500")
    walk.step(chair, "8-committee")
    walk.submit(chair, T["committee.recordDecision"])
    assert T["notice.decisionRecorded"] in chair.inner_text("main")
    chair.goto(meeting_url + "/minutes")
    assert "هـ" in chair.inner_text("main") and T["committee.present"] in chair.inner_text("main")
    walk.step(chair, "9-minutes")

    # Approved; her registration is complete; the letter has its number.
    officer.goto(request_url)
    assert T["request.status.approved"] in officer.inner_text("main")
    officer.goto(request_url + "/letter")
    assert "L-" in officer.inner_text("main") and T["letter.approved"] in officer.inner_text("main")
    walk.step(officer, "10-letter")
    officer.goto(file_url)
    assert T["beneficiary.status.registered"] in officer.inner_text("main")

    # Two deliveries: a part signed on the pad, then the rest with an uploaded receipt, which closes the request.
    service = walk.go("flow.service", "/work")
    assert "نورة سعد محمد الشمري" in service.inner_text("main")
    service.goto(request_url + "/deliveries/new")
    service.get_by_label(T["delivery.amount"]).fill("1000")
    walk.draw_signature(service)
    walk.step(service, "11-delivery")
    walk.submit(service, T["delivery.record"])
    assert T["request.status.inService"] in service.inner_text("main")
    service.goto(request_url + "/deliveries/new")
    service.get_by_label(T["delivery.amount"]).fill("500")
    service.get_by_label(T["delivery.place"]).select_option("herLocation")
    service.set_input_files("#proof-file", str(pdf))
    walk.submit(service, T["delivery.record"])
    main = service.inner_text("main")
    assert T["request.status.closed"] in main and T["delivery.finalStep"] in main
    walk.step(service, "12-closed")
    officer.goto(file_url + "?tab=requests")
    assert T["entitlement.title"] in officer.inner_text("main")
    walk.step(officer, "13-entitlements")

    # [P-9] The service is delivered: her invitation waits in the outbox (read from the database, as the gateway
    # would receive it; staff screens hide the code). She answers on her phone, without signing in.
    with sqlite3.connect(server["data_dir"] / "lamasat.sqlite") as db:
        body = db.execute("SELECT body FROM outbox_messages WHERE related_type = 'survey_invitation' AND subject LIKE 'survey:R-%'").fetchone()[0]
    token = re.search(r"/s/([0-9A-Z]{16})", body).group(1)
    her = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar-SA", bypass_csp=True).new_page()
    her.goto(base + "/s/" + token)
    assert T["survey.right"] in her.inner_text("main")
    walk.step(her, "14-survey")
    walk.submit(her, T["survey.submit"])
    assert T["survey.error.required"] in her.inner_text("main")
    walk.step(her, "15-survey-errors")
    for legend in her.locator("fieldset.survey-question").all():
        legend.get_by_text("4", exact=True).click()
    her.locator("textarea").fill("الموظفة كانت لطيفة، والانتظار طويل قليلًا")
    walk.submit(her, T["survey.submit"])
    assert T["survey.thanks.title"] in her.inner_text("main")
    walk.step(her, "16-survey-thanks")
    her.goto(base + "/s/" + token)
    assert T["survey.used.title"] in her.inner_text("main")
    her.context.close()

    # The manager sees her answer counted; with fewer than five answers only the count shows, never a score or a
    # comment that could point to who gave them, and never the name of the colleague who served her.
    manager = walk.go("flow.manager", "/satisfaction")
    assert 1 <= int(manager.inner_text("#count")) < 5
    figures = manager.inner_text("main")
    assert "الموظفة كانت لطيفة" not in figures and "سارة فهد المطيري" not in figures
    assert manager.inner_text("#score") == "—" and manager.locator("#too-few").is_visible()
    walk.step(manager, "17-satisfaction")

    walk.close()
    assert not walk.problems, "\n".join(walk.problems)
