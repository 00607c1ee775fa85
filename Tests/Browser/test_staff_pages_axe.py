"""Staff pages not walked elsewhere, in Arabic and English at 360 px, scanned by axe with the real CSP in force:
what a manager and a field officer use, the administrator's settings pages, a contact change a beneficiary asked for
from her portal as the reviewing officer opens it, and the papers printed along a request (request form,
acknowledgement, committee minutes, decision letter, delivery receipt). Each test makes the data it needs."""
from conftest import run_cli, signed_in
from request_steps import committee_approves, deliver, draft_request, research, sign_declaration, submit_request, verify_and_refer, verify_documents
from walk import PHONE_360, T, Scan, Walk, portal_sign_in, speaking

PASSWORD = "كلمة مرور طويلة لفحص الصفحات"
PEOPLE = {
    "axe.manager": ("نوال سعد القحطاني", "manager", ["/contacts", "/letters", "/replies", "/reports/relations", "/reports", "/reports/requests", "/reports/services",
                                                    "/reports/people", "/reports/messages", "/requests", "/committee",
                                                    "/improvements", "/satisfaction/followups", "/calls", "/work", "/deliveries", "/rights", "/rights/report", "/appointments"]),
    "axe.coordinator": ("هند علي الزهراني", "volunteerCoordinator", ["/volunteers", "/volunteers/new", "/volunteers/applications", "/volunteers/opportunities", "/volunteers/opportunities/new"]),
    "axe.admin": ("سارة فهد العتيبي", "admin", ["/admin/surveys", "/admin/templates", "/admin/relations", "/admin/declaration",
                                               "/admin/settings", "/admin/volunteer-texts", "/account/two-factor", "/admin/processing",
                                               "/admin/processing/new", "/admin/breaches", "/admin/breaches/new", "/admin/case-periods"]),
}
# The people a request passes through on its way to a delivery.
CAST = {
    "print.officer": ("مريم سعد الشهري", "relationsOfficer"),
    "print.researcher": ("أروى خالد الغامدي", "researcher"),
    "print.manager": ("بشرى عبدالرحمن الدوسري", "manager"),
    "print.chair": ("غادة ناصر الحربي", "committeeMember"),
    "print.member2": ("رنا علي السبيعي", "committeeMember"),
    "print.member3": ("سلوى سالم العنزي", "committeeMember"),
    "print.service": ("عهود فهد المطيري", "serviceOfficer"),
}


def scan_signed_in(scan, page, paths, printable=False):
    """Each path in Arabic, then in English: chosen by the language cookie, or by ?lang=en on a printed paper (which is
    in Arabic unless asked otherwise, whatever the screen's language)."""
    for language in ("ar", "en"):
        if not printable:
            speaking(page.context, scan.base, language)
        for name, path in paths:
            scan.check(page, path + ("?lang=en" if printable and language == "en" else ""), language, name)


def test_staff_pages_are_accessible_in_both_languages_on_a_phone(server, browser):
    scan = Scan(server["base"], "staff")
    for username, (name, role, paths) in PEOPLE.items():
        run_cli(["user", "--username", username, "--name", name, "--role", role], server["data_dir"], stdin=PASSWORD)
        context = signed_in(browser, server, username, PASSWORD, viewport=PHONE_360, locale="ar-SA")
        scan_signed_in(scan, context.new_page(), [(None, path) for path in paths])
        context.close()
    assert not scan.problems, "\n".join(scan.problems)


def test_a_contact_change_she_asked_for_is_accessible_to_the_reviewing_officer(server, browser):
    walk = Walk(server, browser, {"axe.reviewer": ("خلود محمد العمري", "relationsOfficer")}, "axe-change", photographs=False, csp=True)
    walk.register_file("axe.reviewer", "1000000024", "سارة", "ناصر", "علي", "العمري", "20/08/1409", "أرملة", "0553334444", "7171", "الرياض", "12613")
    # She asks, from her portal, for a new mobile number.
    her = browser.new_context(viewport=PHONE_360, locale="ar-SA").new_page()
    portal_sign_in(her, server, "1000000024")
    her.goto(server["base"] + "/portal/contact")
    her.get_by_label(T["portal.contact.mobile"]).fill("0559876543")
    her.get_by_role("button", name=T["form.save"]).click()
    her.wait_for_load_state()
    assert T["notice.portalChangeAsked"] in her.inner_text("main")
    her.context.close()
    # The officer finds it among her work and opens it.
    officer = walk.go("axe.reviewer", "/work")
    officer.locator("li", has_text="سارة ناصر علي العمري").locator("a[href^='/contact-changes/']").click()
    officer.wait_for_load_state()
    change = officer.url.replace(server["base"], "").split("?")[0]
    assert "+966559876543" in officer.inner_text("main"), "the number she asked for is shown to be checked"
    scan = Scan(server["base"], "staff")
    scan_signed_in(scan, officer, [("contact-change", change)])
    walk.close()
    assert not scan.problems, "\n".join(scan.problems)


def test_the_papers_printed_along_a_request_are_accessible_in_both_languages_on_a_phone(server, browser):
    walk = Walk(server, browser, CAST, "axe-print", photographs=False, csp=True)
    name = "جواهر سعد محمد القرني"
    file_url = walk.register_file("print.officer", "1000000032", "جواهر", "سعد", "محمد", "القرني", "01/07/1405", "أرملة", "0551230099",
                                  "8181", "الرياض", "12614")
    verify_documents(walk, "print.officer", file_url)
    request_url = draft_request(walk, "print.officer", file_url)
    request_path = request_url.replace(walk.base, "")
    scan = Scan(walk.base, "print")
    officer = walk.page("print.officer")
    # The form is printed before she signs it on paper: blank but for her details, no tracking number yet.
    scan_signed_in(scan, officer, [("request-form-draft", request_path + "/form")], printable=True)
    officer.goto(request_url)
    submit_request(walk, "print.officer")
    verify_and_refer(walk, "print.officer", "print.researcher")
    sign_declaration(walk, "print.officer", request_url)
    research(walk, "print.researcher", request_url, name)
    meeting_url = committee_approves(walk, "print.manager", "print.chair", ["print.member2", "print.member3"], name)
    service = deliver(walk, "print.service", request_url, "1500")
    assert T["request.status.closed"] in service.inner_text("main")
    receipt = service.locator("a[href*='/receipt']").first.get_attribute("href")
    scan_signed_in(scan, officer, [("request-form", request_path + "/form"), ("request-acknowledgement", request_path + "/acknowledgement"),
                                   ("decision-letter", request_path + "/letter")], printable=True)
    scan_signed_in(scan, walk.page("print.manager"), [("committee-minutes", meeting_url.replace(walk.base, "") + "/minutes")], printable=True)
    scan_signed_in(scan, service, [("delivery-receipt", receipt)], printable=True)
    walk.close()
    assert not scan.problems, "\n".join(scan.problems)
