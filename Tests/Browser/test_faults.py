"""Nothing lost (issue 21), short versions of Benchmarks/faults-benchmark.py: writers at once while the server is
killed with SIGKILL and started again, a backup taken while they write and restored elsewhere, `lamasat restore`'s
refusals, and a disk that fills up or a PostgreSQL that goes away and comes back while the server runs.

SQLite always; PostgreSQL when LAMASAT_TEST_POSTGRES_URL is set (scripts/test-all sets it)."""
import os
import pathlib
import resource
import shutil
import subprocess
import tempfile
import time

import pytest

import fault_load as F

POSTGRES = os.environ.get("LAMASAT_TEST_POSTGRES_URL")
ROOT = pathlib.Path(__file__).resolve().parents[2]


def folder(prefix):
    return pathlib.Path(tempfile.mkdtemp(prefix=f"lamasat-{prefix}-"))


def assert_nothing_lost(result):
    assert result["acknowledged"] > 50, f"too few writes acknowledged to tell anything: {result}"
    assert result["lost"] == [], f"acknowledged but not in the database: {result['lost'][:10]}"
    assert result["half"] == [], f"half-written: {result['half'][:10]}"
    assert result["audit"], "the audit chain verifies after the kills"
    assert result["drained"], "every queued SMS was sent after the last restart"
    assert result["shared"] == [], "one outbox row per idempotency key"
    assert result["unsent"] == [], "each acknowledged submission's SMS reached the gateway"
    # A message sent at the instant of a kill, before it was marked sent, goes again with the same key (the gateway
    # keeps one): at most the few in flight at each kill.
    assert sum(n - 1 for n in result["repeated"].values()) <= 5 * result["kills"], result["repeated"]


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_every_acknowledged_write_survives_kill_9_under_load(database):
    if database == "postgresql" and not POSTGRES:
        pytest.skip("LAMASAT_TEST_POSTGRES_URL is not set")
    url = F.fresh_postgres(POSTGRES, "lamasat_faults_kill") if database == "postgresql" else None
    run = F.Run(folder("kill"), url, staff=3, files=8, seed=21)
    try:
        result = F.kill_run(run, writers=40, kills=3)
    finally:
        run.close()
    assert_nothing_lost(result)


def test_a_backup_taken_while_writing_restores_every_write_acknowledged_before_it():
    run = F.Run(folder("backup"), staff=2, files=6, seed=7)
    target = folder("restored")
    try:
        load = run.load(writers=30)
        try:
            load.wait_for_acknowledgements(40)
            began = time.monotonic()
            backup = run.data_dir / "backups" / "during-load.sqlite"
            F.cli(["backup", "--output", str(backup)], run.env)
            load.wait_for_acknowledgements(20)
        finally:
            load.stop()
    finally:
        run.close()
    # The copy needs the original server's secret to verify its audit chain; the restore says so when it is missing.
    restored = F.cli(["restore", str(backup)], F.environment(target))
    assert b"server-secret is missing" in restored.stdout
    shutil.copy(run.data_dir / "server-secret", target / "server-secret")
    server = F.Server(F.environment(target), F.free_port(), target / "server.log")
    server.start()  # opens and migrates the copy
    server.stop()
    assert F.audit_verifies(F.environment(target))
    result = F.check(F.Database(target), load, acknowledged_before=began)
    assert result["acknowledged"] > 20
    assert result["lost"] == [] and result["half"] == [], result


def test_restore_refuses_a_running_server_an_existing_database_and_what_is_not_a_lamasat_database():
    data = folder("restore")
    env = F.environment(data)
    F.cli(["user", "--username", "restore.admin", "--name", "هيفاء سليمان العتيبي", "--role", "branchRep"], env, stdin=F.PASSWORD)
    backup = data / "copy.sqlite"
    F.cli(["backup", "--output", str(backup)], env)
    server = F.Server(env, F.free_port(), data / "server.log")
    server.start()
    try:
        refused = F.cli(["restore", str(backup), "--force"], env, check=False)
    finally:
        server.stop()
    assert refused.returncode == 1 and b"server is using this database" in refused.stderr
    refused = F.cli(["restore", str(backup)], env, check=False)
    assert refused.returncode == 1 and b"add --force" in refused.stderr
    not_sqlite = data / "notes.txt"
    not_sqlite.write_text("ليست قاعدة بيانات" * 100)
    refused = F.cli(["restore", str(not_sqlite), "--force"], env, check=False)
    assert refused.returncode == 1 and b"not an SQLite database" in refused.stderr
    other = data / "other.sqlite"
    subprocess.run(["python3", "-c", f"import sqlite3; sqlite3.connect('{other}').execute('CREATE TABLE t (x)')"], check=True)
    refused = F.cli(["restore", str(other), "--force"], env, check=False)
    assert refused.returncode == 1 and b"not a Lamasat database" in refused.stderr
    # With --force the database it replaces is kept beside it, and the restored one serves.
    done = F.cli(["restore", str(backup), "--force"], env)
    assert b"kept as" in done.stdout
    assert list(data.glob("lamasat.sqlite.before-restore-*")), "the replaced database is kept"
    assert F.cli(["audit", "verify"], env).returncode == 0


def post_contact(client, file, subject):
    return client.form(f"/contacts?beneficiary={file}", {"channel": "phone", "direction": "incoming", "subject": subject,
                                                         "notes": "", "duration": "3", "outcome": "answered"})


def wait_health(base, expected, timeout=30.0):
    """Polls /healthz until it answers `expected`, or the deadline; returns the last status."""
    deadline = time.monotonic() + timeout
    code = F.status(base, "/healthz")
    while code != expected and time.monotonic() < deadline:
        time.sleep(0.1)
        code = F.status(base, "/healthz")
    return code


def assert_cannot_save_then_recovers(run, make_unavailable, make_available):
    client, file = run.clients[0], run.files[0]
    assert post_contact(client, file, "before the fault")[0] == 303
    make_unavailable()
    try:
        code, headers, page = post_contact(client, file, "during the fault")
        assert code == 503, code
        assert "تعذّر الحفظ الآن" in page.decode() and headers.get("retry-after")
        assert wait_health(run.server.base, 503) == 503, "/healthz says the database cannot save"
    finally:
        make_available()
    assert wait_health(run.server.base, 200) == 200, "/healthz recovers without a restart"
    assert post_contact(client, file, "after the fault")[0] == 303
    subjects = [row[0] for row in run.db.rows("SELECT subject FROM contacts")]
    assert sorted(subjects) == ["after the fault", "before the fault"], "nothing of the refused write was kept"


def test_a_full_disk_refuses_writes_with_a_clear_page_and_the_server_recovers_when_space_returns():
    run = F.Run(folder("full"), staff=1, files=1)
    pid = run.server.process.pid
    # RLIMIT_FSIZE on the running server: every write past the first KiB of any file fails (EFBIG, as a full disk's
    # ENOSPC does), without root or a small file system. Only the soft limit moves, so it can be raised again.
    try:
        assert_cannot_save_then_recovers(
            run, lambda: resource.prlimit(pid, resource.RLIMIT_FSIZE, (1024, resource.RLIM_INFINITY)),
            lambda: resource.prlimit(pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY)))
    finally:
        run.close()
    assert F.audit_verifies(run.env)


def test_postgresql_going_away_refuses_writes_and_the_server_recovers_when_it_returns():
    if not POSTGRES:
        pytest.skip("LAMASAT_TEST_POSTGRES_URL is not set")
    cluster = folder("pg-halt")
    script = ROOT / "scripts" / "postgres-throwaway"
    url = subprocess.run([str(script), "start", str(cluster)], capture_output=True, check=True, timeout=120).stdout.decode().strip()
    try:
        run = F.Run(folder("pg-unavailable"), url, staff=1, files=1)
        try:
            assert_cannot_save_then_recovers(
                run, lambda: subprocess.run([str(script), "halt", str(cluster)], check=True, timeout=60),
                lambda: subprocess.run([str(script), "resume", str(cluster)], check=True, timeout=60))
        finally:
            run.close()
        assert F.audit_verifies(run.env)
    finally:
        subprocess.run([str(script), "stop", str(cluster)], timeout=60)
