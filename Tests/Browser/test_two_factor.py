"""A manager sets up two-step sign-in on her phone, signs in with her authenticator's code and with a recovery code,
and starts again after an administrator's reset — Arabic, at phone width, each step photographed and axe-scanned."""
from axe_playwright_python.sync_playwright import Axe

from conftest import AUTHENTICATORS, next_code, run_cli, screenshot

PHONE = {"width": 390, "height": 844}
USER = "mona.two"
PASSWORD = "جملة مرور المديرة للتحقق"


def scan(page, axe, problems, name):
    serious = [v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    problems.extend(f"{name}: {v['id']}" for v in serious)


def second_step(page, code):
    page.locator("#field-code").fill(code)
    page.get_by_role("button", name="تحقق").click()
    page.wait_for_load_state()


def password_step(page, base):
    page.goto(base + "/signin")
    page.get_by_label("اسم المستخدم").fill(USER)
    page.get_by_label("كلمة المرور").fill(PASSWORD)
    page.get_by_role("button", name="دخول").click()
    page.wait_for_load_state()


def test_manager_enrols_signs_in_with_code_and_recovery_code(server, browser):
    base = server["base"]
    run_cli(["user", "--username", USER, "--name", "منى عبد الله الحربي", "--role", "manager"], server["data_dir"], stdin=PASSWORD)
    axe, problems = Axe(), []
    context = browser.new_context(viewport=PHONE, locale="ar-SA", bypass_csp=True)
    page = context.new_page()

    # The password alone leads to the set-up page: her role requires the second step.
    password_step(page, base)
    page.goto(base + "/beneficiaries")
    assert page.url == base + "/account/two-factor"
    assert "دورك يتطلب التحقق بخطوتين" in page.inner_text("main")
    qr = page.locator("p.qr img")
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert page.evaluate("document.querySelector('p.qr img').naturalWidth") > 0, "the QR code the server drew is shown"
    assert qr.bounding_box()["width"] <= PHONE["width"]
    screenshot(page, "two-factor-enrol-ar-phone-390")
    scan(page, axe, problems, "enrol")

    # A wrong code is refused where she typed it.
    secret = page.locator("#totp-secret").inner_text().strip()
    AUTHENTICATORS[(base, USER)] = {"secret": secret, "last": 0}
    page.locator("#field-code-enable").fill("000000")
    page.get_by_role("button", name="تفعيل").click()
    assert "الرمز غير صحيح" in page.inner_text("#field-code-enable-error")
    assert page.locator("#field-code-enable").get_attribute("aria-describedby") == "field-code-enable-error"
    page.locator("#field-code-enable").fill(next_code(base, USER))
    page.get_by_role("button", name="تفعيل").click()
    codes = [item.inner_text().strip() for item in page.locator(".recovery-codes code").all()]
    assert len(codes) == 10 and len(set(codes)) == 10
    screenshot(page, "two-factor-recovery-codes-ar-phone-390")
    scan(page, axe, problems, "recovery codes")
    page.get_by_role("link", name="حفظتُها، تابعي").click()
    page.goto(base + "/beneficiaries")
    assert page.url == base + "/beneficiaries"

    # Next time: the password, then the code of the moment.
    page.get_by_role("button", name="خروج").click()
    password_step(page, base)
    assert "/signin/verify" in page.url
    screenshot(page, "two-factor-verify-ar-phone-390")
    scan(page, axe, problems, "verify")
    page.goto(base + "/beneficiaries")
    assert "/signin" in page.url, "the password alone opens nothing"
    password_step(page, base)
    second_step(page, next_code(base, USER))
    assert page.url == base + "/"

    # Her phone is lost: a recovery code, once.
    for attempt in range(2):
        page.goto(base + "/")
        if page.get_by_role("button", name="خروج").count():
            page.get_by_role("button", name="خروج").click()
        password_step(page, base)
        second_step(page, codes[0])
        if attempt == 0:
            assert page.url == base + "/"
    assert "الرمز غير صحيح" in page.inner_text("#field-code-error")

    # The administrator resets it from the command line: she sets it up again at her next sign-in.
    run_cli(["user", "--username", USER, "--reset-mfa"], server["data_dir"])
    password_step(page, base)
    page.goto(base + "/")
    assert page.url == base + "/account/two-factor"
    assert page.locator("#totp-secret").inner_text().strip() != secret
    context.close()
    assert not problems, problems
