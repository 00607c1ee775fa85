"""Issue 17's done-when walk, in Arabic on a 360 px phone: she offers her time on the website, the coordinator accepts
her into a volunteer record, she signs the agreement and the confidentiality pledge herself on her phone, a service
officer asks for a volunteer to take an approved service to a beneficiary, the coordinator offers it to her and
confirms her, she records the hand-over on the pad and logs her hours, the coordinator approves them and issues a
certificate, and she opens it on her phone; anyone can check its code, which tells only her name, hours and period.
The approved request is walked there by request_steps (unphotographed); each step of hers is photographed and scanned."""
import datetime
import re

import pytest

from conftest import outbox_row
from request_steps import verify_documents, walk_to_approval
from walk import PHONE, T, Walk

REQUEST_PEOPLE = {
    "journey.officer": ("أمل محمد الشهري", "relationsOfficer"),
    "journey.researcher": ("ريم خالد الغامدي", "researcher"),
    "journey.manager": ("منيرة عبدالرحمن الدوسري", "manager"),
    "journey.chair": ("لطيفة ناصر الحربي", "committeeMember"),
    "journey.member2": ("هند علي السبيعي", "committeeMember"),
    "journey.member3": ("عبير سالم العنزي", "committeeMember"),
}
PEOPLE = {
    "journey.coordinator": ("نوف إبراهيم القحطاني", "volunteerCoordinator"),
    "journey.service": ("سارة فهد المطيري", "serviceOfficer"),
}
BENEFICIARY = "مريم سعد محمد الشمري"
HER = "جود فهد عبدالله الحربي"
MOBILE, E164, NATIONAL_ID = "0557654321", "+966557654321", "1023456708"
RIYADH = datetime.timezone(datetime.timedelta(hours=3))
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def today_in_riyadh():
    """The delivery's day and times: starting in a few minutes (a new opportunity may not start in the past) and on
    today's date in Riyadh, so that the address shows and attendance and the hand-over are open."""
    start = datetime.datetime.now(RIYADH) + datetime.timedelta(minutes=3)
    if start.hour == 23 and start.minute > 50 or start.date() != datetime.datetime.now(RIYADH).date():
        pytest.skip("the walk needs the rest of a day in Riyadh for its delivery (started within 10 minutes of midnight)")
    end = min(start + datetime.timedelta(hours=2), start.replace(hour=23, minute=59))
    return start.strftime("%Y-%m-%d"), start.strftime("%H:%M"), end.strftime("%H:%M"), WEEKDAYS[start.weekday()]


def approved_request(server, browser):
    """A widow's request walked to the committee's approval by its own cast; returns its address."""
    setup = Walk(server, browser, REQUEST_PEOPLE, "volunteer-journey-request", photographs=False)
    file_url = setup.register_file("journey.officer", "1000000008", "مريم", "سعد", "محمد", "الشمري", "01/07/1405", "أرملة", "0551234567",
                                   "3131", "الرياض", "12345")
    verify_documents(setup, "journey.officer", file_url)
    request_url, _ = walk_to_approval(setup, "journey.officer", "journey.researcher", "journey.manager", "journey.chair",
                                      ["journey.member2", "journey.member3"], file_url, BENEFICIARY)
    officer = setup.go("journey.officer", request_url.replace(setup.base, ""))
    assert T["request.status.approved"] in officer.inner_text("main")
    setup.close()
    return request_url


def her_sign_in(her, server):
    """On her phone: her mobile, then the code of the SMS queued for her (read from the outbox, as the gateway would)."""
    base = server["base"]
    her.goto(base + "/v/signin")
    her.get_by_label(T["volunteerArea.signin.mobile"]).fill(MOBILE)
    her.get_by_role("button", name="إرسال الرمز").click()
    her.wait_for_load_state()
    code = re.search(r"\d{6}", outbox_row(server, f"related_type = 'volunteer_code' AND recipient = '{E164}'")).group(0)
    her.locator("#field-code").fill(code)
    her.get_by_role("button", name="دخول", exact=True).click()
    her.wait_for_url(base + "/v")



def test_she_signs_up_serves_a_delivery_and_downloads_her_certificate(server, browser):
    day, start, end, weekday = today_in_riyadh()
    request_url = approved_request(server, browser)
    walk = Walk(server, browser, PEOPLE, "volunteer-journey")
    base = walk.base

    # 1. On her phone she offers her time on the website.
    her = browser.new_context(viewport=PHONE, locale="ar-SA", bypass_csp=True, has_touch=True).new_page()
    her.goto(base + "/volunteer")
    her.get_by_label(T["public.case.name"]).fill(HER)
    her.get_by_label(T["public.status.mobile"]).fill(MOBILE)
    her.get_by_label(T["public.case.branch"]).select_option(index=1)
    her.get_by_label(T["volunteer.skills"]).fill("قيادة السيارة وتغليف السلال")
    her.get_by_label(T["volunteer.availability.evenings"]).check()
    her.get_by_label(T["volunteer.consent"]).check()
    walk.step(her, "1-volunteer-form")
    walk.submit(her, T["public.case.send"])
    assert T["volunteer.thanks"] in her.inner_text("main")
    walk.step(her, "2-thanks")

    # 2. The coordinator accepts her into a record: what she gave is there; her ID, district, driving and today's
    # times are added.
    coordinator = walk.go("journey.coordinator", "/volunteers/applications")
    assert HER in coordinator.inner_text("main")
    coordinator.locator("main").get_by_role("link", name=T["volunteer.applications.accept"]).first.click()
    coordinator.wait_for_load_state()
    assert coordinator.get_by_label(T["volunteer.record.field.nameFamily"]).input_value() == "الحربي"
    for key, value in (("nationalID", NATIONAL_ID), ("city", "الرياض"), ("districts", "النسيم، الروضة"), ("emergencyName", "فهد الحربي"),
                       ("emergencyPhone", "0559998877")):
        coordinator.get_by_label(T[f"volunteer.record.field.{key}"]).fill(value)
    coordinator.get_by_label(T["volunteer.skill.driving"]).check()
    for part in ("morning", "afternoon", "evening"):
        coordinator.locator(f'input[value="{weekday}.{part}"]').check()
    walk.submit(coordinator, T["form.save"])
    record = coordinator.inner_text("main")
    assert T["notice.volunteerSaved"] in record, coordinator.locator(".error").all_inner_texts()
    assert T["volunteer.pledge.missingLead"] in record
    volunteer_path = coordinator.url.replace(base, "").split("?")[0]
    walk.step(coordinator, "3-record")

    # 3. She signs in on her phone: nothing can be accepted before both texts are signed; she signs them on the pad.
    her_sign_in(her, server)
    assert her.locator("#pledges-missing").is_visible()
    walk.step(her, "4-home-unsigned")
    her.locator("#pledges-missing").get_by_role("link", name=T["volunteerArea.pledges.sign"]).click()
    her.wait_for_load_state()
    texts = her.inner_text("main")
    assert T["volunteer.pledge.kind.agreement"] in texts and T["volunteer.pledge.kind.confidentiality"] in texts and HER in texts
    walk.step(her, "5-pledges")
    her.locator("#read-drawn").check()
    walk.draw_signature(her)
    walk.submit(her, T["declaration.confirmDrawn"])
    assert T["notice.volunteerPledged"] in her.inner_text("main") and T["volunteer.pledge.allSigned"] in her.inner_text("main")
    assert her.inner_text("main").count(T["volunteer.pledge.signed"]) == 2
    walk.step(her, "6-pledges-signed")
    coordinator.goto(base + volunteer_path)
    assert T["volunteer.pledge.missingLead"] not in coordinator.inner_text("main")
    assert coordinator.inner_text("main").count(T["volunteer.pledge.method.drawn"]) == 2

    # 4. The service officer asks for a volunteer to take the approved service to the beneficiary, today.
    service = walk.go("journey.service", request_url.replace(base, ""))
    service.get_by_role("link", name=T["volunteer.ask.delivery"]).click()
    service.wait_for_load_state()
    assert service.get_by_label(T["volunteer.opportunity.title"]).input_value()
    service.get_by_label(T["volunteer.opportunity.district"]).fill("النسيم")
    service.get_by_label(T["volunteer.opportunity.date"]).fill(day)
    service.get_by_label(T["volunteer.opportunity.startTime"]).fill(start)
    service.get_by_label(T["volunteer.opportunity.endTime"]).fill(end)
    walk.step(service, "7-ask-volunteer")
    walk.submit(service, T["volunteer.ask.send"])
    assert T["notice.volunteerAsked"] in service.inner_text("main"), service.locator(".error").all_inner_texts()
    title = "إيصال سداد فواتير"

    # The coordinator finds it; matching puts her first, for her skill, her district and her time, and she offers it.
    coordinator.goto(base + "/volunteers/opportunities")
    coordinator.locator("main").get_by_role("link", name=title).first.click()
    coordinator.wait_for_load_state()
    opportunity = coordinator.inner_text("main")
    assert BENEFICIARY not in opportunity and "مريم" not in opportunity and "1000000008" not in opportunity
    suggestion = coordinator.locator("main .check", has_text=HER)
    reasons = suggestion.inner_text()
    assert T["volunteer.skill.driving"] in reasons and T["volunteer.match.inDistrict"] in reasons, reasons
    assert T["volunteer.day." + weekday] in reasons and T["volunteer.match.unavailable"].split(" ")[0] not in reasons, reasons
    walk.step(coordinator, "8-opportunity-matching")
    suggestion.locator("input").check()
    walk.submit(coordinator, T["volunteer.match.offer"])
    assert T["notice.volunteerOffered"] in coordinator.inner_text("main"), coordinator.locator(".alert").all_inner_texts()
    opportunity_path = coordinator.url.replace(base, "").split("?")[0]
    offer = outbox_row(server, f"subject = 'volunteer.offer' AND recipient = '{E164}'")
    assert "/v" in offer and "مريم" not in offer

    # 5. She accepts it on her phone; the coordinator confirms her.
    her.goto(base + "/v")
    her.locator("#offered").get_by_text(title).click()
    her.wait_for_load_state()
    walk.step(her, "9-offer")
    walk.submit(her, T["volunteerArea.offer.accept"])
    assert T["notice.volunteerAccepted"] in her.inner_text("main")
    assignment_path = her.url.replace(base, "").split("?")[0]
    coordinator.goto(base + opportunity_path)
    coordinator.locator("main tr", has_text=HER).get_by_role("button", name=T["volunteer.assignment.confirm"]).click()
    coordinator.wait_for_load_state()
    assert coordinator.locator("main tr", has_text=HER).locator(".tag.confirmed").count() == 1
    walk.step(coordinator, "10-confirmed")

    # On its day she sees the minimum of the beneficiary — her first name, district and address — confirms she is
    # there, records the hand-over with the beneficiary's finger on the pad, and logs her hours.
    her.goto(base + assignment_path)
    shown = her.locator("#beneficiary").inner_text()
    assert "مريم" in shown and "النسيم" in shown and her.locator("#address").is_visible()
    assert "الشمري" not in shown and "1000000008" not in shown and "0551234567" not in shown
    walk.step(her, "11-assignment-today")
    walk.submit(her, T["volunteerArea.attend"])
    assert T["notice.volunteerAttended"] in her.inner_text("main")
    walk.draw_signature(her)
    walk.step(her, "12-handover")
    walk.submit(her, T["volunteerArea.handover.submit"])
    assert T["notice.volunteerHandedOver"] in her.inner_text("main"), her.locator(".error, .alert").all_inner_texts()
    # Closed: nothing of the beneficiary any more.
    assert her.locator("#beneficiary").count() == 0 and "مريم" not in her.inner_text("main")
    her.get_by_label(T["volunteerArea.hours.hours"]).fill("٢")
    her.get_by_label(T["volunteerArea.hours.minutes"]).fill("30")
    walk.submit(her, T["volunteerArea.hours.submit"])
    assert T["notice.volunteerHoursLogged"] in her.inner_text("main")
    walk.step(her, "13-done")
    # The request's deliveries name her as the one who handed it over.
    service.goto(request_url)
    deliveries = service.inner_text("main")
    assert T["delivery.place.volunteer"] in deliveries and HER in deliveries

    # 6. The coordinator approves her hours and issues a certificate for today.
    coordinator.goto(base + "/volunteers/hours")
    row = coordinator.locator("main article", has_text=HER)
    assert "2.5" in row.inner_text()
    walk.step(coordinator, "14-hours")
    row.get_by_role("button", name=T["volunteer.hours.approve"], exact=True).click()
    coordinator.wait_for_load_state()
    assert T["notice.hoursApproved"] in coordinator.inner_text("main")
    coordinator.goto(base + volunteer_path + "/certificate")
    coordinator.get_by_label(T["report.from"]).fill(day)
    coordinator.get_by_label(T["report.to"]).fill(day)
    walk.submit(coordinator, T["volunteer.certificate.issue"])
    assert "/volunteers/certificates/" in coordinator.url, coordinator.locator(".error, .alert").all_inner_texts()
    code = coordinator.locator(".survey-code").inner_text().strip()
    walk.step(coordinator, "15-certificate-issued")

    # 7. She opens her certificate on her phone: her name, her approved hours and the code to check it.
    her.goto(base + "/v")
    her.get_by_role("link", name=T["volunteerArea.certificates"]).click()
    her.wait_for_load_state()
    assert "2.5" in her.inner_text("main")
    walk.step(her, "16-my-certificates")
    her.locator("main").get_by_role("link", name=T["volunteer.certificate.title"]).first.click()
    her.wait_for_load_state()
    certificate = her.inner_text("main")
    assert HER in certificate and "2.5" in certificate and code in certificate and T["volunteer.certificate.title"] in certificate
    assert T["volunteer.certificate.roles"] in certificate and "مريم" not in certificate
    walk.step(her, "17-certificate")

    # Anyone holding it checks the code without signing in: her name, hours and period only.
    stranger = browser.new_context(viewport=PHONE, locale="ar-SA", bypass_csp=True).new_page()
    stranger.goto(base + "/verify/" + code)
    checked = stranger.inner_text("main")
    assert T["verify.outcome.valid"] in checked and HER in checked and "2.5" in checked
    assert NATIONAL_ID not in checked and MOBILE[1:] not in checked and "+966" not in checked and T["volunteer.certificate.roles"] not in checked
    assert stranger.locator(".facts dt").count() == 4
    walk.step(stranger, "18-verify")
    stranger.context.close()
    her.context.close()
    walk.close()
    assert not walk.problems, "\n".join(walk.problems)
