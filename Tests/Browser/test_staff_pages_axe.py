"""Staff pages not walked elsewhere, in Arabic and English at 360 px, scanned by axe with the real CSP in force:
what a manager and a field officer use, and the administrator's settings pages."""
from axe_playwright_python.sync_playwright import Axe

from conftest import run_cli, screenshot, sign_in

PHONE = {"width": 360, "height": 780}
PASSWORD = "كلمة مرور طويلة لفحص الصفحات"
PEOPLE = {
    "axe.manager": ("نوال سعد القحطاني", "manager", ["/contacts", "/letters", "/replies", "/reports/relations", "/requests", "/committee",
                                                    "/improvements", "/satisfaction/followups", "/calls", "/work"]),
    "axe.coordinator": ("هند علي الزهراني", "volunteerCoordinator", ["/volunteers"]),
    "axe.admin": ("سارة فهد العتيبي", "admin", ["/admin/surveys", "/admin/templates", "/admin/relations", "/admin/declaration",
                                               "/admin/settings", "/account/two-factor"]),
}


def test_staff_pages_are_accessible_in_both_languages_on_a_phone(server, browser):
    base = server["base"]
    axe = Axe()
    problems = []
    for username, (name, role, paths) in PEOPLE.items():
        run_cli(["user", "--username", username, "--name", name, "--role", role], server["data_dir"], stdin=PASSWORD)
        context = browser.new_context(viewport=PHONE, locale="ar-SA")
        page = context.new_page()
        sign_in(page, base, username, PASSWORD)
        for language in ("ar", "en"):
            context.add_cookies([{"name": "lamasat_lang", "value": language, "url": base}])
            for path in paths:
                response = page.goto(base + path)
                assert response.status == 200, f"{username} {path}: {response.status}"
                assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{path} scrolls sideways"
                result = axe.run(page)
                problems.extend(f"{language} {path}: {v['id']}" for v in result.response["violations"] if v["impact"] in ("serious", "critical"))
                screenshot(page, f"staff{path.replace('/', '-')}-{language}-phone-360")
        context.close()
    assert not problems, problems
