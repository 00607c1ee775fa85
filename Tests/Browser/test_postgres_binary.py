"""The same binary on PostgreSQL: DATABASE_URL selects it, migrations run, the server serves, backup prints pg_dump.

scripts/test-all starts a throwaway cluster and passes its URL as LAMASAT_TEST_POSTGRES_URL.
"""
import os
import subprocess
import urllib.parse
import urllib.request

import pytest

from conftest import fresh_database_url, launch, run_cli, stop, wait_for_line, wait_healthy


@pytest.fixture(scope="module")
def database_url():
    base = os.environ.get("LAMASAT_TEST_POSTGRES_URL")
    assert base, "run through scripts/test-all, which starts PostgreSQL and sets LAMASAT_TEST_POSTGRES_URL"
    return fresh_database_url(base, "lamasat_binary")


def test_server_runs_on_postgres_and_prints_the_setup_link(database_url, tmp_path):
    process, base = launch(tmp_path, {"DATABASE_URL": database_url}, stdout=subprocess.PIPE)
    try:
        link = wait_for_line(process, "/setup/")
        assert link, "the first start prints the one-time set-up link"
        wait_healthy(base, process)
        with urllib.request.urlopen(base + "/signin", timeout=30) as response:
            html = response.read().decode()
        assert '<html lang="ar" dir="rtl">' in html
        with urllib.request.urlopen(link, timeout=30) as response:
            assert response.status == 200
    finally:
        stop(process)
    assert not (tmp_path / "lamasat.sqlite").exists(), "no SQLite file is made when PostgreSQL is chosen"


def test_backup_on_postgres_prints_the_pg_dump_line_without_the_password(database_url, tmp_path):
    parts = urllib.parse.urlsplit(database_url)
    with_password = parts._replace(netloc=f"postgres:topsecret@{parts.hostname}:{parts.port}").geturl()
    result = run_cli(["backup"], tmp_path, extra_env={"DATABASE_URL": with_password})
    out = result.stdout.decode()
    assert "pg_dump --format=custom" in out
    assert "pg_restore" in out
    assert "topsecret" not in out
