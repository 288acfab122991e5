#!/usr/bin/env python3
"""Checks deploy/eventgraphd.service: the hardening options the issue asks
for, its consistency with deploy/eventgraphd.toml, `systemd-analyze verify`,
`systemd-analyze security --offline`, and (under strace) that the server
makes no system call its SystemCallFilter= forbids.

systemd need not be running (verify and offline security only read files);
the tests that need systemd-analyze are skipped when it is missing or cannot
verify even a trivial unit here.
"""

import os
import pathlib
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

import deploy_testlib as lib

EXEC_START = ("/usr/local/bin/eventgraphd --config "
              "/etc/eventgraph/eventgraphd.toml")


def parse_unit(text):
    """{section: {key: [values in order]}}; continuation lines joined."""
    sections = {}
    current = None
    logical = []
    for line in text.splitlines():
        if logical and logical[-1].endswith("\\"):
            logical[-1] = logical[-1][:-1] + " " + line.strip()
        else:
            logical.append(line)
    for raw in logical:
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        if current is None or "=" not in line:
            raise AssertionError(f"unexpected line in the unit: {raw!r}")
        key, value = line.split("=", 1)
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def seconds(value):
    """A systemd time span ("30", "30s", "1min 30s", "2min") in seconds."""
    units = {"": 1, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600,
             "ms": 0.001}
    total = 0.0
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([a-z]*)", value)
    if not parts:
        raise AssertionError(f"cannot read the time span {value!r}")
    for number, unit in parts:
        if unit not in units:
            raise AssertionError(f"unknown time unit in {value!r}")
        total += float(number) * units[unit]
    return total


def systemd_analyze():
    path = shutil.which("systemd-analyze")
    if path is None:
        raise unittest.SkipTest(
            "systemd-analyze not found (Debian package `systemd`)")
    return path


class UnitContentTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.unit = parse_unit(lib.UNIT.read_text(encoding="utf-8"))
        cls.service = cls.unit.get("Service", {})

    def one(self, key):
        values = self.service.get(key)
        self.assertTrue(values, f"[Service] has no {key}=")
        return values[-1]

    def test_sections(self):
        self.assertIn("Unit", self.unit)
        self.assertIn("Service", self.unit)
        self.assertEqual(self.unit.get("Install", {}).get("WantedBy"),
                         ["multi-user.target"])

    def test_exec_start(self):
        self.assertEqual(self.service.get("ExecStart"), [EXEC_START])

    def test_unprivileged_user(self):
        dynamic = self.service.get("DynamicUser", ["no"])[-1] == "yes"
        user = self.service.get("User", [""])[-1]
        self.assertTrue(dynamic or user == "eventgraph",
                        "needs DynamicUser=yes or User=eventgraph")
        self.assertNotIn(user, ("root", "0"))

    def test_hardening_options(self):
        expected = {
            "StateDirectory": "eventgraph",
            "ProtectSystem": "strict",
            "ProtectHome": "yes",
            "PrivateTmp": "yes",
            "PrivateDevices": "yes",
            "NoNewPrivileges": "yes",
            "CapabilityBoundingSet": "",
            "MemoryDenyWriteExecute": "yes",
            "LockPersonality": "yes",
            "RestrictNamespaces": "yes",
            "ProtectKernelTunables": "yes",
            "ProtectKernelModules": "yes",
            "ProtectKernelLogs": "yes",
            "ProtectControlGroups": "yes",
            "RestrictRealtime": "yes",
            "Restart": "on-failure",
            "KillSignal": "SIGTERM",
        }
        for key, value in expected.items():
            with self.subTest(key=key):
                self.assertEqual(self.one(key), value)

    def test_address_families(self):
        families = " ".join(self.service.get("RestrictAddressFamilies", []))
        self.assertEqual(sorted(families.split()),
                         ["AF_INET", "AF_INET6", "AF_UNIX"])

    def test_system_call_filter(self):
        filters = self.service.get("SystemCallFilter", [])
        self.assertIn("@system-service", filters)
        for value in filters:
            # a deny list must not take back what the server needs to run
            self.assertNotIn("@network-io", value)
            self.assertNotIn("@file-system", value)

    def test_open_files_limit(self):
        self.assertGreaterEqual(int(self.one("LimitNOFILE")), 4096)

    def test_config_matches_unit(self):
        config = lib.load_toml(lib.TOML.read_text(encoding="utf-8"))
        # ExecStart reads the documented example file, whose database is
        # the folder systemd creates for StateDirectory=.
        self.assertIn(" --config /etc/eventgraph/eventgraphd.toml",
                      self.one("ExecStart"))
        self.assertEqual(config["db"],
                         "/var/lib/" + self.one("StateDirectory"))
        self.assertTrue(config["listen"].startswith("127.0.0.1:"),
                        "the packaged config must listen on loopback")

    def test_stop_timeout_above_shutdown_grace(self):
        config = lib.load_toml(lib.TOML.read_text(encoding="utf-8"))
        grace = float(config["shutdown-grace"])
        stop = seconds(self.one("TimeoutStopSec"))
        # calls in flight get `grace` seconds, then the memtables are flushed
        self.assertGreaterEqual(stop, grace + 10,
                                f"TimeoutStopSec={stop}s, shutdown-grace={grace}s")


class SystemdAnalyzeTest(unittest.TestCase):
    """systemd-analyze on a copy of the unit whose ExecStart points at a
    binary that exists here (verify checks that the command is executable):
    the built eventgraphd when ctest passes EVENTGRAPHD, else true(1)."""

    @classmethod
    def setUpClass(cls):
        cls.tool = systemd_analyze()
        cls.tmp = tempfile.TemporaryDirectory(prefix="eventgraph-unit-")
        tmp = pathlib.Path(cls.tmp.name)
        # Can systemd-analyze verify anything in this environment?
        probe = tmp / "eventgraph-probe.service"
        probe.write_text("[Service]\nExecStart=%s\n" % shutil.which("true"))
        run = subprocess.run([cls.tool, "verify", str(probe)],
                             capture_output=True, text=True, timeout=60)
        if run.returncode != 0:
            cls.tmp.cleanup()
            raise unittest.SkipTest(
                "systemd-analyze verify cannot run here: "
                + (run.stderr.strip() or f"exit {run.returncode}"))
        binary = os.environ.get("EVENTGRAPHD", "")
        if not (binary and os.access(binary, os.X_OK)):
            binary = shutil.which("true")
        text = lib.UNIT.read_text(encoding="utf-8")
        replaced = text.replace("ExecStart=/usr/local/bin/eventgraphd ",
                                f"ExecStart={binary} ")
        assert replaced != text
        cls.unit = tmp / "eventgraphd.service"
        cls.unit.write_text(replaced)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_verify(self):
        run = subprocess.run([self.tool, "verify", str(self.unit)],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(run.returncode, 0, run.stderr)
        # Unknown keys and bad values are only warnings: fail on them too.
        ours = [line for line in (run.stdout + run.stderr).splitlines()
                if "eventgraphd.service" in line]
        self.assertEqual(ours, [], "\n".join(ours))

    def test_security_exposure(self):
        run = subprocess.run(
            [self.tool, "security", "--no-pager", "--offline=yes",
             str(self.unit)],
            capture_output=True, text=True, timeout=60)
        if "--offline" in run.stderr and run.returncode != 0:
            self.skipTest("this systemd-analyze has no --offline (systemd < 250)")
        match = re.search(r"Overall exposure level for \S+: ([\d.]+)",
                          run.stdout + run.stderr)
        self.assertIsNotNone(match, run.stdout + run.stderr)
        # 0 is fully locked down, 10 is unprotected; the unit scores 1.4.
        self.assertLessEqual(float(match.group(1)), 2.0, run.stdout)


def expand_syscall_group(tool, group):
    """The system calls of a systemd group such as @system-service."""
    out = subprocess.run([tool, "syscall-filter", "--no-pager", group],
                         capture_output=True, text=True, check=True,
                         timeout=60).stdout
    names = set()
    for line in out.splitlines()[1:]:
        line = line.split("#")[0].strip()
        if line.startswith("@"):
            names |= expand_syscall_group(tool, line)
        elif line:
            names.add(line)
    return names


class SyscallFilterTest(unittest.TestCase):
    """No seccomp here, so strace instead: runs the built server through a
    load, a timeline and a graceful shutdown (with --sync, for the fsync
    path) and checks that every system call it made is one the unit's
    SystemCallFilter= allows. Needs strace, EVENTGRAPHD and EVENTGRAPH_CLI."""

    def test_server_needs_only_allowed_system_calls(self):
        tool = systemd_analyze()
        strace = shutil.which("strace")
        if strace is None:
            self.skipTest("strace not found")
        binary = os.environ.get("EVENTGRAPHD", "")
        cli = os.environ.get("EVENTGRAPH_CLI", "")
        if not (binary and os.access(binary, os.X_OK)
                and cli and os.access(cli, os.X_OK)):
            self.skipTest("EVENTGRAPHD and EVENTGRAPH_CLI not built")
        probe = subprocess.run([strace, "-f", "-o", os.devnull,
                                shutil.which("true")], capture_output=True,
                               text=True, timeout=60)
        if probe.returncode != 0:
            self.skipTest("strace cannot trace here: " + probe.stderr.strip())

        service = parse_unit(lib.UNIT.read_text(encoding="utf-8"))["Service"]
        allowed, denied = set(), set()
        for value in service["SystemCallFilter"]:
            target = denied if value.startswith("~") else allowed
            for item in value.lstrip("~").split():
                if item.startswith("@"):
                    target |= expand_syscall_group(tool, item)
                else:
                    target.add(item)
        allowed -= denied

        with tempfile.TemporaryDirectory(prefix="eventgraph-strace-") as tmp:
            tmp = pathlib.Path(tmp)
            summary = tmp / "syscalls"
            port_file = tmp / "port"
            with open(tmp / "log", "w") as log:
                tracer = subprocess.Popen(
                    [strace, "-f", "-qq", "-c", "-o", str(summary), binary,
                     "--config", str(lib.TOML), "--db", str(tmp / "db"),
                     "--listen", "127.0.0.1:0", "--port-file", str(port_file),
                     "--sync"], stdout=log, stderr=subprocess.STDOUT)
            try:
                deadline = time.monotonic() + 60
                while not (port_file.exists()
                           and port_file.read_text().endswith("\n")):
                    self.assertIsNone(tracer.poll(), (tmp / "log").read_text())
                    self.assertLess(time.monotonic(), deadline, "no start")
                    time.sleep(0.1)
                address = "127.0.0.1:" + port_file.read_text().strip()
                sample = lib.REPO / "samples" / "russia_north_korea.tsv"
                for command in (["ingest", str(sample)],
                                ["timeline", "Russia", "North Korea"],
                                ["stats"]):
                    run = subprocess.run([cli, "--server", address, *command],
                                         capture_output=True, text=True,
                                         timeout=60)
                    self.assertEqual(run.returncode, 0, run.stderr)
                # SIGTERM to the server itself, the tracer's child
                children = pathlib.Path(
                    f"/proc/{tracer.pid}/task/{tracer.pid}/children")
                server_pid = int(children.read_text().split()[0])
                os.kill(server_pid, signal.SIGTERM)
                self.assertEqual(tracer.wait(timeout=60), 0,
                                 (tmp / "log").read_text())
            finally:
                if tracer.poll() is None:
                    tracer.kill()
                    tracer.wait()
            self.assertIn("stopped", (tmp / "log").read_text())
            used = set()
            for line in summary.read_text().splitlines():
                words = line.split()
                if (len(words) >= 5 and not line.startswith(("%", "-"))
                        and words[-1] != "total"):
                    used.add(words[-1])
        self.assertTrue(used & {"fsync", "fdatasync"}, "no fsync with --sync?")
        self.assertGreater(len(used), 20, "the trace looks empty")
        self.assertEqual(sorted(used - allowed), [],
                         "system calls the unit's SystemCallFilter= forbids")


if __name__ == "__main__":
    lib.main()
