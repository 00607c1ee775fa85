"""Issue 20, in Arabic at 360 px: an officer publishes tomorrow's interview slots; on her phone, a beneficiary books
one by phone and asks for a copy of her data; the officer finds her on tomorrow's list and the request in the rights
queue with its deadline, confirms her identity, grants it and records the answer. Each page photographed and scanned."""
import datetime

from walk import T, Walk, portal_sign_in

PEOPLE = {"appt.officer": ("جود سالم الحربي", "relationsOfficer")}
PHONE = {"width": 360, "height": 780}


def riyadh_day(offset):
    return (datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=3))) + datetime.timedelta(days=offset)).date().isoformat()


def test_she_books_an_interview_and_asks_for_her_data(server, browser):
    walk = Walk(server, browser, PEOPLE, "appointments")
    walk.register_file("appt.officer", "1000000057", "لمى", "عبدالله", "سعد", "الدوسري", "1408/07/21", "مطلقة", "0552223344", "5151", "الرياض", "12612")
    tomorrow = riyadh_day(1)
    officer = walk.go("appt.officer", "/appointments?day=" + tomorrow)
    publish = officer.locator("#publish")
    publish.get_by_label(T["appointment.field.day"]).fill(tomorrow)
    publish.locator("#field-from-publish").fill("10:00")
    publish.locator("#field-to-publish").fill("11:00")
    publish.get_by_label(T["appointment.field.minutes"]).fill("30")
    walk.step(officer, "publish")
    publish.get_by_role("button", name=T["appointment.publish.button"]).click()
    officer.wait_for_load_state()
    assert T["notice.appointmentsPublished"] in officer.inner_text("main"), officer.locator(".error").all_inner_texts()
    assert officer.locator("li.card[id^='slot-']").count() == 2

    her = browser.new_context(viewport=PHONE, locale="ar-SA", bypass_csp=True).new_page()
    portal_sign_in(her, server, "1000000057")
    her.get_by_role("link", name=T["portal.appointments.title"]).click()
    her.wait_for_load_state()
    walk.step(her, "portal-slots")
    her.get_by_label(T["appointment.field.slot"]).select_option(index=1)
    her.get_by_label(T["appointment.field.mode"]).select_option("phone")
    her.get_by_role("button", name=T["appointment.book.button"]).click()
    her.wait_for_load_state()
    assert T["notice.portalAppointmentBooked"] in her.inner_text("main")
    assert T["appointment.status.booked"] in her.inner_text("main")
    walk.step(her, "portal-booked")
    her.goto(server["base"] + "/portal/rights")
    her.get_by_label(T["portal.rights.kind"]).select_option("copy")
    her.get_by_label(T["portal.rights.details"]).fill("أحتاج نسخة من ملفي")
    walk.step(her, "portal-rights")
    her.get_by_role("button", name=T["portal.rights.send"]).click()
    her.wait_for_load_state()
    assert T["notice.portalRightsAsked"] in her.inner_text("main")
    walk.step(her, "portal-rights-sent")

    officer.goto(server["base"] + "/appointments?day=" + tomorrow)
    assert "لمى عبدالله سعد الدوسري" in officer.inner_text("main") and T["appointment.mode.phone"] in officer.inner_text("main")
    walk.step(officer, "day-list")
    officer.goto(server["base"] + "/rights?state=open")
    officer.get_by_role("link", name="PD-").first.click()
    officer.wait_for_load_state()
    assert T["rights.status.verified"] in officer.inner_text("main")
    assert T["rights.clock.left.many"].split("{0}")[0].strip() in officer.inner_text("#rights-clock")
    walk.step(officer, "rights-request")
    decide = officer.locator("#step-decide")
    decide.get_by_label(T["rights.field.decision"]).select_option("granted")
    decide.get_by_role("button", name=T["rights.step.decide.button"]).click()
    officer.wait_for_load_state()
    answer = officer.locator("#step-answer")
    answer.get_by_label(T["rights.field.answerMethod"]).select_option("portal")
    answer.get_by_role("button", name=T["rights.step.answer.button"]).click()
    officer.wait_for_load_state()
    assert T["rights.clock.inTime"] in officer.inner_text("#rights-clock")
    walk.step(officer, "rights-answered")
    her.goto(server["base"] + "/portal/rights")
    assert T["rights.decision.granted"] in her.inner_text("main")
    her.context.close()
    walk.close()
    assert not walk.problems, walk.problems
