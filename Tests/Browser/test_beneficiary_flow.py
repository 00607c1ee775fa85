"""An officer registers a family on a phone, adds children and a document, verifies it, and finds her again by
another spelling of her name."""
from axe_playwright_python.sync_playwright import Axe

from conftest import run_cli, screenshot, sign_in
from request_steps import pdf_file
from walk import PHONE_360 as PHONE, Walk

OFFICER = {"username": "officer.browser", "password": "كلمة مرور الموظفة الطويلة"}


def ensure_officer(server):
    run_cli(["user", "--username", OFFICER["username"], "--name", "أمل محمد الشهري", "--role", "relationsOfficer"],
            server["data_dir"], stdin=OFFICER["password"])


def test_register_family_with_documents_and_find_her_again(server, browser):
    ensure_officer(server)
    base = server["base"]
    context = browser.new_context(viewport=PHONE, locale="ar-SA")
    page = context.new_page()
    sign_in(page, base, OFFICER["username"], OFFICER["password"])

    page.goto(base + "/beneficiaries/new")
    page.get_by_label("رقم الهوية / الإقامة").fill("١٠٤٥٧٨٩٣٢٦")
    page.get_by_label("الاسم الأول").fill("أميرة")
    page.get_by_label("اسم الأب").fill("عبد الله")
    page.get_by_label("اسم الجد").fill("سعد")
    page.get_by_label("اسم العائلة").fill("القحطاني")
    page.get_by_label("تاريخ الميلاد").fill("15/05/1410")
    page.get_by_label("الفئة").select_option(label="أرملة")
    page.get_by_label("رقم الجوال").fill("050 123 4567")
    page.get_by_label("رقم المبنى").fill("2929")
    page.get_by_label("المدينة").fill("الرياض")
    page.get_by_label("الرمز البريدي").fill("12214")
    page.get_by_label("وافقت المستفيدة على معالجة بياناتها").check()
    screenshot(page, "beneficiary-new-ar-phone")
    page.get_by_role("button", name="حفظ").click()
    page.wait_for_load_state()
    assert "سُجل الملف" in page.inner_text("main"), page.locator(".error").all_inner_texts()
    file_url = page.url.split("?")[0]
    screenshot(page, "beneficiary-file-ar-phone")

    for name, born in (("خالد", "2016-09-01"), ("جود", "2021-02-10")):
        page.goto(file_url + "/family/new")
        page.get_by_label("صلة القرابة").select_option("son" if name == "خالد" else "daughter")
        page.get_by_label("الاسم الكامل").fill(name)
        page.get_by_label("تاريخ الميلاد").fill(born)
        page.get_by_role("button", name="حفظ").click()
        page.wait_for_load_state()
    family = page.inner_text("main")
    assert "خالد" in family and "جود" in family
    assert "سن الدراسة" in family

    page.goto(file_url + "?tab=documents")
    page.get_by_label("نوع المستند").select_option(label="الهوية الوطنية / الإقامة")
    page.get_by_label("تاريخ الانتهاء").fill("2031-01-01")
    pdf = pdf_file("هوية.pdf")
    page.set_input_files("#field-file", str(pdf))
    page.get_by_role("button", name="رفع مستند").click()
    page.wait_for_load_state()
    assert "بانتظار التحقق" in page.inner_text("main")
    page.get_by_role("button", name="مطابق").first.click()
    page.wait_for_load_state()
    assert "سُجل التحقق" in page.inner_text("main")
    screenshot(page, "beneficiary-documents-ar-phone")

    # Found again by another spelling: no hamza, haa for taa marbuta.
    page.goto(base + "/beneficiaries")
    page.get_by_label("ابحثي بالاسم أو رقم الهوية أو الجوال أو رقم الملف").fill("اميره القحطانى")
    page.get_by_role("button", name="بحث").first.click()
    page.wait_for_load_state()
    assert "أميرة عبد الله سعد القحطاني" in page.inner_text("main")
    assert "1045789326" not in page.url
    screenshot(page, "beneficiary-search-ar-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"search page is {width}px wide"

    # A second registration of the same ID is stopped.
    page.goto(base + "/beneficiaries/new")
    page.get_by_label("رقم الهوية / الإقامة").fill("1045789326")
    page.get_by_role("button", name="حفظ").click()
    page.wait_for_load_state()
    assert "مسجلة في ملف آخر" in page.inner_text("main")
    context.close()


def test_beneficiary_pages_have_no_serious_accessibility_violations(server, browser):
    # A file of its own, so that every tab of a file is scanned whichever test ran before.
    walk = Walk(server, browser, {"axe.officer": ("سلمى محمد الشهري", "relationsOfficer")}, "beneficiary-axe", photographs=False)
    href = walk.register_file("axe.officer", "2000000022", "لمى", "عبد الله", "سعد", "الدوسري", "15/05/1412", "أرملة", "0501237654",
                              "3030", "الرياض", "12215").replace(server["base"], "")
    page = walk.page("axe.officer")
    paths = ["/beneficiaries", "/beneficiaries/new", href, href + "?tab=family", href + "?tab=documents", href + "?tab=requests",
             href + "?tab=timeline", href + "/edit", href + "/export", href + "/requests/new"]
    problems = []
    axe = Axe()
    for path in paths:
        assert page.goto(server["base"] + path).status == 200, path
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                problems.append(f"{path}: {violation['id']} {violation['help']}")
    walk.close()
    assert not problems, "\n".join(problems)
