"""The volunteer area on her phone (issue 17): a demo volunteer signs in with the code sent to her mobile, sees her
assignments at 360 px in Arabic (right to left, nothing wider than the screen, buttons big enough for a thumb),
records a hand-over with her finger on the pad and logs her hours; one who has not signed her pledges cannot accept."""
import pathlib
import re
import sqlite3
import tempfile
import time
import uuid

import pytest

from conftest import outbox_row, run_cli, screenshot, serving

PHONE = {"viewport": {"width": 360, "height": 780}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
NOURA = "0530000000"   # demo volunteer 1, HQ, both pledges signed
RAHAF = "0534938268"   # demo volunteer 5, HQ, pledges not signed


def add_assignment(db, mobile, kind, status, starts_in_hours, title, with_request):
    """An opportunity of the demo volunteer's branch and her assignment on it, written as the coordinator's pages would."""
    volunteer, branch = db.execute("select id, branch_id from volunteers where mobile = ?", ("+966" + mobile[1:],)).fetchone()
    request = None
    if with_request:
        request = db.execute("select id from support_requests where status = 'approved' and branch_id = ? limit 1", (branch,)).fetchone()[0]
    now = time.time()
    opportunity = str(uuid.uuid4()).upper()
    db.execute("""insert into volunteer_opportunities (id, number, branch_id, kind, title, description, place, district, starts_at, ends_at,
                  slots, skills, status, request_id, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, '', 'published', ?, ?, ?)""",
               (opportunity, f"VO-2026-{uuid.uuid4().int % 1000000:06d}", branch, kind, title, "سلة غذائية وكرتونة ماء", "عند المستفيدة", "النسيم",
                now + starts_in_hours * 3600, now + (starts_in_hours + 3) * 3600, request, volunteer, now))
    assignment = str(uuid.uuid4()).upper()
    db.execute("""insert into volunteer_assignments (id, opportunity_id, volunteer_id, branch_id, status, offered_by, offered_at, close_reason,
                  minutes, hours_status, hours_note) values (?, ?, ?, ?, ?, ?, ?, '', 0, 'none', '')""",
               (assignment, opportunity, volunteer, branch, status, volunteer, now))
    return assignment


@pytest.fixture(scope="module")
def area():
    data = pathlib.Path(tempfile.mkdtemp(prefix="lamasat-volunteers-"))
    run_cli(["demo", "--password-stdin"], data, stdin="كلمة مرور العرض التجريبي")
    with sqlite3.connect(data / "lamasat.sqlite") as db:
        # Begun a minute ago: today in Riyadh at any hour (the address shows, attendance and hand-over are open).
        delivery = add_assignment(db, NOURA, "delivery", "confirmed", -1 / 60, "توصيل سلة غذائية", True)
        tutoring = add_assignment(db, NOURA, "tutoring", "offered", 72, "دروس تقوية في الرياضيات", False)
        unsigned = add_assignment(db, RAHAF, "event", "offered", 48, "يوم توزيع كسوة الشتاء", False)
    with serving(data) as base:
        yield {"base": base, "data_dir": data, "delivery": delivery, "tutoring": tutoring, "unsigned": unsigned}


def sign_in(page, area, mobile):
    page.goto(area["base"] + "/v/signin")
    page.get_by_label("رقم الجوال").fill(mobile)
    page.get_by_role("button", name="إرسال الرمز").click()
    body = outbox_row(area, f"related_type = 'volunteer_code' and recipient = '+966{mobile[1:]}'")
    page.locator("#field-code").fill(re.search(r"\d{6}", body).group(0))
    page.get_by_role("button", name="دخول", exact=True).click()
    page.wait_for_url(area["base"] + "/v")


def fits_the_phone(page):
    """Nothing wider than the screen, and every button and link-button at least 44 px high (a thumb's target)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    small = page.evaluate("""[...document.querySelectorAll('main button, main a.button, main .v-card')]
        .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44).map(e => e.textContent.trim())""")
    assert small == []


def test_her_day_on_the_phone(browser, area):
    context = browser.new_context(locale="ar-SA", **PHONE)
    page = context.new_page()
    page.goto(area["base"] + "/v/signin")
    assert page.get_attribute("html", "dir") == "rtl"
    screenshot(page, "volunteer-area-signin-360")
    sign_in(page, area, NOURA)
    assert page.locator("#offered").get_by_text("دروس تقوية في الرياضيات").is_visible()
    assert page.locator("#upcoming").get_by_text("توصيل سلة غذائية").is_visible()
    assert page.locator("#pledges-missing").count() == 0
    fits_the_phone(page)
    screenshot(page, "volunteer-area-home-360")
    # The delivery of today: the beneficiary's first name, district, what, and the address (it is the day).
    page.goto(area["base"] + f"/v/assignments/{area['delivery']}")
    assert page.locator("#beneficiary").is_visible() and page.locator("#address").is_visible()
    fits_the_phone(page)
    screenshot(page, "volunteer-area-delivery-360")
    page.get_by_role("button", name="وصلتُ — تأكيد الحضور").click()
    page.wait_for_url("**done=volunteerAttended")
    assert "تم تأكيد حضورك" in page.locator(".notice").first.inner_text()
    # Her hours: a wrong number is told beside its box, nothing is lost.
    page.get_by_label("ساعات").fill("30")
    page.get_by_role("button", name="إرسال الساعات للاعتماد").click()
    assert page.locator("#hours .error").first.is_visible()
    assert page.get_by_label("ساعات").input_value() == "30"
    screenshot(page, "volunteer-area-hours-error-360")
    page.get_by_label("ساعات").fill("٢")
    page.get_by_label("دقائق").fill("15")
    page.get_by_role("button", name="إرسال الساعات للاعتماد").click()
    page.wait_for_url("**done=volunteerHoursLogged")
    assert "أُرسلت ساعاتك" in page.locator(".notice").first.inner_text()
    # The hand-over: the beneficiary signs with her finger on the pad.
    pad = page.locator("canvas[data-signature-pad]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 30)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 20, box["y"] + 30 + (step % 3) * 15)
    page.mouse.up()
    page.get_by_role("button", name="تسجيل التسليم وإنهاء المهمة").click()
    page.wait_for_url("**done=volunteerHandedOver")
    assert "سُجّل التسليم" in page.locator(".notice").first.inner_text()
    # Closed: nothing of the beneficiary any more.
    assert page.locator("#beneficiary").count() == 0
    screenshot(page, "volunteer-area-done-360")
    with sqlite3.connect(area["data_dir"] / "lamasat.sqlite") as db:
        place, volunteer = db.execute("""select d.place, d.volunteer_id from service_deliveries d
                                            join volunteer_assignments a on a.delivery_id = d.id where a.id = ?""", (area["delivery"],)).fetchone()
    assert place == "volunteer" and volunteer
    context.close()


def test_unsigned_pledges_and_english(browser, area):
    context = browser.new_context(locale="ar-SA", **PHONE)
    page = context.new_page()
    sign_in(page, area, RAHAF)
    assert page.locator("#pledges-missing").is_visible()
    page.goto(area["base"] + f"/v/assignments/{area['unsigned']}")
    page.get_by_role("button", name="أقبل المهمة").click()
    assert "لا يمكنك قبول المهمة" in page.locator("#assignment-error").inner_text()
    fits_the_phone(page)
    screenshot(page, "volunteer-area-pledges-refused-360")
    # Once in English: left to right, the same page.
    page.get_by_role("button", name="English").click()
    page.goto(area["base"] + "/v")
    assert page.get_attribute("html", "dir") == "ltr" and page.get_by_text("Offered to you").is_visible()
    fits_the_phone(page)
    screenshot(page, "volunteer-area-home-en-360")
    context.close()
