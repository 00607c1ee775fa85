"""The steps of a support request, one person's part each, as the request walk takes them: a module that needs a
request at some stage (submitted, decided, delivered) walks it there itself with these, on its own server.

Each step asserts what it must have done and photographs its pages through walk.step (a Walk made with
photographs=False only walks). People are named by username; their full names come from the walk's cast."""
import datetime
import pathlib
import sqlite3
import tempfile
import time
import uuid
from zoneinfo import ZoneInfo

from walk import T

def riyadh_day(days_from_today=0):
    """A day counted from today in Riyadh, the association's calendar: a fixed date would pass and refuse the walk."""
    return (datetime.datetime.now(ZoneInfo("Asia/Riyadh")).date() + datetime.timedelta(days=days_from_today)).isoformat()


PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
# What a widow's file needs before a request can go on, verified by the officer.
WIDOW_DOCUMENTS = ("الهوية الوطنية / الإقامة", "شهادة وفاة الزوج")


def pdf_file(name="مستند.pdf") -> pathlib.Path:
    path = pathlib.Path(tempfile.mkdtemp()) / name
    path.write_bytes(PDF)
    return path


def verify_documents(walk, officer, file_url, labels=WIDOW_DOCUMENTS):
    """The officer uploads each document and marks it as matching the original; nothing is left pending."""
    page = walk.page(officer)
    pdf = pdf_file()
    for label in labels:
        page.goto(file_url + "?tab=documents")
        page.get_by_label(T["document.type"]).select_option(label=label)
        page.get_by_label("تاريخ الانتهاء").fill("2031-01-01" if "الهوية" in label else "")
        page.set_input_files("#field-file", str(pdf))
        walk.submit(page, T["document.upload"])
    for label in labels:
        page.goto(file_url + "?tab=documents")
        page.locator("tbody tr", has_text=label).get_by_role("button", name="مطابق", exact=True).click()
        page.wait_for_load_state()
    page.goto(file_url)
    summary = page.inner_text("main")
    assert T["document.requirement.pending"] not in summary and T["document.requirement.mismatch"] not in summary


def draft_request(walk, officer, file_url, support_type="سداد فواتير", description="فاتورة كهرباء متأخرة منذ ثلاثة أشهر", amount="١٥٠٠"):
    """Intake by phone, saved as a draft; returns the request's address."""
    page = walk.page(officer)
    page.goto(file_url + "/requests/new")
    value = page.locator("#field-supportType option", has_text=support_type).get_attribute("value")
    page.get_by_label(T["request.field.supportType"]).select_option(value)
    page.get_by_label(T["request.field.channel"]).select_option("phone")
    page.get_by_label(T["request.field.description"]).fill(description)
    page.get_by_label(T["request.field.requestedAmount"]).fill(amount)
    walk.step(page, "1-intake")
    walk.submit(page, T["request.saveDraft"])
    assert "/requests/" in page.url and T["request.status.draft"] in page.inner_text("main")
    return page.url.split("?")[0]


def submit_request(walk, officer):
    """Submitted from the draft on her page: a tracking number and the committee's period."""
    page = walk.page(officer)
    walk.submit(page, T["request.action.submit"])
    text = page.inner_text("main")
    assert "R-" in text and T["request.committeeNotice"][:20] in text
    walk.step(page, "2-submitted")


def verify_and_refer(walk, officer, researcher):
    """Verification with the checklist complete, referred to the researcher (chosen by name: the list may hold others)."""
    page = walk.page(officer)
    walk.submit(page, T["request.action.startVerification"])
    value = page.locator("#field-researcher-referral option", has_text=walk.name(researcher)).get_attribute("value")
    page.get_by_label(T["research.researcher"]).select_option(value)
    page.get_by_label(T["verification.referralReason"]).fill("التأكد من وضع السكن والفواتير")
    walk.step(page, "3-verification")
    walk.submit(page, T["request.action.completeVerification"])
    assert T["request.status.awaitingDeclaration"] in page.inner_text("main")


def sign_declaration(walk, officer, request_url):
    """Her declaration, signed with a finger on the pad; the request goes to social research."""
    page = walk.page(officer)
    page.goto(request_url + "/declaration")
    walk.draw_signature(page)
    walk.step(page, "4-declaration")
    walk.submit(page, T["declaration.confirmDrawn"])
    main = page.inner_text("main")
    assert T["notice.requestSignDeclaration"] in main and T["request.status.socialResearch"] in main
    assert page.get_by_role("link", name=T["declaration.view"]).count() == 1


def research(walk, researcher, request_url, beneficiary):
    """The researcher finds her in her queue, visits her home and files the report recommending approval."""
    page = walk.go(researcher, "/work")
    assert beneficiary in page.inner_text("main")
    page.goto(request_url)
    page.get_by_label(T["research.date"]).fill(riyadh_day())
    walk.submit(page, T["research.schedule"])
    page.get_by_label(T["research.outcome"]).first.fill("السكن مستأجر والفواتير متأخرة فعلًا")
    walk.submit(page, T["research.recordVisit"])
    walk.step(page, "5-research")
    page.goto(request_url + "/report")
    page.get_by_label(T["research.housing"]).fill("شقة مستأجرة")
    page.get_by_label(T["research.incomeCheck"]).fill("الدخل ضمان اجتماعي فقط")
    page.get_by_label(T["research.needs"]).fill("سداد فاتورة الكهرباء")
    page.get_by_label(T["research.recommendation"]).select_option("approve")
    page.get_by_label(T["research.recommendedAmount"]).fill("1500")
    walk.step(page, "6-report")
    walk.submit(page, T["research.fileReport"])
    assert T["request.status.committeeReview"] in page.inner_text("main")


def fund_general(walk, riyals=100_000):
    """A donor's cash gift to the general fund, written as the donor officer's form would (issue 18): the committee
    approves an amount only from a fund that holds it. A walk about the gift itself records it on the pages."""
    now = time.time()
    donor, gift = str(uuid.uuid4()).upper(), str(uuid.uuid4()).upper()
    with sqlite3.connect(walk.data_dir / "lamasat.sqlite", timeout=5) as db:
        fund = db.execute("SELECT id FROM funds WHERE code = 'general'").fetchone()[0]
        branch = db.execute("SELECT id FROM branches WHERE code = 'HQ'").fetchone()[0]
        db.execute("""INSERT INTO donors (id, number, kind, name, contact_person, identifier, mobile, email, city, preferred_channel,
                      consents_to_contact, consent_at, is_anonymous, branch_id, notes, is_active, created_by, created_at, updated_at, version)
                      VALUES (?, ?, 'organization', 'مؤسسة الخير الوقفية', 'عبدالله', '', '', '', 'الرياض', 'email', 0, NULL, 0, ?, '', 1, ?, ?, ?, 1)""",
                   (donor, f"D-2026-9{uuid.uuid4().int % 100000:05d}", branch, donor, now, now))
        db.execute("""INSERT INTO donations (id, donor_id, branch_id, kind, method, amount, designation, fund_id, pledge_id, received_on,
                      reference, note, status, cancel_reason, cancelled_by, cancelled_at, recorded_by, recorded_at)
                      VALUES (?, ?, ?, 'cash', 'bankTransfer', ?, 'general', ?, NULL, ?, 'TRX-1', '', 'received', '', NULL, NULL, ?, ?)""",
                   (gift, donor, branch, riyals * 100, fund, time.strftime("%Y-%m-%d"), donor, now))


def call_meeting(walk, manager, chair, members, days=9, photograph=None):
    """The manager calls a meeting of the chair and the members, all of them its quorum, `days` from today; its agenda
    takes what waits for the committee. Returns the meeting page."""
    page = walk.go(manager, "/committee/new")
    page.get_by_label(T["committee.date"]).fill(riyadh_day(days))
    page.get_by_label(T["committee.location"]).fill("قاعة الاجتماعات")
    everyone = [chair, *members]
    for username in everyone:
        page.get_by_label(walk.name(username)).check()
    page.get_by_label(T["committee.chair"]).select_option(label=walk.name(chair))
    page.get_by_label(T["committee.quorum"]).fill(str(len(everyone)))
    if photograph:
        walk.step(page, photograph)
    walk.submit(page, T["committee.create"])
    return page


def cast_votes(walk, meeting_url, everyone, vote):
    """The first two vote `vote`, the others abstain, each after declaring no conflict of interest."""
    for index, username in enumerate(everyone):
        member = walk.go(username, meeting_url.replace(walk.base, ""))
        member.get_by_label(T["committee.noConflict"]).check()
        member.get_by_label(T["committee.yourVote"]).select_option(vote if index < 2 else "abstain")
        walk.submit(member, T["committee.castVote"])
        assert T["notice.voteRecorded"] in member.inner_text("main")


def committee_approves(walk, manager, chair, members, beneficiary, amount="1500", funded=False):
    """The manager calls a meeting of the chair and the members; the chair and the first member approve, the others
    abstain; the chair records the decision. Returns the meeting's address."""
    page = call_meeting(walk, manager, chair, members, photograph="7-meeting-new")
    meeting_url = page.url.split("?")[0]
    assert beneficiary in page.inner_text("main")
    cast_votes(walk, meeting_url, [chair, *members], "approve")
    if not funded:
        fund_general(walk)
    page = walk.go(chair, meeting_url.replace(walk.base, ""))
    page.get_by_label(T["committee.approvedAmount"]).fill(amount)
    # Issue 18: an approved amount is paid from a fund, which must hold it (a gift to the general fund first).
    fund = page.get_by_label(T["fund.paidFromChoice"])
    fund.select_option(value=fund.locator("option", has_text="الصندوق العام").get_attribute("value"))
    walk.step(page, "8-committee")
    walk.submit(page, T["committee.recordDecision"])
    assert T["notice.decisionRecorded"] in page.inner_text("main")
    return meeting_url


def committee_rejects(walk, manager, chair, members, beneficiary, reason="الدخل يغطي الحاجة المطلوبة"):
    """The manager calls a meeting; the chair and the first member vote against, the others abstain; the chair records
    the rejection with a reason of the catalog. Returns the meeting's address."""
    page = call_meeting(walk, manager, chair, members)
    meeting_url = page.url.split("?")[0]
    assert beneficiary in page.inner_text("main")
    cast_votes(walk, meeting_url, [chair, *members], "reject")
    page = walk.go(chair, meeting_url.replace(walk.base, ""))
    page.get_by_label(T["committee.decision"]).select_option("reject")
    page.get_by_label(T["committee.rejectionReason"]).select_option(label=reason)
    walk.step(page, "8-committee-rejects")
    walk.submit(page, T["committee.recordDecision"])
    assert T["notice.decisionRecorded"] in page.inner_text("main"), page.locator(".alert, .error").all_inner_texts()
    return meeting_url


def deliver(walk, service, request_url, amount, proof=None):
    """A delivery: signed on the pad, or, with `proof`, at her place with the uploaded receipt. Returns the page."""
    page = walk.page(service)
    page.goto(request_url + "/deliveries/new")
    page.get_by_label(T["delivery.amount"]).fill(amount)
    if proof:
        page.get_by_label(T["delivery.place"]).select_option("herLocation")
        page.set_input_files("#field-proof", str(proof))
    else:
        walk.draw_signature(page)
        walk.step(page, "11-delivery")
    walk.submit(page, T["delivery.record"])
    return page


def walk_to_approval(walk, officer, researcher, manager, chair, members, file_url, beneficiary, funded=False):
    """A request drafted on the file, submitted, verified and referred, declared, researched and approved by the
    committee. Returns the request's and the meeting's addresses."""
    request_url = draft_request(walk, officer, file_url)
    submit_request(walk, officer)
    verify_and_refer(walk, officer, researcher)
    sign_declaration(walk, officer, request_url)
    research(walk, researcher, request_url, beneficiary)
    return request_url, committee_approves(walk, manager, chair, members, beneficiary, funded=funded)
