"""Issue 20's journey, in Arabic at 360 px: a new applicant finds "register online" on the sign-in page, proves the
mobile she types with the code sent to it, fills her file, signs the declaration by typing her name and lands in her
portal as an applicant; she books an interview there. The officer finds her registration on her work page and records
the match; her request goes its way and the committee rejects it; she appeals from her phone, the appeal waits on the
next meeting's agenda, and she withdraws her consent to messages. Each page photographed at both widths and scanned."""
import re

from conftest import outbox_row
from walk import PHONE, T, Walk
from test_appointments_and_rights_walk import riyadh_day
import request_steps as steps

PEOPLE = {"reg.officer": ("ريم خالد العتيبي", "relationsOfficer"), "reg.researcher": ("هيفاء علي القرني", "researcher"),
          "reg.manager": ("سلمى فهد الدوسري", "manager"), "reg.chair": ("منيرة صالح الغامدي", "committeeMember"),
          "reg.member1": ("أسماء ناصر الحربي", "committeeMember"), "reg.member2": ("لطيفة عمر الزهراني", "committeeMember")}


def test_she_registers_online_and_books_an_interview(server, browser):
    walk = Walk(server, browser, PEOPLE, "registration")
    tomorrow = riyadh_day(1)
    officer = walk.go("reg.officer", "/appointments?day=" + tomorrow)
    publish = officer.locator("#publish")
    publish.get_by_label(T["appointment.field.day"]).fill(tomorrow)
    publish.locator("#field-from-publish").fill("12:00")
    publish.locator("#field-to-publish").fill("13:00")
    publish.get_by_label(T["appointment.field.minutes"]).fill("30")
    publish.get_by_role("button", name=T["appointment.publish.button"]).click()
    officer.wait_for_load_state()

    her = browser.new_context(viewport=PHONE, locale="ar-SA", bypass_csp=True).new_page()
    her.goto(server["base"] + "/portal/signin")
    her.get_by_role("link", name=T["registration.newApplicant"]).click()
    her.wait_for_load_state()
    her.locator("#field-nationalID").fill("1000000065")
    her.locator("#field-mobile").fill("0556667788")
    walk.step(her, "start")
    her.get_by_role("button", name=T["portal.signin.send"]).click()
    her.wait_for_load_state()
    code = re.search(r"\d{6}", outbox_row(server, "related_type = 'online_registration' AND recipient = '+966556667788'")).group(0)
    her.get_by_label(T["portal.code.label"]).fill(code)
    her.get_by_role("button", name=T["portal.code.submit"]).click()
    her.wait_for_load_state()
    assert her.url.endswith("/portal/register/file"), her.url
    assert "1000000065" in her.inner_text("main") and her.locator("#field-nationalID").count() == 0
    for field, value in (("nameFirst", "وعد"), ("nameFather", "ناصر"), ("nameGrandfather", "علي"), ("nameFamily", "الشهري"),
                         ("birthDate", "1412/03/09"), ("addressBuilding", "7070"), ("addressCity", "الرياض"), ("addressPostalCode", "13241")):
        her.locator(f"#field-{field}").fill(value)
    her.locator("#field-category").select_option(label="أرملة")
    her.locator("#field-consentGiven").check()
    # A name that is not hers under the declaration is refused, and what she typed stays.
    her.locator("#field-typedName").fill("وعد الشهري")
    walk.step(her, "file-form")
    her.get_by_role("button", name=T["registration.submit"]).click()
    her.wait_for_load_state()
    assert T["registration.error.typedName"] in her.inner_text("main")
    assert her.locator("#field-nameFirst").input_value() == "وعد"
    walk.step(her, "file-form-refused")
    her.locator("#field-typedName").fill("وعد ناصر علي الشهري")
    her.get_by_role("button", name=T["registration.submit"]).click()
    her.wait_for_load_state()
    assert her.url.endswith("/portal?done=registrationReceived"), her.url
    main = her.inner_text("main")
    assert T["notice.registrationReceived"].split("،")[0] in main and "LMS-" in main
    walk.step(her, "portal-home")

    her.goto(server["base"] + "/portal/appointments")
    her.get_by_label(T["appointment.field.slot"]).select_option(index=1)
    her.get_by_label(T["appointment.field.mode"]).select_option("inPerson")
    her.get_by_role("button", name=T["appointment.book.button"]).click()
    her.wait_for_load_state()
    assert T["notice.portalAppointmentBooked"] in her.inner_text("main")
    walk.step(her, "booked")

    officer.goto(server["base"] + "/work")
    assert "وعد ناصر علي الشهري" in officer.inner_text("main")
    officer.locator("main a[href^='/registrations/']").first.click()
    officer.wait_for_load_state()
    assert T["registration.status.submitted"] in officer.inner_text("#registration-status")
    walk.step(officer, "review")
    officer.get_by_label(T["registration.reviewNote"]).fill("طابقت الهوية والعنوان الوطني")
    officer.get_by_role("button", name=T["registration.markReviewed"]).click()
    officer.wait_for_load_state()
    assert T["registration.status.reviewed"] in officer.inner_text("#registration-status")
    assert "طابقت الهوية والعنوان الوطني" in officer.inner_text("#registration-reviewed")
    walk.step(officer, "reviewed")
    officer.goto(server["base"] + "/registrations")
    assert "وعد ناصر علي الشهري" in officer.inner_text("main")
    walk.step(officer, "queue")

    # Her request goes its way to the committee, which rejects it.
    officer.goto(server["base"] + "/registrations")
    officer.get_by_role("link", name="وعد ناصر علي الشهري").click()
    officer.wait_for_load_state()
    file_url = server["base"] + officer.locator("a[href^='/beneficiaries/']").first.get_attribute("href")
    steps.verify_documents(walk, "reg.officer", file_url)
    request_url = steps.draft_request(walk, "reg.officer", file_url)
    steps.submit_request(walk, "reg.officer")
    steps.verify_and_refer(walk, "reg.officer", "reg.researcher")
    steps.sign_declaration(walk, "reg.officer", request_url)
    steps.research(walk, "reg.researcher", request_url, "وعد ناصر علي الشهري")
    steps.committee_rejects(walk, "reg.manager", "reg.chair", ["reg.member1", "reg.member2"], "وعد ناصر علي الشهري")

    # She appeals from her phone.
    her.goto(server["base"] + "/portal")
    her.locator("main a[href^='/portal/requests/']:not([href='/portal/requests/new'])").first.click()
    her.wait_for_load_state()
    assert T["portal.status.rejected"] in her.inner_text("main")
    her.get_by_label(T["appeal.reasons"]).fill("انقطع دخلي بعد انتهاء عقد عملي، وأرفقت خطاب إنهاء الخدمة")
    walk.step(her, "appeal-form")
    her.get_by_role("button", name=T["appeal.lodge"]).click()
    her.wait_for_load_state()
    assert T["notice.portalAppealLodged"] in her.inner_text("main")
    assert T["appeal.status.lodged"] in her.inner_text("#appeal-status")
    walk.step(her, "appeal-lodged")

    # The next meeting takes it as an appeal.
    manager = steps.call_meeting(walk, "reg.manager", "reg.chair", ["reg.member1", "reg.member2"], days=16)
    assert T["committee.appealTag"] in manager.inner_text("main") and "انقطع دخلي" in manager.inner_text("main")
    walk.step(manager, "appeal-agenda")

    # She stops the association's messages; the withdrawal shows at once.
    her.goto(server["base"] + "/portal")
    her.get_by_role("link", name=T["portal.consents.title"]).click()
    her.wait_for_load_state()
    her.locator("li.card", has_text=T["consent.purpose.messages"]).get_by_role("button", name=T["portal.consents.withdraw"]).click()
    her.wait_for_load_state()
    assert T["consent.state.withdrawn"] in her.locator("li.card", has_text=T["consent.purpose.messages"]).inner_text()
    walk.step(her, "consent-withdrawn")
    her.context.close()
    walk.close()
    assert not walk.problems, walk.problems
