"""Issue 18's done-when walk, in Arabic: the donor officer records a donor's gift to the general fund and prints its
receipt (amount in words, both calendars, the licence number); the committee approves a widow's rent request paid
from that fund; her IBAN is put on her file; one finance officer collects the payment into a batch, the other
approves it (the maker may not), the bank file is exported with its control total and the bank's answer entered as
paid; the request shows the bank transfer as its delivery, closed, and she gets her message. The money roles never
see her file. The request is walked to the committee by request_steps (unphotographed)."""
import re

from conftest import outbox_row
from request_steps import verify_documents, walk_to_approval
from walk import T, Walk

REQUEST_PEOPLE = {
    "money.officer": ("أمل محمد الشهري", "relationsOfficer"),
    "money.researcher": ("ريم خالد الغامدي", "researcher"),
    "money.manager": ("منيرة عبدالرحمن الدوسري", "manager"),
    "money.chair": ("لطيفة ناصر الحربي", "committeeMember"),
    "money.member2": ("هند علي السبيعي", "committeeMember"),
    "money.member3": ("عبير سالم العنزي", "committeeMember"),
}
PEOPLE = {
    "money.donors": ("أسماء حمد الرشيدي", "donorOfficer"),
    "money.finance": ("وفاء عادل الشمري", "financeOfficer"),
    "money.finance2": ("نجلاء صالح المالكي", "financeOfficer"),
    "money.officer": REQUEST_PEOPLE["money.officer"],
}
BENEFICIARY = "نورة سعد محمد العتيبي"
DONOR = "عبدالرحمن سالم القحطاني"
IBAN = "SA0380000000608010167519"
DEBIT = "SA4420000001234567891234"


def test_a_gift_pays_her_rent_through_a_checked_bank_batch(server, browser):
    walk = Walk(server, browser, PEOPLE, "money-journey")
    base = walk.base

    # 1. The donor officer records a donor and a bank transfer of 25,000 riyals to the general fund.
    donors = walk.go("money.donors", "/donors/new")
    donors.get_by_label(T["donor.field.name"]).fill(DONOR)
    donors.get_by_label(T["donor.field.mobile"]).fill("0551112233")
    donors.get_by_label(T["donor.field.city"]).fill("الرياض")
    donors.get_by_label(T["donor.field.consents"]).check()
    walk.step(donors, "1-donor-new")
    walk.submit(donors, T["form.save"])
    assert T["notice.donorSaved"] in donors.inner_text("main"), donors.locator(".error").all_inner_texts()
    donors.get_by_role("link", name=T["donation.new"]).first.click()
    donors.wait_for_load_state()
    donors.get_by_label(T["money.donationKind.cash"]).check()
    donors.get_by_label(T["donation.field.designation"]).select_option("general")
    donors.locator("#field-receivedOn").fill(__import__("datetime").date.today().isoformat())
    donors.get_by_label(T["donation.calendar.gregorian"]).check()
    donors.get_by_label(T["donation.field.method"]).select_option("bankTransfer")
    donors.get_by_label(T["donation.field.amount"]).fill("٢٥٬٠٠٠")
    donors.get_by_label(T["donation.field.reference"]).fill("TRX-99812")
    fund = donors.get_by_label(T["donation.field.fund"])
    fund.select_option(value=fund.locator("option", has_text="الصندوق العام").get_attribute("value"))
    walk.step(donors, "2-donation-new")
    walk.submit(donors, T["donation.save"])
    assert T["notice.donationRecorded"] in donors.inner_text("main"), donors.locator(".error").all_inner_texts()
    thanks = outbox_row(server, "recipient = '+966551112233'")
    assert "تشكركم الجمعية" in thanks and "25,000.00" in thanks and re.search(r"RC-\d{4}-\d{6}", thanks), thanks

    # Its receipt: numbered once, the amount in figures and in Arabic words, both calendars, the licence number.
    donors.locator("main").get_by_role("link", name=T["donation.openReceipt"]).first.click()
    donors.wait_for_load_state()
    receipt = donors.inner_text("main")
    assert re.search(r"RC-\d{4}-\d{6}", receipt), receipt
    assert DONOR in receipt and "25,000.00" in receipt and "خمسة وعشرون ألف ريال" in receipt and "لا غير" in receipt, receipt
    assert "هـ" in receipt and "1000586000" in receipt and "TRX-99812" in receipt
    walk.step(donors, "3-receipt")
    # The donor officer's role knows nothing of beneficiaries' files.
    assert donors.goto(base + "/beneficiaries").status == 404

    # 2. A widow's rent request is walked to the committee, which approves 1,500 riyals from the general fund.
    setup = Walk(server, browser, REQUEST_PEOPLE, "money-journey-request", photographs=False)
    file_url = setup.register_file("money.officer", "1000000008", "نورة", "سعد", "محمد", "العتيبي", "01/07/1405", "أرملة", "0551234567",
                                   "3131", "الرياض", "12345")
    verify_documents(setup, "money.officer", file_url)
    request_url, _ = walk_to_approval(setup, "money.officer", "money.researcher", "money.manager", "money.chair",
                                      ["money.member2", "money.member3"], file_url, BENEFICIARY, funded=True)
    setup.close()
    officer = walk.go("money.officer", request_url.replace(base, ""))
    main = officer.inner_text("main")
    assert T["request.status.approved"] in main and T["fund.paidFrom"] in main and "الصندوق العام" in main, main
    tracking = re.search(r"R-\d{4}-\d{6}", main).group(0)

    # Her file has no IBAN yet: the finance officer sees the payment set apart, to be fixed by the relations officer.
    finance = walk.go("money.finance", "/payments/due")
    due = finance.inner_text("main")
    assert T["payment.due.toFix"] in due and tracking in due and T["payment.due.ibanMissing"] in due, due
    officer.goto(file_url + "/edit")
    officer.locator("#field-iban").fill(IBAN)
    walk.submit(officer, T["form.save"])
    assert officer.locator(".error").count() == 0, officer.locator(".error").all_inner_texts()

    # 3. The maker collects it into a batch and sends it for approval; she may not approve it herself.
    finance.goto(base + "/payments/due")
    row = finance.locator("main tr", has_text=tracking)
    assert "7519" in row.inner_text() and IBAN not in row.inner_text()
    row.locator("input[type=checkbox]").check()
    finance.get_by_label(T["payment.debitAccount"]).fill(DEBIT)
    walk.step(finance, "4-due")
    walk.submit(finance, T["payment.due.collect"])
    assert T["payment.done.created"] in finance.inner_text("main"), finance.locator(".error, .alert").all_inner_texts()
    batch_path = finance.url.replace(base, "").split("?")[0]
    walk.submit(finance, T["payment.batch.submit"])
    assert T["payment.done.submitted"] in finance.inner_text("main")
    assert finance.get_by_role("button", name=T["payment.batch.approve"]).count() == 0
    refused = finance.request.post(base + batch_path + "/approve", form={"_csrf": finance.locator("input[name=_csrf]").first.get_attribute("value")})
    assert refused.status == 403
    walk.step(finance, "5-submitted")

    # 4. The checker approves; the bank file carries the header, her line and the trailer with the control total.
    checker = walk.go("money.finance2", batch_path)
    shown = checker.inner_text("main")
    assert tracking in shown and "1,500.00" in shown, shown
    walk.submit(checker, T["payment.batch.approve"])
    assert T["payment.done.approved"] in checker.inner_text("main")
    bank_file = checker.request.get(base + batch_path + "/bank-file")
    assert bank_file.status == 200
    lines = bank_file.text().strip().splitlines()
    assert lines[0].startswith("H,") and DEBIT in lines[0] and "1500.00" in lines[0]
    assert any(IBAN in line and tracking in line and "1500.00" in line and BENEFICIARY in line for line in lines[1:-1]), lines
    assert lines[-1].startswith("T,") and "1500.00" in lines[-1]
    # Downloaded again, the same bytes.
    assert checker.request.get(base + batch_path + "/bank-file").body() == bank_file.body()
    checker.goto(base + batch_path + "/print")
    assert "1,500.00" in checker.inner_text("main") and T["payment.print.signatory"] in checker.inner_text("main")
    walk.step(checker, "6-print")

    # 5. The bank's answer: paid. The batch closes; the request shows the transfer as its delivery and is closed.
    checker.goto(base + batch_path)
    result = checker.locator(f'form[action$="/result"]').first
    result.locator("select[name=outcome]").select_option("paid")
    result.locator("input[name=bankReference]").fill("BNK-2026-55120")
    walk.step(checker, "7-result")
    result.get_by_role("button", name=T["payment.result.save"]).click()
    checker.wait_for_load_state()
    assert T["payment.done.paid"] in checker.inner_text("main"), checker.locator(".error, .alert").all_inner_texts()
    assert T["money.batchStatus.closed"] in checker.inner_text("main")
    officer.goto(request_url)
    main = officer.inner_text("main")
    assert T["request.status.closed"] in main and T["payment.request.heading"] in main and "7519" in main, main
    walk.step(officer, "8-request-paid")

    # She gets her message: the amount, the last digits of her account, her request's number.
    message = outbox_row(server, f"subject = 'تحويل {tracking}'")
    assert "1,500.00" in message and "7519" in message and tracking in message and IBAN not in message, message
    walk.close()
