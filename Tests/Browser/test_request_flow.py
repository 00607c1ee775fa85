"""One support request walked from a phone call to two deliveries, by one person per role, each in her own browser:
intake, verification, the signature drawn on the pad, the research visit and report, a committee of three voting,
approval and registration, two deliveries, then her evaluation on her phone and the manager's results. Each step is
photographed at phone and desktop width and scanned by axe."""
import re

from conftest import outbox_row
from request_steps import committee_approves, deliver, draft_request, pdf_file, research, sign_declaration, submit_request, verify_and_refer, verify_documents
from walk import T, Walk

PEOPLE = {
    "flow.officer": ("أمل محمد الشهري", "relationsOfficer"),
    "flow.researcher": ("ريم خالد الغامدي", "researcher"),
    "flow.manager": ("منيرة عبدالرحمن الدوسري", "manager"),
    "flow.chair": ("لطيفة ناصر الحربي", "committeeMember"),
    "flow.member2": ("هند علي السبيعي", "committeeMember"),
    "flow.member3": ("عبير سالم العنزي", "committeeMember"),
    "flow.service": ("سارة فهد المطيري", "serviceOfficer"),
}
NAME = "نورة سعد محمد الشمري"


def test_request_from_phone_call_to_two_deliveries_and_her_evaluation(server, browser):
    walk = Walk(server, browser, PEOPLE, "request")
    base = walk.base

    # A new file, with the documents a widow needs, verified.
    file_url = walk.register_file("flow.officer", "1000000008", "نورة", "سعد", "محمد", "الشمري", "01/07/1405", "أرملة", "0551234567",
                                  "3131", "الرياض", "12345")
    verify_documents(walk, "flow.officer", file_url)

    # Intake by phone, submitted: tracking number and the expected date; verification with the checklist complete,
    # referred to the researcher; the declaration signed with a finger on the pad.
    request_url = draft_request(walk, "flow.officer", file_url)
    submit_request(walk, "flow.officer")
    verify_and_refer(walk, "flow.officer", "flow.researcher")
    sign_declaration(walk, "flow.officer", request_url)

    # The researcher: her queue, a home visit, the report.
    research(walk, "flow.researcher", request_url, NAME)

    # The manager calls a meeting of three; two approve, one abstains; the chair decides.
    meeting_url = committee_approves(walk, "flow.manager", "flow.chair", ["flow.member2", "flow.member3"], NAME)
    chair = walk.go("flow.chair", meeting_url.replace(base, "") + "/minutes")
    assert "هـ" in chair.inner_text("main") and T["committee.present"] in chair.inner_text("main")
    walk.step(chair, "9-minutes")

    # Approved; her registration is complete; the letter has its number.
    officer = walk.page("flow.officer")
    officer.goto(request_url)
    assert T["request.status.approved"] in officer.inner_text("main")
    officer.goto(request_url + "/letter")
    assert "L-" in officer.inner_text("main") and T["letter.approved"] in officer.inner_text("main")
    walk.step(officer, "10-letter")
    officer.goto(file_url)
    assert T["beneficiary.status.registered"] in officer.inner_text("main")

    # Two deliveries: a part signed on the pad, then the rest with an uploaded receipt, which closes the request.
    service = walk.go("flow.service", "/work")
    assert NAME in service.inner_text("main")
    service = deliver(walk, "flow.service", request_url, "1000")
    assert T["request.status.inService"] in service.inner_text("main")
    service = deliver(walk, "flow.service", request_url, "500", proof=pdf_file())
    main = service.inner_text("main")
    assert T["request.status.closed"] in main and T["delivery.finalStep"] in main
    walk.step(service, "12-closed")
    officer.goto(file_url + "?tab=requests")
    assert T["entitlement.title"] in officer.inner_text("main")
    walk.step(officer, "13-entitlements")

    # [P-9] The service is delivered: her invitation waits in the outbox (read from the database, as the gateway
    # would receive it; staff screens hide the code). She answers on her phone, without signing in.
    body = outbox_row(server, "related_type = 'survey_invitation' AND subject LIKE 'survey:R-%'")
    token = re.search(r"/s/([0-9A-Z]{16})", body).group(1)
    her = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar-SA", bypass_csp=True).new_page()
    her.goto(base + "/s/" + token)
    assert T["survey.right"] in her.inner_text("main")
    walk.step(her, "14-survey")
    walk.submit(her, T["survey.submit"])
    assert T["survey.error.required"] in her.inner_text("main")
    walk.step(her, "15-survey-errors")
    for legend in her.locator(".survey-question fieldset").all():
        legend.locator("input[value='4']").check()
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
