"""A beneficiary with only a phone: she signs in with the code sent to her mobile, sends a document, applies for
support online, follows her request, asks a question, rates how it was answered, and downloads her data — in Arabic
and in English, at 360 px, each page light and scanned by axe. The officer sees what she sent."""
import json
import pathlib

from request_steps import pdf_file
from walk import E, T, Walk, portal_sign_in

PEOPLE = {"portal.officer": ("أمل محمد الشهري", "relationsOfficer")}
PHONE = {"width": 360, "height": 780}
# Every page she opens, with its stylesheet and scripts, weighs at most this (no uploads).
PAGE_BUDGET = 100 * 1024


def weight(page):
    """Bytes of the page: the document and everything it loaded, counted whole even when it came from the cache."""
    return page.evaluate("""() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
        .reduce((sum, entry) => sum + Math.max(entry.transferSize || 0, entry.encodedBodySize || 0), 0)""")


def test_she_applies_and_is_heard_from_her_phone(server, browser):
    walk = Walk(server, browser, PEOPLE, "portal")
    base = walk.base
    walk.register_file("portal.officer", "2000000006", "هند", "علي", "سالم", "الشهري", "12/02/1412", "مطلقة", "0561234567",
                       "5151", "الرياض", "12611")
    her = browser.new_context(viewport=PHONE, locale="ar-SA", bypass_csp=True, accept_downloads=True).new_page()
    heavy = []

    def look(name, language="ar"):
        if weight(her) > PAGE_BUDGET:
            heavy.append(f"{name}: {weight(her)} bytes")
        walk.step(her, name, language)

    # The public site, then her sign-in: national ID, the code from her SMS.
    her.goto(base + "/about")
    look("1-about")
    portal_sign_in(her, server, "2000000006", lambda page: look("2-code"))
    assert "هند علي سالم الشهري" in her.inner_text("main")
    look("3-home")

    # A document, then a request signed by typing her name.
    pdf = pdf_file("عقد.pdf")
    her.goto(base + "/portal/documents/new")
    her.get_by_label(T["document.type"]).select_option(label="عقد الإيجار")
    her.get_by_label(T["document.expiryDate"]).fill("2027-06-30")
    her.set_input_files("#field-file", str(pdf))
    look("4-document")
    walk.submit(her, T["portal.document.submit"])
    assert T["notice.portalDocumentUploaded"] in her.inner_text("main")
    her.goto(base + "/portal/requests/new")
    her.get_by_label(T["request.field.supportType"]).select_option(label="دعم الإيجار")
    her.get_by_label(T["portal.apply.description"]).fill("أحتاج مساعدة في إيجار ثلاثة أشهر بعد انقطاع النفقة")
    her.get_by_label(T["portal.apply.amount"]).fill("4500")
    her.get_by_label(T["portal.apply.typedName"]).fill("هند علي سالم الشهري")
    look("5-apply")
    walk.submit(her, T["portal.apply.submit"])
    main = her.inner_text("main")
    assert T["portal.status.submitted"] in main and T["portal.expected"] in main
    look("6-request")
    request_url = her.url.split("?")[0]

    # The officer sees her request and her document in her work.
    officer = walk.go("portal.officer", "/work")
    work = officer.inner_text("main")
    assert "R-" in work and T["work.portalDocuments"] in work and "هند علي سالم الشهري" in work
    walk.step(officer, "7-officer-work")

    # A question from her portal; the officer answers and closes it; she rates the answer.
    her.goto(base + "/contact-us/inquiry")
    her.get_by_label(T["public.case.category"]).select_option(index=1)
    her.get_by_label(T["public.case.text.inquiry"]).fill("هل أستطيع إضافة ابني الثاني إلى الملف من البوابة؟")
    walk.submit(her, T["public.case.send"])
    number = her.inner_text("#case-number")
    officer.goto(base + "/inquiries?open=1")
    officer.locator(f"a:has-text('{number}')").first.click()
    officer.get_by_label(T["inquiry.answer"]).fill("نعم، بزيارة الفرع مع شهادة الميلاد، وسنضيف البوابة لاحقًا.")
    walk.submit(officer, T["inquiry.sendAnswer"])
    walk.submit(officer, T["caseMessage.send"])
    walk.submit(officer, T["inquiry.close"])
    walk.submit(officer, T["caseMessage.send"])
    her.goto(base + "/portal")
    assert T["portal.surveys.title"] in her.inner_text("main")
    walk.submit(her, T["portal.surveys.answer"])
    for question in her.locator(".survey-question fieldset").all():
        question.locator("input[value='5']").check()
    walk.submit(her, T["survey.submit"])
    assert T["survey.thanks.title"] in her.inner_text("main")

    # Her request's steps, and her data.
    her.goto(request_url)
    assert T["portal.step.submitted"] in her.inner_text("main")
    her.goto(base + "/portal")
    with her.expect_download() as download:
        her.get_by_role("link", name=T["portal.data.download"]).click()
    data = json.loads(pathlib.Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["nationalID"] == "2000000006" and data["requests"] and data["documents"]

    # The same pages in English.
    her.goto(base + "/portal")
    her.get_by_role("button", name="English").click()
    her.wait_for_load_state()
    assert her.locator("html").get_attribute("lang") == "en"
    assert E["portal.home.greeting"].replace("{0}", "هند علي سالم الشهري") == her.inner_text("h1").strip()
    look("8-home", "en")
    her.goto(base + "/portal/requests/new")
    look("9-apply", "en")
    her.goto(base + "/status")
    look("10-status", "en")
    her.context.close()
    walk.close()
    assert not heavy, "\n".join(heavy)
    assert not walk.problems, "\n".join(walk.problems)
