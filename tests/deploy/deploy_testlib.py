"""Shared helpers of the tests of deploy/ (run by ctest, label `deploy`).

Every test script ends with `deploy_testlib.main()`: it runs the script's
tests (or only the TestCase classes named on the command line) and exits 0
when they pass, 1 when one fails, and 77 (ctest's SKIP_RETURN_CODE) when
every test was skipped, printing why.
"""

import pathlib
import re
import sys
import unittest

try:
    import tomllib  # Python 3.11+
except ImportError:  # pragma: no cover - Debian 12 has Python 3.11
    tomllib = None

REPO = pathlib.Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
MAIN_CC = REPO / "server" / "main.cc"
TOML = DEPLOY / "eventgraphd.toml"
UNIT = DEPLOY / "eventgraphd.service"
DOCKERFILE = DEPLOY / "Dockerfile"
KUBERNETES = DEPLOY / "kubernetes" / "eventgraph.yaml"

SKIP = 77


def server_flags():
    """The long flags eventgraphd accepts, read from server/main.cc
    (without --config, which names the file itself)."""
    text = MAIN_CC.read_text(encoding="utf-8")
    flags = re.findall(r'add_(?:option|flag)\(\s*"--([a-z0-9-]+)"', text)
    if not flags:
        raise AssertionError("no add_option/add_flag found in server/main.cc")
    return flags


def load_toml(text):
    if tomllib is None:
        raise unittest.SkipTest("tomllib needs Python 3.11 or later")
    return tomllib.loads(text)


def main():
    module = sys.modules["__main__"]
    loader = unittest.TestLoader()
    names = sys.argv[1:]
    if names:
        suite = loader.loadTestsFromNames(names, module)
    else:
        suite = loader.loadTestsFromModule(module)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    if not result.wasSuccessful():
        sys.exit(1)
    if result.testsRun == 0:
        print("no test ran")
        sys.exit(1)
    if len(result.skipped) == result.testsRun:
        for test, reason in result.skipped:
            print(f"SKIPPED {test.id()}: {reason}")
        sys.exit(SKIP)
    for test, reason in result.skipped:
        print(f"skipped {test.id()}: {reason}")
    sys.exit(0)
