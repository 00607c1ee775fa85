"""Issue 17, part A, in Arabic on a 360 px phone: she offers her time on the website, the coordinator accepts her into a
volunteer record, and she signs the agreement and the confidentiality pledge on the pad in front of the coordinator.
Each step is photographed and scanned by axe."""
from walk import PHONE, T, Walk

PEOPLE = {"vol.coordinator": ("نوف إبراهيم القحطاني", "volunteerCoordinator")}


def test_she_signs_up_is_accepted_into_a_record_and_signs_the_pledges(server, browser):
    walk = Walk(server, browser, PEOPLE, "volunteer-records")
    visitor = browser.new_context(viewport=PHONE, locale="ar-SA", bypass_csp=True).new_page()
    visitor.goto(server["base"] + "/volunteer")
    visitor.get_by_label(T["public.case.name"]).fill("هند سعد علي العتيبي")
    visitor.get_by_label(T["public.status.mobile"]).fill("0551112233")
    visitor.get_by_label(T["public.case.branch"]).select_option(index=1)
    visitor.get_by_label(T["volunteer.skills"]).fill("تدريس الرياضيات وقيادة السيارة")
    visitor.get_by_label(T["volunteer.availability.evenings"]).check()
    visitor.get_by_label(T["volunteer.consent"]).check()
    walk.submit(visitor, T["public.case.send"])
    assert T["volunteer.thanks"] in visitor.inner_text("main")
    visitor.context.close()

    coordinator = walk.go("vol.coordinator", "/volunteers/applications")
    assert "هند سعد علي العتيبي" in coordinator.inner_text("main")
    walk.step(coordinator, "applications")
    coordinator.get_by_role("link", name=T["volunteer.applications.accept"]).click()
    coordinator.wait_for_load_state()
    # What she gave on the website is already there: her name in four parts, her mobile, her evenings.
    assert coordinator.get_by_label(T["volunteer.record.field.nameFamily"]).input_value() == "العتيبي"
    assert coordinator.locator('input[value="sun.evening"]').is_checked()
    walk.step(coordinator, "accept")
    for key, value in (("nationalID", "١٠٠٠٠٠٠٠١٦"), ("city", "الرياض"), ("districts", "النسيم، الروضة"), ("emergencyName", "سعد العتيبي"),
                       ("emergencyPhone", "0559998877")):
        coordinator.get_by_label(T[f"volunteer.record.field.{key}"]).fill(value)
    coordinator.get_by_label(T["volunteer.skill.tutoring"]).check()
    walk.submit(coordinator, T["form.save"])
    assert T["notice.volunteerSaved"] in coordinator.inner_text("main"), coordinator.locator(".error").all_inner_texts()
    assert T["volunteer.pledge.missingLead"] in coordinator.inner_text("main")
    walk.step(coordinator, "record")

    coordinator.get_by_role("link", name=T["volunteer.pledge.signNow"]).click()
    coordinator.wait_for_load_state()
    walk.step(coordinator, "pledges")
    coordinator.locator("#read-drawn").check()
    walk.draw_signature(coordinator)
    walk.submit(coordinator, T["declaration.confirmDrawn"])
    main = coordinator.inner_text("main")
    assert T["notice.volunteerPledged"] in main and T["volunteer.pledge.missingLead"] not in main
    assert main.count(T["volunteer.pledge.method.drawn"]) == 2
    walk.step(coordinator, "signed")
    walk.close()
    assert walk.problems == []
