"""Run pytest, treating "no tests collected" (exit 5) as a failure with a clear message."""

import sys

import pytest

code = pytest.main(sys.argv[1:])
if code == pytest.ExitCode.NO_TESTS_COLLECTED:
    print("pytest collected no tests: the suite is empty or mis-configured", file=sys.stderr)
    sys.exit(1)
sys.exit(int(code))
