"""The layer rules of ARCHITECTURE.md, checked on the sources: Platform names no feature, the file page names no
other feature, and no new cycle between features appears (scripts/feature-graph)."""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_layers_hold():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "feature-graph"), "--check"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_check_catches_a_platform_file_that_names_a_feature(tmp_path):
    # A copy of the sources with one Platform file naming a feature's type must fail the check.
    import shutil
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "Sources", copy / "Sources")
    shutil.copytree(ROOT / "scripts", copy / "scripts")
    (copy / "Sources" / "LamasatServer" / "Platform" / "Leak.swift").write_text("let leak = SupportRequest.self\n")
    result = subprocess.run([sys.executable, str(copy / "scripts" / "feature-graph"), "--check"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Platform names a feature: Platform/Leak.swift → SupportRequest" in result.stderr
