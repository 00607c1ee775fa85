"""`lamasat demo`'s 18 months of invented activity, read back from its database, and each demo role's home page
(its cockpit) in Chromium at desktop and phone width."""
import datetime
import pathlib
import sqlite3
import tempfile
import uuid

import pytest

from conftest import run_cli, screenshot, serving, sign_in

PASSWORD = "كلمة مرور العرض التجريبي"
STATUSES = {"draft", "submitted", "verification", "returnedToApplicant", "awaitingDeclaration", "socialResearch", "committeeReview",
            "approved", "rejected", "inService", "delivered", "closed", "withdrawn", "cancelled"}
CHANNELS = {"interview", "phone", "socialMedia", "letter", "assistanceRequest", "volunteerService", "website", "branchRep"}
RIYADH = datetime.timezone(datetime.timedelta(hours=3))


@pytest.fixture(scope="module")
def demo():
    data = pathlib.Path(tempfile.mkdtemp(prefix="lamasat-demo-"))
    first = run_cli(["demo", "--password-stdin"], data, stdin=PASSWORD).stdout.decode()
    db = sqlite3.connect(data / "lamasat.sqlite")
    counts = {table: db.execute(f"select count(*) from {table}").fetchone()[0]
              for table in ("support_requests", "request_transitions", "inquiries", "complaints", "contacts", "outbox_messages",
                        "social_messages")}
    db.close()
    second = run_cli(["demo"], data).stdout.decode()
    return {"data": data, "first": first, "second": second, "counts": counts}


def query(demo, sql, *args):
    with sqlite3.connect(demo["data"] / "lamasat.sqlite") as db:
        return db.execute(sql, args).fetchall()


def months_back(n):
    """'yyyy-mm' of this month and the n-1 months before it, in Riyadh."""
    today = datetime.datetime.now(RIYADH)
    year, month, out = today.year, today.month, []
    for _ in range(n):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out


def month_of(seconds):
    return datetime.datetime.fromtimestamp(seconds, RIYADH).strftime("%Y-%m")


def test_demo_activity_has_every_status_every_channel_and_each_of_18_months(demo):
    assert {row[0] for row in query(demo, "select distinct status from support_requests")} == STATUSES
    assert {row[0] for row in query(demo, "select distinct channel from contacts")} == CHANNELS
    assert {row[0] for row in query(demo, "select distinct channel from support_requests")} == CHANNELS
    months = set(months_back(18))
    for table, column in (("support_requests", "created_at"), ("contacts", "at"), ("inquiries", "created_at"), ("complaints", "created_at")):
        seen = {month_of(row[0]) for row in query(demo, f"select {column} from {table}")}
        assert months <= seen, f"{table}: no activity in {sorted(months - seen)}"
    # What follows a submission (messages, decisions) fills every month before this one, which may have just begun.
    earlier = set(months_back(18)[1:])
    for table, column in (("outbox_messages", "created_at"), ("request_decisions", "decided_at"), ("service_deliveries", "recorded_at")):
        seen = {month_of(row[0]) for row in query(demo, f"select {column} from {table}")}
        assert earlier - {months_back(18)[-1]} <= seen, f"{table}: nothing in {sorted(earlier - seen)}"


def test_demo_activity_is_added_once(demo):
    assert "added once" in demo["second"]
    with sqlite3.connect(demo["data"] / "lamasat.sqlite") as db:
        for table, count in demo["counts"].items():
            assert db.execute(f"select count(*) from {table}").fetchone()[0] == count, table
    assert demo["counts"]["support_requests"] > 400


def test_demo_social_inbox_holds_each_outcome_some_waiting_and_one_dismissed(demo):
    rows = query(demo, "select status, outcome_kind, outcome_id from social_messages")
    assert {kind for status, kind, _ in rows if status == "handled"} == {"contact", "inquiry", "complaint", "suggestion"}
    assert [status for status, _, _ in rows].count("dismissed") == 1
    assert [status for status, _, _ in rows].count("new") >= 2
    # What each became is on the social-media channel, like a case typed by staff.
    for table in ("inquiries", "complaints", "contacts"):
        ids = {row[2] for row in rows if row[2]}
        channels = {row[0] for row in query(demo, f"select channel, id from {table}") if row[1] in ids}
        assert channels == {"socialMedia"}, table


def test_demo_online_registrations_wait_are_matched_and_one_is_a_known_id(demo):
    rows = query(demo, """select o.status, b.status, b.created_by = b.id, b.consent_method from online_registrations o
                          join beneficiaries b on b.id = o.beneficiary_id""")
    assert {row[0] for row in rows} == {"submitted", "reviewed"}
    # She registered herself: an applicant whose file is its own author, with her consent given online.
    assert all(row[1:] == ("applicant", 1, "portal") for row in rows)
    known = query(demo, """select o.national_id = b.national_id, o.mobile != b.mobile from online_registrations o
                           join beneficiaries b on b.id = o.existing_beneficiary_id where o.status = 'conflict'""")
    assert known == [(1, 1)]


def test_demo_appeals_wait_are_accepted_and_refused_beside_the_first_decision(demo):
    rows = query(demo, """select a.status, r.status, d.outcome from request_appeals a join support_requests r on r.id = a.request_id
                          join request_decisions d on d.request_id = a.request_id""")
    assert sorted(row[0] for row in rows) == ["accepted", "lodged", "refused"]
    # The first decision stays a rejection; an accepted appeal approves the request.
    assert all(outcome == "rejected" for _, _, outcome in rows)
    assert {status: request for status, request, _ in rows} == {"lodged": "rejected", "accepted": "approved", "refused": "rejected"}


def test_demo_holds_one_merged_file_closed_and_pointing_to_the_file_that_stayed(demo):
    rows = query(demo, """select t.status, t.status_reason, s.status, s.file_sequence from file_merges m
                          join beneficiaries t on t.id = m.merged_id join beneficiaries s on s.id = m.survivor_id""")
    assert len(rows) == 1
    tombstone_status, reason, survivor_status, survivor_number = rows[0]
    assert tombstone_status == "closed" and survivor_status != "closed" and str(survivor_number) in reason


def test_demo_retention_has_an_applied_batch_with_anonymised_files_and_one_waiting(demo):
    batches = query(demo, "select number, status from retention_batches order by number")
    assert batches == [(1, "applied"), (2, "proposed")]
    items = dict(query(demo, """select i.status, count(*) from retention_items i join retention_batches b on b.id = i.batch_id
                                where b.number = 1 group by i.status"""))
    assert items["anonymised"] >= 5 and items["kept"] == 1, items
    anonymised = query(demo, "select national_id, mobile, name_first, status from beneficiaries where anonymised_at is not null")
    assert len(anonymised) == items["anonymised"]
    assert all(row[0].startswith("anonymised-") and row[1] == "" and row[2] == "ملف" and row[3] == "closed" for row in anonymised)
    assert query(demo, "select count(*) from retention_items i join retention_batches b on b.id = i.batch_id where b.number = 2")[0][0] == 3


def test_demo_requests_hold_the_records_the_workflow_writes(demo):
    # Every request's last transition leads to its status, and its first is its creation.
    last = query(demo, """select r.status, t.to_status from support_requests r join request_transitions t on t.request_id = r.id
                          where t.at = (select max(at) from request_transitions where request_id = r.id)""")
    assert last and all(status == to for status, to in last)
    assert query(demo, "select count(*) from support_requests r where not exists (select 1 from request_transitions t where t.request_id = r.id and t.action = 'create')")[0][0] == 0
    # Submitted ones have a tracking number, each once, and an expected decision date at least 14 days on.
    assert query(demo, "select count(*) from support_requests where status <> 'draft' and (tracking_number is null or expected_decision_at < submitted_at + 14 * 86400 - 1)")[0][0] == 0
    assert query(demo, "select count(distinct tracking_number) = count(tracking_number) from support_requests")[0][0] == 1
    # Decisions: approvals with amounts, rejections with a catalog reason, each on a meeting with the members' votes.
    assert query(demo, "select count(*) from request_decisions where outcome = 'approved' and approved_amount > 0")[0][0] > 0
    assert query(demo, "select count(*) from request_decisions where outcome = 'rejected' and reason_id is null")[0][0] == 0
    assert query(demo, "select count(*) from request_decisions d where (select count(*) from committee_votes v where v.request_id = d.request_id and v.meeting_id = d.meeting_id) < 3")[0][0] == 0
    assert query(demo, "select count(*) from research_reports")[0][0] >= query(demo, "select count(*) from request_decisions")[0][0]
    # Deliveries at the office and at her place, in cash and in kind; returned and withdrawn ones carry their reason.
    places = {row[0] for row in query(demo, "select distinct place from service_deliveries")}
    assert {"office", "herLocation"} <= places
    assert query(demo, "select count(*) from service_deliveries where amount > 0")[0][0] > 0
    assert query(demo, "select count(*) from service_deliveries where amount = 0 and quantity > 0")[0][0] > 0
    # (The files the retention schedule anonymised keep no texts.)
    assert query(demo, """select count(*) from request_transitions where action in ('returnToApplicant', 'withdraw', 'reject') and note = ''
                          and request_id not in (select r.id from support_requests r join beneficiaries b on b.id = r.beneficiary_id
                                                 where b.anonymised_at is not null)""")[0][0] == 0
    # Cases and messages: answered late, closed, past target; sent and failed.
    assert query(demo, "select count(*) from inquiries where first_response_at > due_at")[0][0] > 0
    assert {row[0] for row in query(demo, "select distinct status from inquiries")} >= {"new", "answered", "closed"}
    assert query(demo, "select count(*) from complaints where status = 'closed' and acknowledgement <> ''")[0][0] > 0
    assert {row[0] for row in query(demo, "select distinct status from outbox_messages")} == {"sent", "failed", "delivered", "read"}
    # Replies that came in (issue 16): routed once each, however often the demo is loaded.
    results = {row[0] for row in query(demo, "select result_type from inbound_messages")}
    assert "inquiry" in results and results <= {"caseReply", "contact", "inquiry"}
    assert query(demo, "select count(*) from inbound_messages")[0][0] == 4
    # The story leaves the audit trail intact.
    assert "intact" in run_cli(["audit", "verify"], demo["data"]).stdout.decode()


def last_full_quarter():
    """The token of the quarter before this one in Riyadh, as the board pack writes it: '2026-Q3'."""
    today = datetime.datetime.now(RIYADH)
    quarter = (today.month - 1) // 3 + 1
    return f"{today.year}-Q{quarter - 1}" if quarter > 1 else f"{today.year - 1}-Q4"


def test_demo_keeps_one_board_pack_of_the_last_full_quarter_by_the_demo_manager(demo):
    # The fixture ran the demo twice: one pack, for head office (the manager's reach), by demo.manager, audited as hers.
    packs = query(demo, """select p.period_token, b.code, u.username, length(p.html), p.id from board_packs p
                           join staff_users u on u.id = p.created_by left join branches b on b.id = p.branch_id""")
    assert [row[:3] for row in packs] == [(last_full_quarter(), "HQ", "demo.manager")], packs
    assert packs[0][3] > 10_000, "a rendered page with its styles and charts"
    assert "Board pack kept for" in demo["first"] and "Board pack kept" not in demo["second"]
    pack_id = packs[0][4]
    pack_id = str(uuid.UUID(bytes=pack_id)) if isinstance(pack_id, bytes) else pack_id
    audited = query(demo, "select actor_name, record_id from audit_entries where action = 'boardPack.generated'")
    assert [(name, record.upper()) for name, record in audited] == [("demo.manager", pack_id.upper())]


COCKPITS = [("demo.manager", "leadership"), ("demo.officer", "casework"), ("demo.rep.jed", "casework"), ("demo.researcher", "research"),
            ("demo.committee", "committee"), ("demo.service", "delivery"), ("demo.volunteers", "volunteers"), ("demo.admin", "system")]


def test_each_demo_role_sees_its_cockpit_at_desktop_and_phone_width(demo, browser):
    hq = query(demo, "select id from branches where code = 'HQ'")[0][0]
    awaiting = ("submitted", "verification", "returnedToApplicant", "awaitingDeclaration", "socialResearch", "committeeReview")
    open_hq = query(demo, f"select count(*) from support_requests where branch_id = ? and status in ({','.join('?' * len(awaiting))})", hq, *awaiting)[0][0]
    with serving(demo["data"]) as base:
        for username, cockpit in COCKPITS:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            sign_in(page, base, username, PASSWORD)
            page.goto(base + "/")
            assert page.locator(f"[data-cockpit='{cockpit}']").count() == 1, username
            assert page.locator("[data-tile='auditChain']").count() == (1 if cockpit == "system" else 0), username
            if cockpit == "leadership":
                # demo.manager reaches head office only: the tile counts its requests, and its trend has six months of bars.
                assert page.locator("[data-tile='openRequests'] [data-figure]").inner_text().strip() == str(open_hq)
                assert page.locator("[data-tile='openRequests'] svg rect").count() == 6
            screenshot(page, f"home-{cockpit}-{username}-desktop")
            page.set_viewport_size({"width": 390, "height": 844})
            page.reload()
            screenshot(page, f"home-{cockpit}-{username}-phone")
            context.close()
