#!/usr/bin/env python3
"""Checks deploy/eventgraphd.toml against the real server.

DocumentationTest (no server): every flag of server/main.cc appears in the
file, commented, and every key of it is a flag.

ServerConfigTest (needs EVENTGRAPHD, the built eventgraphd): starts
  eventgraphd --config FILE --db TMP --listen 127.0.0.1:0 --port-file TMP/port
with the shipped file, with a copy whose every value is changed (so the log
proves each key is read), with a command-line flag overriding the file, and
with the Kubernetes ConfigMap's file; checks the "settings:" log line, the
gRPC health service (what the Kubernetes probes call), the Dockerfile's
HEALTHCHECK command (needs EVENTGRAPH_CLI) and the graceful shutdown.
"""

import os
import pathlib
import re
import signal
import subprocess
import tempfile
import time
import unittest

import deploy_testlib as lib
from dockerfile_test import exec_form, parse_dockerfile, stages

try:
    import grpc
except ImportError:  # pragma: no cover
    grpc = None
try:
    import yaml
except ImportError:  # pragma: no cover
    yaml = None

START_TIMEOUT = 30
SETTINGS = re.compile(
    r"settings: cache (\d+) MiB, write buffer (\d+) MiB, sync (on|off), "
    r"workers (\d+), max message (\d+) MiB, shutdown grace ([\d.]+) s")


class DocumentationTest(unittest.TestCase):
    def setUp(self):
        self.text = lib.TOML.read_text(encoding="utf-8")

    def test_every_flag_is_in_the_file(self):
        for flag in lib.server_flags():
            with self.subTest(flag=flag):
                self.assertRegex(self.text, rf"(?m)^(# )?{re.escape(flag)} = ")

    def test_every_key_is_a_flag_and_documented(self):
        lines = self.text.splitlines()
        keys = lib.load_toml(self.text)
        self.assertLessEqual(set(keys), set(lib.server_flags()))
        for i, line in enumerate(lines):
            if re.match(r"^[a-z-]+ = ", line):
                with self.subTest(line=line):
                    self.assertTrue(lines[i - 1].startswith("#"),
                                    "each key needs a comment above it")


def changed_copy(text):
    """The config with every value moved off its default."""
    values = {"sync": "true", "cache-mb": "64", "write-buffer-mb": "8",
              "max-message-mb": "32", "workers": "3", "shutdown-grace": "4",
              "log-level": '"debug"'}
    for key, value in values.items():
        text, count = re.subn(rf"(?m)^{re.escape(key)} = .*$",
                              f"{key} = {value}", text)
        assert count == 1, key
    return text


class Server:
    """eventgraphd started on a free loopback port in a temporary folder."""

    def __init__(self, binary, tmp, config, extra=()):
        self.tmp = pathlib.Path(tmp)
        self.port_file = self.tmp / "port"
        self.log_path = self.tmp / "eventgraphd.log"
        self.argv = [binary, "--config", str(config),
                     "--db", str(self.tmp / "db"),
                     "--listen", "127.0.0.1:0",
                     "--port-file", str(self.port_file), *extra]
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(self.argv, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while not (self.port_file.exists()
                   and self.port_file.read_text().endswith("\n")):
            if self.process.poll() is not None:
                raise AssertionError(
                    f"eventgraphd exited with {self.process.returncode}:\n"
                    + self.text())
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError("eventgraphd did not start:\n" + self.text())
            time.sleep(0.05)
        self.port = int(self.port_file.read_text())
        self.address = f"127.0.0.1:{self.port}"

    def text(self):
        return self.log_path.read_text(errors="replace")

    def settings(self):
        match = SETTINGS.search(self.text())
        if not match:
            raise AssertionError("no settings line in the log:\n" + self.text())
        cache, wb, sync, workers, message, grace = match.groups()
        return {"cache-mb": int(cache), "write-buffer-mb": int(wb),
                "sync": sync == "on", "workers": int(workers),
                "max-message-mb": int(message), "shutdown-grace": float(grace)}

    def stop(self, timeout):
        """SIGTERM; returns the exit code."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self.kill()

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if not self.log.closed:
            self.log.close()


def health_status(address):
    """grpc.health.v1.Health/Check for the whole server: 1 is SERVING.
    The messages are encoded by hand (HealthCheckRequest{service: ""} is
    empty; the response is field 1, an enum)."""
    with grpc.insecure_channel(address) as channel:
        check = channel.unary_unary("/grpc.health.v1.Health/Check")
        response = check(b"", timeout=5)
    if response == b"":
        return 0
    if len(response) != 2 or response[0] != 0x08:
        raise AssertionError(f"unexpected HealthCheckResponse {response!r}")
    return response[1]


def get_stats(address):
    """eventgraph.v1.EventGraph/GetStats (an empty request), raw bytes."""
    with grpc.insecure_channel(address) as channel:
        call = channel.unary_unary("/eventgraph.v1.EventGraph/GetStats")
        return call(b"", timeout=5)


def logs_debug_lines(server):
    """Whether a GetStats call leaves a debug line in the server's log."""
    get_stats(server.address)
    time.sleep(0.2)
    return re.search(r"(?m)^\S+ debug GetStats", server.text()) is not None


class ServerConfigTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.binary = os.environ.get("EVENTGRAPHD", "")
        if not (cls.binary and os.access(cls.binary, os.X_OK)):
            raise unittest.SkipTest("EVENTGRAPHD (the built eventgraphd) not set")
        cls.cli = os.environ.get("EVENTGRAPH_CLI", "")
        cls.file = lib.load_toml(lib.TOML.read_text(encoding="utf-8"))

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="eventgraph-config-")
        self.addCleanup(self.tmp.cleanup)

    def start(self, config, extra=()):
        server = Server(self.binary, self.tmp.name, config, extra)
        self.addCleanup(server.kill)
        return server

    def expected(self, values):
        return {k: values[k] for k in ("cache-mb", "write-buffer-mb", "sync",
                                       "workers", "max-message-mb",
                                       "shutdown-grace")}

    def assert_stops(self, server, grace):
        code = server.stop(timeout=grace + 20)
        self.assertEqual(code, 0, server.text())
        self.assertIn("shutting down", server.text())
        self.assertIn("stopped", server.text())

    def test_shipped_file(self):
        server = self.start(lib.TOML)
        self.assertEqual(server.settings(), self.expected(self.file))
        self.assertIn(f"serving {self.tmp.name}/db on port {server.port}",
                      server.text())
        if grpc is not None:
            self.assertEqual(health_status(server.address), 1)
            self.assertFalse(logs_debug_lines(server), server.text())
        self.assert_stops(server, self.file["shutdown-grace"])

    def test_every_key_is_read(self):
        copy = pathlib.Path(self.tmp.name) / "changed.toml"
        copy.write_text(changed_copy(lib.TOML.read_text(encoding="utf-8")))
        changed = lib.load_toml(copy.read_text())
        server = self.start(copy)
        self.assertEqual(server.settings(), self.expected(changed))
        # log-level = "debug" took effect too (info hides debug lines)
        self.assertEqual(changed["log-level"], "debug")
        if grpc is not None:
            self.assertTrue(logs_debug_lines(server), server.text())
        self.assert_stops(server, changed["shutdown-grace"])

    def test_command_line_overrides_the_file(self):
        server = self.start(lib.TOML, ["--cache-mb", "48", "--workers", "1"])
        expected = self.expected(self.file)
        expected.update({"cache-mb": 48, "workers": 1})
        self.assertEqual(server.settings(), expected)
        self.assert_stops(server, self.file["shutdown-grace"])

    def test_kubernetes_config_map(self):
        if yaml is None:
            self.skipTest("python3-yaml is not installed")
        with open(lib.KUBERNETES, encoding="utf-8") as f:
            configmap = next(d for d in yaml.safe_load_all(f)
                             if d and d["kind"] == "ConfigMap")
        path = pathlib.Path(self.tmp.name) / "kubernetes.toml"
        path.write_text(configmap["data"]["eventgraphd.toml"])
        values = lib.load_toml(path.read_text())
        server = self.start(path)
        self.assertEqual(server.settings(), self.expected(values))
        if grpc is not None:
            self.assertEqual(health_status(server.address), 1)
        self.assert_stops(server, values["shutdown-grace"])

    def test_docker_healthcheck_command(self):
        if not (self.cli and os.access(self.cli, os.X_OK)):
            self.skipTest("EVENTGRAPH_CLI (the built eventgraph) not set")
        runtime = stages(parse_dockerfile(
            lib.DOCKERFILE.read_text(encoding="utf-8")))[-1]
        check = next(a for w, a in runtime["body"] if w == "HEALTHCHECK")
        argv = exec_form(check.partition("CMD ")[2])
        # the image's /usr/local/bin/eventgraph is the built CLI here, and
        # the container's port is this server's
        argv[0] = self.cli
        argv = [a.replace("127.0.0.1:50051", "127.0.0.1:{port}") for a in argv]
        server = self.start(lib.TOML)
        run = subprocess.run([a.format(port=server.port) for a in argv],
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("events:", run.stdout)
        self.assert_stops(server, self.file["shutdown-grace"])
        # and it fails once the server is gone
        run = subprocess.run([a.format(port=server.port) for a in argv],
                             capture_output=True, text=True, timeout=30)
        self.assertNotEqual(run.returncode, 0)

    def test_bad_config_fails_fast(self):
        path = pathlib.Path(self.tmp.name) / "bad.toml"
        path.write_text("cache-mb = 1\n")  # below the minimum of 8
        run = subprocess.run(
            [self.binary, "--config", str(path), "--db",
             str(pathlib.Path(self.tmp.name) / "db"), "--listen", "127.0.0.1:0"],
            capture_output=True, text=True, timeout=30)
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("cache-mb", run.stdout + run.stderr)


if __name__ == "__main__":
    lib.main()
