"""Issue 16, in Arabic at phone width: a visitor sends an inquiry from the public form, an officer answers it (preview,
send), the SMS to her number waits in the outbox with the case number and the /status link, she follows it on
/status, replies, and the officer finds her reply waiting in the queue."""
import re

from conftest import outbox_row, screenshot
from walk import T, Walk

PEOPLE = {"fu.officer": ("ريم خالد الدوسري", "relationsOfficer")}
# The phone of the walk.
PHONE = {"width": 390, "height": 844}


def fits(page, name):
    """Photographed at phone width; the page must not scroll sideways and must be right-to-left."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{name} is {width}px wide on a phone"
    assert page.get_attribute("html", "dir") == "rtl"
    screenshot(page, f"followup-{name}-ar-phone")


def test_visitor_follows_her_inquiry_and_replies(server, browser):
    walk = Walk(server, browser, PEOPLE, "followup")
    visitor = browser.new_context(viewport=PHONE, locale="ar-SA").new_page()

    # She asks from the public form, without an account.
    visitor.goto(server["base"] + "/contact-us/inquiry")
    visitor.get_by_label(T["public.case.name"]).fill("هند")
    visitor.get_by_label(T["public.status.mobile"]).fill("0557654321")
    visitor.get_by_label(T["public.case.branch"]).select_option(index=1)
    visitor.get_by_label(T["public.case.category"]).select_option(index=1)
    visitor.get_by_label(T["public.case.text.inquiry"]).fill("هل يمكنني التسجيل وأنا مطلقة منذ شهر؟")
    visitor.get_by_role("button", name=T["public.case.send"]).click()
    visitor.wait_for_load_state()
    number = visitor.locator("#case-number").inner_text()
    assert re.fullmatch(r"Q-\d{4}-\d{6}", number)
    fits(visitor, "1-sent")

    # The officer answers: the preview shows the message, the channel and the masked number before anything is sent.
    officer = walk.go("fu.officer", "/inquiries")
    officer.get_by_role("link", name=number).click()
    officer.wait_for_load_state()
    officer.get_by_label(T["inquiry.answer"]).fill("نعم، أحضري صك الطلاق والهوية إلى الفرع.")
    walk.submit(officer, T["inquiry.sendAnswer"])
    preview = officer.inner_text("main")
    assert number in officer.inner_text("#message-preview") and "•••321" in preview and "0557654321" not in preview
    walk.step(officer, "2-preview")
    walk.submit(officer, T["caseMessage.send"])
    assert T["notice.caseMessageSent"] in officer.inner_text("main")
    walk.step(officer, "3-answered")

    # The development outbox holds the SMS to her number with the number and the /status link.
    body = outbox_row(server, "recipient = '+966557654321' AND channel = 'sms'")
    assert number in body and "/status" in body and "صك الطلاق" in body

    # She follows it on /status with the number and her mobile, reads the answer and replies.
    visitor.goto(server["base"] + "/status")
    visitor.get_by_label(T["public.status.tracking"]).fill(number)
    visitor.get_by_label(T["public.status.mobile"]).fill("0557654321")
    visitor.get_by_role("button", name=T["public.status.submit"]).click()
    visitor.wait_for_load_state()
    assert "صك الطلاق" in visitor.inner_text("#case-result")
    fits(visitor, "4-status")
    visitor.get_by_label(T["public.status.reply"]).fill("شكرًا، وهل أحتاج موعدًا مسبقًا؟")
    visitor.get_by_role("button", name=T["public.status.sendReply"]).click()
    visitor.wait_for_load_state()
    assert T["public.status.replied"] in visitor.inner_text("main")
    fits(visitor, "5-replied")

    # The officer finds her reply waiting, first in the queue and with the filter.
    officer.goto(walk.base + "/inquiries?waiting=1")
    row = officer.locator("tbody tr").first.inner_text()
    assert number in row and T["caseMessage.replyWaiting"] in row
    walk.step(officer, "6-queue")
    officer.get_by_role("link", name=number).click()
    officer.wait_for_load_state()
    assert "موعدًا مسبقًا" in officer.inner_text("main")
    walk.step(officer, "7-conversation")
    visitor.context.close()
    walk.close()
    assert not walk.problems, "\n".join(walk.problems)
