"""The lamasat executable's commands, run as an operator would."""
import pathlib
import sqlite3
import subprocess
import tempfile

from conftest import launch, run_cli, stop, wait_for_line


def fresh_dir() -> pathlib.Path:
    return pathlib.Path(tempfile.mkdtemp(prefix="lamasat-cli-"))


def test_bad_configuration_stops_the_start_with_a_clear_message():
    result = run_cli(["user", "--username", "x"], fresh_dir(), extra_env={"LAMASAT_PORT": "eighty"}, check=False)
    assert result.returncode == 78
    assert "LAMASAT_PORT" in result.stderr.decode()


def test_user_command_creates_and_updates_from_standard_input():
    data = fresh_dir()
    created = run_cli(["user", "--username", "Noura", "--name", "نورة", "--role", "manager"], data, stdin="نورة كلمة مرور طويلة\n")
    assert "Created staff account 'noura'" in created.stdout.decode()
    updated = run_cli(["user", "--username", "noura", "--role", "researcher"], data, stdin="")
    assert "Updated" in updated.stdout.decode()
    rows = sqlite3.connect(data / "lamasat.sqlite").execute("select role, password_hash from staff_users").fetchall()
    assert rows[0][0] == "researcher"
    assert rows[0][1].startswith("$2b$12$"), "production cost 12"
    bad_role = run_cli(["user", "--username", "sara", "--name", "سارة", "--role", "king"], data, stdin="long enough password", check=False)
    assert bad_role.returncode != 0
    assert "--role" in bad_role.stderr.decode()
    short = run_cli(["user", "--username", "sara", "--name", "سارة", "--role", "manager"], data, stdin="short", check=False)
    assert short.returncode != 0
    assert "tooShort" in short.stderr.decode()


def test_demo_data_is_idempotent_generates_a_password_once_and_is_refused_in_production():
    data = fresh_dir()
    first = run_cli(["demo"], data).stdout.decode()
    assert "Password of the new demo users (shown once)" in first
    second = run_cli(["demo"], data).stdout.decode()
    assert "shown once" not in second
    db = sqlite3.connect(data / "lamasat.sqlite")
    # One user per role, three committee members so that a meeting can reach a quorum, and two finance officers so
    # that one prepares a payment batch and the other approves it.
    assert db.execute("select count(*) from staff_users where is_integration = 0").fetchone()[0] == 14
    # And the accounts of the demo's two API tokens (the association's website, and a revoked one): they cannot sign in.
    assert db.execute("select count(*) from staff_users where is_integration = 1").fetchone()[0] == 2
    assert db.execute("select count(*) from staff_users where role = 'financeOfficer'").fetchone()[0] == 2
    assert db.execute("select count(*) from staff_users where role = 'committeeMember'").fetchone()[0] == 3
    assert db.execute("select count(*) from branches").fetchone()[0] == 4
    roles = {row[0] for row in db.execute("select role from staff_users where is_integration = 0")}
    assert len(roles) == 10
    # About 200 invented files in every status, each ID with a valid check digit, never twice; besides them, the
    # tombstone of the demo's one merged duplicate (issue 20).
    assert db.execute("select count(*) from beneficiaries where id not in (select merged_id from file_merges)").fetchone()[0] == 200
    assert db.execute("select count(*) from file_merges").fetchone()[0] == 1
    assert {row[0] for row in db.execute("select status from beneficiaries")} == {"applicant", "registered", "suspended", "closed"}
    assert db.execute("select count(*) from family_members").fetchone()[0] > 200
    assert db.execute("select count(*) from documents").fetchone()[0] > 200

    def luhn_ok(digits):
        total = 0
        for i, c in enumerate(reversed(digits)):
            d = int(c)
            if i % 2 == 1:
                d = d * 2 - 9 if d * 2 > 9 else d * 2
            total += d
        return total % 10 == 0

    assert all(luhn_ok(row[0]) and row[0][0] in "12" for row in db.execute("select national_id from beneficiaries where anonymised_at is null"))
    # The files the demo's retention batch anonymised keep no ID (issue 20).
    anonymised = db.execute("select national_id, file_sequence from beneficiaries where anonymised_at is not null").fetchall()
    assert anonymised and all(national_id == f"anonymised-{sequence}" for national_id, sequence in anonymised)
    refused = run_cli(["demo"], fresh_dir(), extra_env={"LAMASAT_ENV": "production", "LAMASAT_SECURE_COOKIES": "false"}, check=False)
    assert refused.returncode != 0
    assert "production" in refused.stderr.decode()


def test_backup_is_a_consistent_copy_that_opens():
    data = fresh_dir()
    run_cli(["demo", "--password-stdin"], data, stdin="demo password 2026")
    target = data / "copy.sqlite"
    result = run_cli(["backup", "--output", str(target)], data)
    assert "Backup written" in result.stdout.decode()
    copy = sqlite3.connect(target)
    assert copy.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert copy.execute("select count(*) from staff_users where is_integration = 0").fetchone()[0] == 14
    again = run_cli(["backup", "--output", str(target)], data, check=False)
    assert again.returncode != 0, "an existing file is never overwritten"


def test_first_start_prints_a_one_time_setup_link_and_uses_wal():
    data = fresh_dir()
    process, base = launch(data, stdout=subprocess.PIPE)
    try:
        link = wait_for_line(process, base + "/setup/")
    finally:
        stop(process)
    assert link and len(link.rsplit("/", 1)[1]) >= 40
    db = sqlite3.connect(data / "lamasat.sqlite")
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_audit_verify_and_anchor_report_the_chain_and_name_the_first_broken_entry():
    data = fresh_dir()
    run_cli(["user", "--username", "noura", "--name", "نورة", "--role", "manager"], data, stdin="نورة كلمة مرور طويلة\n")
    verified = run_cli(["audit", "verify"], data).stdout.decode()
    assert "audit trail intact:" in verified
    anchor = run_cli(["audit", "anchor"], data).stdout.decode()
    db = sqlite3.connect(data / "lamasat.sqlite")
    sequence, head = db.execute("select last_sequence, last_hash from audit_chain_head").fetchone()
    assert f"sequence={sequence} hash={head}" in anchor and head.startswith("k"), "the head is keyed and printed whole"
    # Someone with the database file only: another key does not verify the chain.
    other_key = run_cli(["audit", "verify"], data, extra_env={"LAMASAT_AUDIT_KEY": "x" * 40}, check=False)
    assert other_key.returncode == 1 and "broken at entry 1" in other_key.stderr.decode()
    # A row changed behind the triggers' back is named.
    db.execute("drop trigger audit_entries_no_update")
    db.execute("update audit_entries set detail = 'changed' where sequence = 1")
    db.commit()
    db.close()
    broken = run_cli(["audit", "verify"], data, check=False)
    assert broken.returncode == 1 and "broken at entry 1" in broken.stderr.decode()
    assert run_cli(["audit", "shred"], data, check=False).returncode == 1


def test_counts_check_finds_kept_counts_that_drifted_from_the_records_and_rebuild_repairs_them():
    data = fresh_dir()
    run_cli(["demo"], data)
    assert "request counts match the records" in run_cli(["counts", "check"], data).stdout.decode()
    # A request's status changed behind the application's back: its kept counts no longer agree.
    db = sqlite3.connect(data / "lamasat.sqlite")
    db.execute("update support_requests set status = 'withdrawn' "
               "where id = (select id from support_requests where status = 'submitted' limit 1)")
    db.commit()
    drifted = run_cli(["counts", "check"], data, check=False)
    assert drifted.returncode == 1 and "differ from the records in 4 rows" in drifted.stderr.decode()
    assert "rebuilt" in run_cli(["counts", "rebuild"], data).stdout.decode()
    assert "request counts match the records" in run_cli(["counts", "check"], data).stdout.decode()
    actions = [row[0] for row in db.execute("select action from audit_entries where action like 'counts.%' order by sequence")]
    assert actions == ["counts.checked", "counts.checked", "counts.rebuilt", "counts.checked"]
    assert run_cli(["counts", "shred"], data, check=False).returncode == 1
