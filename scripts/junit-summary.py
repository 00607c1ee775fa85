#!/usr/bin/env python3
"""Adds up the JUnit XML files of every test stage and prints one closing line: 'N passed, N failed'.

A stage that exited non-zero without a failing test case in its XML (a crash, a build error) counts as one
failure, so a broken stage can never look green. Exit status 1 when anything failed or nothing ran.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

folder = pathlib.Path(sys.argv[1])
passed = failed = skipped = 0
for stage in sorted(p.stem for p in folder.glob("*.stage")):
    stage_failed = stage_passed = 0
    for xml in folder.glob(f"{stage}*.xml"):
        for case in ET.parse(xml).iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                stage_failed += 1
                print(f"  FAILED [{stage}] {case.get('classname')}.{case.get('name')}")
            elif case.find("skipped") is not None:
                skipped += 1
            else:
                stage_passed += 1
    exit_code = (folder / f"{stage}.stage").read_text().strip()
    if exit_code != "0" and stage_failed == 0:
        stage_failed = 1
        print(f"  FAILED [{stage}] the stage exited with status {exit_code}")
    print(f"{stage}: {stage_passed} passed, {stage_failed} failed")
    passed += stage_passed
    failed += stage_failed
if passed + failed == 0:
    failed = 1
    print("  FAILED no test ran")
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed else 0)
