"""Issue 20, in Arabic at 360 px: a new applicant finds "register online" on the sign-in page, proves the mobile she
types with the code sent to it, fills her file, signs the declaration by typing her name and lands in her portal as
an applicant; she books an interview there. The officer finds her registration on her work page, opens it and records
the match. Each page photographed at both widths and scanned."""
import re

from conftest import outbox_row
from walk import PHONE, T, Walk
from test_appointments_and_rights_walk import riyadh_day

PEOPLE = {"reg.officer": ("ريم خالد العتيبي", "relationsOfficer")}


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
    her.context.close()
    walk.close()
    assert not walk.problems, walk.problems
