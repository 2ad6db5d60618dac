#!/usr/bin/env python3
"""Print one line "N passed, N failed" from a meson testlog.json.

Extra files of TAP lines ("ok NAME", "not ok NAME"), such as the results
of the fuzz targets, are added to the count.

Test programs that speak TAP count once per test case ("ok", "not ok");
other tests, such as the data-file validators, count once each. A TAP
program that crashed before reporting a failing case counts as one failure.
"""

import json
import re
import sys

TAP_LINE = re.compile(r"^(not ok|ok)\b(.*)$")
FAILED_RESULTS = {"FAIL", "TIMEOUT", "ERROR", "UNEXPECTEDPASS", "INTERRUPT"}


def count(path):
    passed = failed = skipped = 0
    with open(path, encoding="utf-8") as log:
        for line in log:
            test = json.loads(line)
            cases = [TAP_LINE.match(out) for out in test.get("stdout", "").splitlines()]
            cases = [case for case in cases if case]
            case_failures = 0
            for case in cases:
                if "# SKIP" in case.group(2).upper():
                    skipped += 1
                elif case.group(1) == "ok" or "# TODO" in case.group(2).upper():
                    passed += 1
                else:
                    failed += 1
                    case_failures += 1
            if not cases:
                if test["result"] in FAILED_RESULTS:
                    failed += 1
                elif test["result"] == "SKIP":
                    skipped += 1
                else:
                    passed += 1
            elif test["result"] in FAILED_RESULTS and case_failures == 0:
                failed += 1
    return passed, failed, skipped


def count_tap_file(path):
    passed = failed = 0
    with open(path, encoding="utf-8") as tap:
        for line in tap:
            case = TAP_LINE.match(line)
            if case and case.group(1) == "ok":
                passed += 1
            elif case:
                failed += 1
    return passed, failed


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: count-test-results.py TESTLOG_JSON [TAP_FILE...]")
    passed, failed, skipped = count(sys.argv[1])
    for path in sys.argv[2:]:
        extra_passed, extra_failed = count_tap_file(path)
        passed += extra_passed
        failed += extra_failed
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)


if __name__ == "__main__":
    main()
