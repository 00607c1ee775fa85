"""Issue 20's consents, in Arabic at 360 px: an officer records that a beneficiary agreed to her data being shared
with a partner; in her portal, on her phone, she withdraws her consent to messages; the officer then sees the
withdrawal on her file (a card on the summary, the history on the consents tab). Each page photographed and scanned."""
from walk import T, Walk, portal_sign_in

PEOPLE = {"consent.officer": ("رهف سعد العنزي", "relationsOfficer")}
PHONE = {"width": 360, "height": 780}


def test_she_withdraws_her_consent_to_messages(server, browser):
    walk = Walk(server, browser, PEOPLE, "consent")
    address = walk.register_file("consent.officer", "1045789326", "نجلاء", "محمد", "سعد", "العتيبي", "1405/03/12", "أرملة", "0551234567",
                                 "4141", "الرياض", "12611")
    officer = walk.page("consent.officer")
    officer.goto(address + "?tab=consent")
    assert T["consent.source.registration"] in officer.inner_text("main")
    officer.get_by_role("link", name=T["consent.record.title"]).click()
    officer.get_by_label(T["consent.field.purpose"]).select_option("sharing")
    officer.get_by_label(T["consent.field.partner"]).fill("جمعية البر الخيرية")
    officer.get_by_label(T["consent.field.method"]).select_option("signedPaper")
    walk.step(officer, "record")
    walk.submit(officer, T["form.save"])
    assert T["notice.consentSaved"] in officer.inner_text("main") and "جمعية البر الخيرية" in officer.inner_text("main")
    walk.step(officer, "tab")

    her = browser.new_context(viewport=PHONE, locale="ar-SA", bypass_csp=True).new_page()
    portal_sign_in(her, server, "1045789326")
    her.get_by_role("link", name=T["portal.consents.title"]).click()
    her.wait_for_load_state()
    assert "جمعية البر الخيرية" in her.inner_text("main")
    walk.step(her, "portal")
    messages = her.locator("li.card", has_text=T["consent.purpose.messages"])
    messages.get_by_role("button", name=T["portal.consents.withdraw"]).click()
    her.wait_for_load_state()
    assert T["notice.portalConsentWithdrawn"] in her.inner_text("main")
    assert T["consent.state.withdrawn"] in her.locator("li.card", has_text=T["consent.purpose.messages"]).inner_text()
    walk.step(her, "portal-withdrawn")

    officer.goto(address)
    assert T["consent.card.title"] in officer.inner_text("main")
    walk.step(officer, "summary")
    officer.goto(address + "?tab=consent")
    assert T["consent.source.portal"] in officer.inner_text("main")
    walk.step(officer, "history")
    her.context.close()
    walk.close()
    assert not walk.problems, walk.problems
