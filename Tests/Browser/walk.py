"""A walk through the application by several staff members, each in her own browser, photographing each step at
phone and desktop width and scanning it with axe."""
import json

from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT, run_cli, screenshot, sign_in

T = json.loads((ROOT / "Resources" / "Localization" / "ar.json").read_text(encoding="utf-8"))
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "كلمة مرور طويلة للاختبار"
class Walk:
    """Browsers per person, screenshots at both widths, and an axe scan of every page photographed."""

    def __init__(self, server, browser, people, prefix):
        self.base = server["base"]
        self.prefix = prefix
        self.browser = browser
        self.pages = {}
        self.axe = Axe()
        self.problems = []
        for username, (name, role) in people.items():
            run_cli(["user", "--username", username, "--name", name, "--role", role], server["data_dir"], stdin=PASSWORD)

    def page(self, username):
        if username not in self.pages:
            # bypass_csp lets axe inject its script; the application's own pages never need it.
            page = self.browser.new_context(viewport=PHONE, locale="ar-SA", bypass_csp=True).new_page()
            sign_in(page, self.base, username, PASSWORD)
            self.pages[username] = page
        return self.pages[username]

    def go(self, username, path):
        page = self.page(username)
        page.goto(self.base + path)
        return page

    def register_file(self, username, national_id, first, father, grandfather, family, birth, category, mobile, building, city, postal):
        """An officer registers a file with her consent; returns the file's address."""
        officer = self.go(username, "/beneficiaries/new")
        for label, value in (("رقم الهوية / الإقامة", national_id), ("الاسم الأول", first), ("اسم الأب", father), ("اسم الجد", grandfather),
                             ("اسم العائلة", family), ("تاريخ الميلاد", birth), ("رقم الجوال", mobile), ("رقم المبنى", building),
                             ("المدينة", city), ("الرمز البريدي", postal)):
            officer.get_by_label(label).fill(value)
        officer.get_by_label("الفئة").select_option(label=category)
        officer.get_by_label("وافقت المستفيدة على معالجة بياناتها").check()
        self.submit(officer, "حفظ")
        assert "سُجل الملف" in officer.inner_text("main"), officer.locator(".error").all_inner_texts()
        return officer.url.split("?")[0]

    def step(self, page, name, language="ar"):
        """Photographs the page at phone and desktop width, checks it fits the phone, and scans it."""
        page.set_viewport_size(PHONE)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"{name} is {width}px wide on a phone"
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        screenshot(page, f"{self.prefix}-{name}-{language}-phone")
        page.set_viewport_size(DESKTOP)
        # Two animation frames: the page has laid itself out again at the new width before the picture is taken.
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        screenshot(page, f"{self.prefix}-{name}-{language}-desktop")
        page.set_viewport_size(PHONE)
        for violation in self.axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                self.problems.append(f"{name}: {violation['id']} {violation['help']}")

    def submit(self, page, button):
        page.get_by_role("button", name=button).first.click()
        page.wait_for_load_state()

    def draw_signature(self, page):
        pad = page.locator("[data-signature-pad]")
        pad.scroll_into_view_if_needed()
        box = pad.bounding_box()
        x, y = box["x"] + 30, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        for index in range(1, 12):
            page.mouse.move(x + index * 22, y + (18 if index % 2 else -18))
        page.mouse.up()

    def close(self):
        for page in self.pages.values():
            page.context.close()


