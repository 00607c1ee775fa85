"""Every page a beneficiary can open without signing in, in Arabic and English, at 360 px, scanned by axe with the
application's real Content-Security-Policy in force (no bypass): right-to-left in Arabic, no serious or critical
violation, no sideways scrolling."""
from axe_playwright_python.sync_playwright import Axe

from conftest import screenshot

PHONE = {"width": 360, "height": 780}
PAGES = ["/about", "/services", "/help", "/privacy", "/status", "/contact-us/inquiry", "/contact-us/complaint",
         "/contact-us/suggestion", "/volunteer", "/you-said-we-did", "/s", "/portal/signin"]


def test_public_pages_are_accessible_in_both_languages_on_a_phone(server, browser):
    base = server["base"]
    axe = Axe()
    problems = []
    for language in ("ar", "en"):
        context = browser.new_context(viewport=PHONE, locale="ar-SA" if language == "ar" else "en-US")
        context.add_cookies([{"name": "lamasat_lang", "value": language, "url": base}])
        page = context.new_page()
        for path in PAGES:
            response = page.goto(base + path)
            assert response.status == 200, f"{path}: {response.status}"
            assert "content-security-policy" in {name.lower() for name in response.headers}, f"{path} has no CSP"
            assert page.locator("html").get_attribute("lang") == language
            assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{path} scrolls sideways"
            result = axe.run(page)
            serious = [v["id"] for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
            problems.extend(f"{language} {path}: {rule}" for rule in serious)
            screenshot(page, f"public{path.replace('/', '-')}-{language}-phone-360")
        context.close()
    assert not problems, problems
