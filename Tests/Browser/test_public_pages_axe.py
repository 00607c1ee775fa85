"""Every page a beneficiary can open, in Arabic and English, at 360 px, scanned by axe with the application's real
Content-Security-Policy in force (no bypass): right-to-left in Arabic, no serious or critical violation, no sideways
scrolling — the public site, her portal once she has signed in, and a new installation's first-administrator page."""
import pathlib
import subprocess
import tempfile

from conftest import launch, stop, wait_for_line, wait_healthy
from walk import PHONE_360, Scan, Walk, portal_sign_in, speaking

PAGES = ["/about", "/services", "/help", "/privacy", "/status", "/contact-us/inquiry", "/contact-us/complaint",
         "/contact-us/suggestion", "/volunteer", "/you-said-we-did", "/s", "/portal/signin"]
PORTAL = ["/portal", "/portal/contact", "/portal/documents/new", "/portal/requests/new", "/portal/consents", "/portal/rights", "/portal/appointments"]


def scan_in_both_languages(browser, base, prefix, paths, context=None, name=None):
    """Scans `paths` in Arabic, then in English, in `context` (a new anonymous one when none is given)."""
    scan = Scan(base, prefix)
    context = context or browser.new_context(viewport=PHONE_360, locale="ar-SA")
    page = context.new_page()
    for language in ("ar", "en"):
        speaking(context, base, language)
        for path in paths:
            scan.check(page, path, language, name)
    context.close()
    assert not scan.problems, "\n".join(scan.problems)


def test_public_pages_are_accessible_in_both_languages_on_a_phone(server, browser):
    scan_in_both_languages(browser, server["base"], "public", PAGES)


def test_her_portal_pages_are_accessible_in_both_languages_on_a_phone(server, browser):
    officer = Walk(server, browser, {"axe.portal.officer": ("أمل محمد الشهري", "relationsOfficer")}, "axe-portal", photographs=False)
    officer.register_file("axe.portal.officer", "2000000014", "وعد", "فهد", "سالم", "الحربي", "03/04/1411", "مطلقة", "0561112233",
                          "6161", "الرياض", "12612")
    officer.close()
    context = browser.new_context(viewport=PHONE_360, locale="ar-SA")
    portal_sign_in(context.new_page(), server, "2000000014")
    scan_in_both_languages(browser, server["base"], "portal", PORTAL, context)


def test_first_administrator_setup_page_is_accessible_in_both_languages_on_a_phone(browser):
    # Its own installation: the set-up page exists only while no staff account does.
    process, base = launch(pathlib.Path(tempfile.mkdtemp(prefix="lamasat-setup-")), stdout=subprocess.PIPE)
    try:
        link = wait_for_line(process, "/setup/")
        assert link, "a new installation prints its one-time set-up link"
        wait_healthy(base, process)
        scan_in_both_languages(browser, base, "setup", ["/setup/" + link.rsplit("/", 1)[1]], name="setup")
    finally:
        stop(process)
