"""A walk through the application by several staff members, each in her own browser, photographing each step at
phone and desktop width and scanning it with axe."""
import json
import re

from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT, outbox_row, run_cli, screenshot, sign_in

T = json.loads((ROOT / "Resources" / "Localization" / "ar.json").read_text(encoding="utf-8"))
E = json.loads((ROOT / "Resources" / "Localization" / "en.json").read_text(encoding="utf-8"))
# The narrowest phone the pages are made for; the axe modules scan at this width.
PHONE_360 = {"width": 360, "height": 780}
# The walks' phone: the narrowest the pages are made for.
PHONE = PHONE_360
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "كلمة مرور طويلة للاختبار"


class Walk:
    """Browsers per person, screenshots at both widths, and an axe scan of every page photographed.

    photographs=False: a walk that only sets data up for another test, without photographs or scans. csp=True: its
    browsers keep the application's Content-Security-Policy (axe runs through the debugging protocol, which it does
    not restrict), for a test that scans pages as they really are served."""

    def __init__(self, server, browser, people, prefix, photographs=True, csp=False):
        self.base = server["base"]
        self.data_dir = server["data_dir"]
        self.prefix = prefix
        self.browser = browser
        self.people = people
        self.photographs = photographs
        self.csp = csp
        self.pages = {}
        self.axe = Axe()
        self.problems = []
        for username, (name, role) in people.items():
            run_cli(["user", "--username", username, "--name", name, "--role", role], server["data_dir"], stdin=PASSWORD)

    def name(self, username):
        return self.people[username][0]

    def page(self, username):
        if username not in self.pages:
            page = self.browser.new_context(viewport=PHONE, locale="ar-SA", bypass_csp=not self.csp).new_page()
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
        if not self.photographs:
            return
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


def speaking(context, base, language):
    """The context's remembered language, as the language switch leaves it."""
    context.add_cookies([{"name": "lamasat_lang", "value": language, "url": base}])
    return context


class Scan:
    """Pages as they are served — the application's Content-Security-Policy in force — at 360 px: each answers 200
    with its CSP, in the language asked for and its direction, without sideways scrolling; each is photographed, and
    axe's serious and critical violations are collected in `problems` for the test to assert on at its end."""

    def __init__(self, base, prefix):
        self.base = base
        self.prefix = prefix
        self.axe = Axe()
        self.problems = []

    def check(self, page, path, language, name=None):
        """Opens `path` in `page` (whose language is chosen by its cookie, or by ?lang= on a printable) and checks it."""
        name = name or path.strip("/").replace("/", "-")
        page.set_viewport_size(PHONE_360)
        response = page.goto(self.base + path)
        assert response.status == 200, f"{path}: {response.status}"
        assert "content-security-policy" in {header.lower() for header in response.headers}, f"{path} has no CSP"
        assert page.locator("html").get_attribute("lang") == language, f"{path} is not in {language}"
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr"), path
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{path} scrolls sideways at 360 px"
        screenshot(page, f"{self.prefix}-{name}-{language}-phone-360")
        self.problems.extend(f"{language} {path}: {v['id']} ({v['impact']}) {v['help']} — {[node['target'] for node in v['nodes']]}"
                             for v in self.axe.run(page).response["violations"] if v["impact"] in ("serious", "critical"))


def portal_sign_in(page, server, national_id, look_at_code_page=None):
    """She signs in to her portal: her national ID, then the code of the SMS queued for her (read from the outbox, as
    the gateway would receive it). `look_at_code_page(page)`, when given, is called on the page that asks for it."""
    page.goto(server["base"] + "/portal/signin")
    page.get_by_label(T["portal.signin.nationalID"]).fill(national_id)
    page.get_by_role("button", name=T["portal.signin.send"]).click()
    page.wait_for_load_state()
    if look_at_code_page:
        look_at_code_page(page)
    code = re.search(r"\d{6}", outbox_row(server, "related_type = 'portal_code'")).group(0)
    page.get_by_label(T["portal.code.label"]).fill(code)
    page.get_by_role("button", name=T["portal.code.submit"]).click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith("/portal"), page.url
