"""End-to-end tests of TLS, mTLS, token authentication and the listen policy.

Certificates are made at test time with `openssl` (a CA, a server certificate
for 127.0.0.1/localhost, a client certificate); nothing secret is committed.
Covers: the auth matrix (no token, a bad token, each role against a read, a
write and an admin RPC; health and reflection without a token), TLS with the
right CA, a plaintext client against TLS, mTLS with and without a client
certificate, the non-loopback listen policy, the CLI (--token,
EVENTGRAPH_TOKEN, --tls-ca, --tls-cert/--tls-key) and the Python client
(token=, tls_ca=, tls_cert=, tls_key=). Each server starts in well under a
second; the whole file takes a few seconds.
"""

import os
import shutil
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import harness  # noqa: E402

harness.use_system_python()
sys.path.insert(0, os.path.join(REPO, "client", "python"))

import grpc  # noqa: E402

import eventgraph  # noqa: E402
from eventgraph._stubs import pb, pb_grpc  # noqa: E402

TOKENS = {
    "reader": "reader-token-0123456789abcdef",
    "writer": "writer-token-0123456789abcdef",
    "admin": "admin-token-0123456789abcdef0",
}
DEADLINE = 20.0

READ = "/eventgraph.v1.EventGraph/GetStats"
WRITE = "/eventgraph.v1.EventGraph/Ingest"
ADMIN = "/eventgraph.v1.EventGraph/CheckDatabase"


def openssl(*args, cwd):
    subprocess.run(["openssl"] + list(args), cwd=cwd, check=True,
                   stdin=subprocess.DEVNULL, capture_output=True)


def make_certificates(folder):
    """A CA, a server certificate for 127.0.0.1 and localhost, and a client
    certificate, all EC P-256, valid one day. Returns their paths."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "1", "-subj", "/CN=eventgraph-test-ca", cwd=folder)
    with open(os.path.join(folder, "san.ext"), "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    for name in ("server", "client", ):
        openssl("req", *ec, "-keyout", f"{name}.key", "-out", f"{name}.csr",
                "-subj", f"/CN=eventgraph-test-{name}", cwd=folder)
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey",
                "ca.key", "-CAcreateserial", "-out", f"{name}.pem", "-days", "1",
                "-extfile", "san.ext", cwd=folder)
    # A second CA that signed nothing of ours: trusting it must fail.
    openssl("req", "-x509", *ec, "-keyout", "other.key", "-out", "other.pem",
            "-days", "1", "-subj", "/CN=eventgraph-other-ca", cwd=folder)
    return {name: os.path.join(folder, name) for name in
            ("ca.pem", "server.pem", "server.key", "client.pem", "client.key",
             "other.pem")}


def write_tokens(folder):
    path = os.path.join(folder, "tokens.txt")
    with open(path, "w") as f:
        f.write("# roles for the auth e2e test\n\n")
        for role, token in TOKENS.items():
            f.write(f"{role} {token}\n")
    os.chmod(path, 0o600)
    return path


def raw_unary(channel, method, request, token=None):
    """Calls `method` with a serialized request; returns (code, details)."""
    call = channel.unary_unary(method, request_serializer=lambda m: m.SerializeToString(),
                               response_deserializer=lambda b: b)
    metadata = [("authorization", f"Bearer {token}")] if token else None
    try:
        call(request, timeout=DEADLINE, metadata=metadata)
        return grpc.StatusCode.OK, ""
    except grpc.RpcError as e:
        return e.code(), e.details() or ""


def request_of(method):
    if method == READ:
        return pb.GetStatsRequest()
    if method == WRITE:
        return pb.IngestRequest(events=[pb.Event(
            actor="Auth A", action="Consult", target="Auth B", date="2020-01-01",
            source_event_id=f"auth-{time.monotonic_ns()}")])
    return pb.CheckDatabaseRequest()


def health(channel):
    call = channel.unary_unary("/grpc.health.v1.Health/Check",
                               request_serializer=lambda b: b,
                               response_deserializer=lambda b: b)
    return call(b"", timeout=DEADLINE)  # HealthCheckResponse bytes


def reflection_services(channel):
    """The response bytes of a reflection list_services request."""
    call = channel.stream_stream(
        "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
        request_serializer=lambda b: b, response_deserializer=lambda b: b)
    # ServerReflectionRequest{list_services: ""}: field 7, length-delimited.
    responses = call(iter([b"\x3a\x00"]), timeout=DEADLINE)
    return next(iter(responses))


def start_process(argv, port_file, timeout=20.0):
    """Starts eventgraphd; returns (proc, port) once serving, or (proc, None)
    when it exited first."""
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return proc, None
        if os.path.exists(port_file):
            with open(port_file) as f:
                text = f.read()
            if text.endswith("\n"):
                return proc, int(text)
        time.sleep(0.05)
    proc.kill()
    raise AssertionError(f"no port file within {timeout} s: {argv}")


def stop_process(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.stdout.read().decode("utf-8", "replace")


class Fixture:
    """Certificates and the token file, shared by the test classes."""
    folder = None
    certs = None
    tokens = None

    @classmethod
    def get(cls):
        if cls.folder is None:
            if shutil.which("openssl") is None:
                raise unittest.SkipTest("openssl is not installed")
            cls.folder = harness.make_temp_dir("eventgraph-auth-")
            cls.certs = make_certificates(cls.folder)
            cls.tokens = write_tokens(cls.folder)
        return cls


def cli(server_address, args, env_token=None, extra_env=None):
    env = dict(os.environ)
    env.pop("EVENTGRAPH_TOKEN", None)
    if env_token is not None:
        env["EVENTGRAPH_TOKEN"] = env_token
    env.update(extra_env or {})
    argv = [harness.cli_binary(), "--server", server_address, "--deadline", "20"] + args
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, env=env,
                          timeout=120)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


class TokenAuthTest(unittest.TestCase):
    """A plaintext loopback server with --tokens."""

    @classmethod
    def setUpClass(cls):
        cls.fx = Fixture.get()
        cls.server = harness.Server(extra_args=["--tokens", cls.fx.tokens,
                                                "--max-streams-per-client", "1"])
        cls.server.start()
        cls.channel = grpc.insecure_channel(cls.server.address)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.server.stop()
        cls.server.close()

    def test_auth_matrix(self):
        allowed = {"reader": {READ}, "writer": {READ, WRITE},
                   "admin": {READ, WRITE, ADMIN}}
        needed = {READ: "reader", WRITE: "writer", ADMIN: "admin"}
        for role, token in TOKENS.items():
            for method in (READ, WRITE, ADMIN):
                code, details = raw_unary(self.channel, method, request_of(method), token)
                with self.subTest(role=role, method=method):
                    if method in allowed[role]:
                        self.assertEqual(code, grpc.StatusCode.OK, details)
                    else:
                        self.assertEqual(code, grpc.StatusCode.PERMISSION_DENIED, details)
                        self.assertIn(f"needs the {needed[method]} role", details)
                        self.assertIn(f"this token has the {role} role", details)

    def test_missing_and_bad_tokens(self):
        for method in (READ, WRITE, ADMIN):
            code, details = raw_unary(self.channel, method, request_of(method))
            self.assertEqual(code, grpc.StatusCode.UNAUTHENTICATED, details)
            self.assertIn("authorization: Bearer", details)
            code, details = raw_unary(self.channel, method, request_of(method),
                                      "not-a-known-token-0123456789")
            self.assertEqual(code, grpc.StatusCode.UNAUTHENTICATED, details)
            self.assertIn("unknown token", details)
        # Another scheme than Bearer.
        call = self.channel.unary_unary(READ, request_serializer=lambda m: m.SerializeToString(),
                                        response_deserializer=lambda b: b)
        with self.assertRaises(grpc.RpcError) as caught:
            call(pb.GetStatsRequest(), timeout=DEADLINE,
                 metadata=[("authorization", f"Basic {TOKENS['admin']}")])
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAUTHENTICATED)

    def test_denied_writes_store_nothing(self):
        stub = pb_grpc.EventGraphStub(self.channel)
        admin = [("authorization", f"Bearer {TOKENS['admin']}")]
        before = stub.GetStats(pb.GetStatsRequest(), timeout=DEADLINE, metadata=admin).events
        for token in (None, "not-a-known-token-0123456789", TOKENS["reader"]):
            code, _ = raw_unary(self.channel, WRITE, request_of(WRITE), token)
            self.assertIn(code, (grpc.StatusCode.UNAUTHENTICATED,
                                 grpc.StatusCode.PERMISSION_DENIED))
        # A reader's IngestStream is refused before any batch is stored.
        requests = iter([pb.IngestRequest(events=request_of(WRITE).events, sequence=1)])
        with self.assertRaises(grpc.RpcError) as caught:
            list(stub.IngestStream(requests, timeout=DEADLINE,
                                   metadata=[("authorization", f"Bearer {TOKENS['reader']}")]))
        self.assertEqual(caught.exception.code(), grpc.StatusCode.PERMISSION_DENIED)
        after = stub.GetStats(pb.GetStatsRequest(), timeout=DEADLINE, metadata=admin).events
        self.assertEqual(before, after)

    def test_health_and_reflection_need_no_token(self):
        self.assertEqual(health(self.channel), b"\x08\x01")  # SERVING
        self.assertIn(b"eventgraph.v1.EventGraph", reflection_services(self.channel))

    def test_streams_are_counted_per_token(self):
        stub = pb_grpc.EventGraphStub(self.channel)

        def watch(role):
            return stub.WatchEvents(pb.WatchEventsRequest(actor="Nobody"), timeout=DEADLINE,
                                    metadata=[("authorization", f"Bearer {TOKENS[role]}")])

        first = watch("reader")
        time.sleep(0.3)  # the stream is open on the server
        second = watch("reader")
        with self.assertRaises(grpc.RpcError) as caught:
            next(second)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.RESOURCE_EXHAUSTED)
        self.assertIn("max-streams-per-client = 1", caught.exception.details())
        other = watch("writer")  # another token has its own allowance
        time.sleep(0.3)
        self.assertIsNone(other.code() if other.done() else None)
        other.cancel()
        first.cancel()

    def test_token_never_logged(self):
        raw_unary(self.channel, READ, request_of(READ), "not-a-known-token-0123456789")
        raw_unary(self.channel, ADMIN, request_of(ADMIN), TOKENS["reader"])
        with open(self.server.log_path, "rb") as f:
            log = f.read().decode("utf-8", "replace")
        self.assertIn("PERMISSION_DENIED", log)  # denials are logged...
        for token in list(TOKENS.values()) + ["not-a-known-token-0123456789"]:
            self.assertNotIn(token, log)  # ...without the token

    def test_cli_token_flag_and_environment(self):
        address = self.server.address
        code, out, err = cli(address, ["--output", "json", "stats"])
        self.assertEqual(code, 1, err)
        self.assertIn("UNAUTHENTICATED", err)
        self.assertIn("--token", err)
        code, out, err = cli(address, ["--token", TOKENS["reader"], "--output", "json", "stats"])
        self.assertEqual(code, 0, err)
        self.assertIn("events", out)
        code, out, err = cli(address, ["--output", "json", "stats"], env_token=TOKENS["reader"])
        self.assertEqual(code, 0, err)
        code, out, err = cli(address, ["admin", "check"], env_token=TOKENS["reader"])
        self.assertEqual(code, 1, err)
        self.assertIn("PERMISSION_DENIED", err)
        self.assertIn("CheckDatabase needs the admin role", err)
        code, out, err = cli(address, ["admin", "check"], env_token=TOKENS["admin"])
        self.assertEqual(code, 0, err)

    def test_cli_ingest_cut_off_by_auth_says_what_was_acknowledged(self):
        sample = os.path.join(self.fx.folder, "events.tsv")
        with open(sample, "w") as f:
            f.write("actor\taction\ttarget\tdate\n")
            for i in range(20):
                f.write(f"Cut A{i}\tConsult\tCut B\t2021-01-{i % 28 + 1:02d}\n")
        code, out, err = cli(self.server.address, ["ingest", "-q", sample],
                             env_token=TOKENS["reader"])
        self.assertEqual(code, 1, err)
        self.assertIn("PERMISSION_DENIED", err)
        self.assertIn("0 of 20 rows read were acknowledged", err)
        self.assertIn("--resume", err)
        code, out, err = cli(self.server.address, ["ingest", "-q", sample],
                             env_token=TOKENS["writer"])
        self.assertEqual(code, 0, err)

    def test_python_client_with_token(self):
        with eventgraph.connect(self.server.address, token=TOKENS["writer"]) as c:
            result = c.ingest([dict(actor="Py A", action="Consult", target="Py B",
                                    date="2020-02-02")])
            self.assertEqual(result.accepted + result.duplicates, 1)
            self.assertGreaterEqual(c.stats().events, 1)
            with self.assertRaises(eventgraph.PermissionDenied) as caught:
                c.check_database()
            self.assertIn("admin", caught.exception.message)
            # Streams carry the token too.
            self.assertGreaterEqual(len(list(c.stream_events("Py A"))), 1)
        with eventgraph.connect(self.server.address) as c:
            with self.assertRaises(eventgraph.Unauthenticated):
                c.stats()


class TlsTest(unittest.TestCase):
    """A server with TLS and tokens; then one requiring client certificates."""

    @classmethod
    def setUpClass(cls):
        cls.fx = Fixture.get()
        certs = cls.fx.certs
        cls.tls = harness.Server(extra_args=[
            "--tokens", cls.fx.tokens, "--tls-cert", certs["server.pem"],
            "--tls-key", certs["server.key"]])
        cls.tls.start()
        cls.mtls = harness.Server(extra_args=[
            "--tls-cert", certs["server.pem"], "--tls-key", certs["server.key"],
            "--tls-client-ca", certs["ca.pem"]])
        cls.mtls.start()

    @classmethod
    def tearDownClass(cls):
        for server in (cls.tls, cls.mtls):
            server.stop()
            server.close()

    def credentials(self, ca="ca.pem", client=False):
        certs = self.fx.certs

        def read(name):
            with open(certs[name], "rb") as f:
                return f.read()
        return grpc.ssl_channel_credentials(
            root_certificates=read(ca),
            private_key=read("client.key") if client else None,
            certificate_chain=read("client.pem") if client else None)

    def test_tls_with_the_right_ca(self):
        with grpc.secure_channel(self.tls.address, self.credentials()) as channel:
            code, details = raw_unary(channel, READ, request_of(READ), TOKENS["reader"])
            self.assertEqual(code, grpc.StatusCode.OK, details)
            code, details = raw_unary(channel, READ, request_of(READ))
            self.assertEqual(code, grpc.StatusCode.UNAUTHENTICATED, details)
            self.assertEqual(health(channel), b"\x08\x01")

    def test_wrong_ca_and_plaintext_fail(self):
        with grpc.secure_channel(self.tls.address, self.credentials("other.pem")) as channel:
            code, _ = raw_unary(channel, READ, request_of(READ), TOKENS["reader"])
            self.assertEqual(code, grpc.StatusCode.UNAVAILABLE)
        with grpc.insecure_channel(self.tls.address) as channel:
            code, _ = raw_unary(channel, READ, request_of(READ), TOKENS["reader"])
            self.assertEqual(code, grpc.StatusCode.UNAVAILABLE)

    def test_mtls_requires_a_client_certificate(self):
        with grpc.secure_channel(self.mtls.address, self.credentials()) as channel:
            code, _ = raw_unary(channel, READ, request_of(READ))
            self.assertEqual(code, grpc.StatusCode.UNAVAILABLE)
        with grpc.secure_channel(self.mtls.address, self.credentials(client=True)) as channel:
            code, details = raw_unary(channel, READ, request_of(READ))
            self.assertEqual(code, grpc.StatusCode.OK, details)

    def test_cli_with_tls(self):
        certs = self.fx.certs
        code, out, err = cli(self.tls.address, ["--tls-ca", certs["ca.pem"], "--output",
                                                "json", "stats"], env_token=TOKENS["reader"])
        self.assertEqual(code, 0, err)
        code, out, err = cli(self.tls.address, ["--output", "json", "stats"],
                             env_token=TOKENS["reader"])
        self.assertEqual(code, 1, err)
        self.assertIn("UNAVAILABLE", err)
        code, out, err = cli(self.mtls.address, ["--tls-ca", certs["ca.pem"], "stats"])
        self.assertEqual(code, 1, err)
        code, out, err = cli(self.mtls.address, [
            "--tls-ca", certs["ca.pem"], "--tls-cert", certs["client.pem"],
            "--tls-key", certs["client.key"], "--output", "json", "stats"])
        self.assertEqual(code, 0, err)
        # The certificate names 127.0.0.1 and localhost, not other.example.
        code, out, err = cli(self.tls.address, ["--tls-ca", certs["ca.pem"],
                                                "--tls-server-name", "other.example", "stats"],
                             env_token=TOKENS["reader"])
        self.assertEqual(code, 1, err)
        self.assertIn("UNAVAILABLE", err)
        code, out, err = cli(self.tls.address, ["--tls-ca", certs["ca.pem"],
                                                "--tls-server-name", "localhost", "stats"],
                             env_token=TOKENS["reader"])
        self.assertEqual(code, 0, err)
        code, out, err = cli(self.tls.address, ["--tls-ca", "/nonexistent/ca.pem", "stats"])
        self.assertEqual(code, 2, err)
        self.assertIn("--tls-ca", err)

    def test_python_client_with_tls(self):
        certs = self.fx.certs
        with eventgraph.connect(self.tls.address, token=TOKENS["reader"],
                                tls_ca=certs["ca.pem"]) as c:
            self.assertGreaterEqual(c.stats().events, 0)
        with eventgraph.connect(self.mtls.address, tls_ca=certs["ca.pem"],
                                tls_cert=certs["client.pem"],
                                tls_key=certs["client.key"]) as c:
            self.assertGreaterEqual(c.stats().events, 0)
        with eventgraph.connect(self.mtls.address, tls_ca=certs["ca.pem"], timeout=5) as c:
            with self.assertRaises(eventgraph.Unavailable):
                c.stats()


class ListenPolicyTest(unittest.TestCase):
    """The server refuses unsafe addresses and bad token files at start."""

    def run_server(self, args):
        folder = harness.make_temp_dir("eventgraph-listen-")
        self.addCleanup(harness.remove_temp_dir, folder)
        port_file = os.path.join(folder, "port")
        argv = [harness.server_binary(), "--db", os.path.join(folder, "db"),
                "--port-file", port_file] + args
        proc, port = start_process(argv, port_file)
        return proc, port

    def test_non_loopback_needs_insecure(self):
        proc, port = self.run_server(["--listen", "0.0.0.0:0"])
        self.assertIsNone(port)
        log = stop_process(proc)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("refusing to listen on 0.0.0.0:0", log)
        self.assertIn("--insecure", log)
        proc, port = self.run_server(["--listen", "0.0.0.0:0", "--insecure"])
        try:
            self.assertIsNotNone(port)
            with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
                code, details = raw_unary(channel, READ, request_of(READ))
                self.assertEqual(code, grpc.StatusCode.OK, details)
        finally:
            stop_process(proc)

    def test_tokens_in_clear_text_off_loopback_are_refused(self):
        fx = Fixture.get()
        proc, port = self.run_server(["--listen", "0.0.0.0:0", "--insecure",
                                      "--tokens", fx.tokens])
        self.assertIsNone(port)
        self.assertIn("clear text", stop_process(proc))

    def test_bad_token_file_names_the_line(self):
        folder = harness.make_temp_dir("eventgraph-tokens-")
        self.addCleanup(harness.remove_temp_dir, folder)
        path = os.path.join(folder, "tokens.txt")
        with open(path, "w") as f:
            f.write("# ok\nreader reader-token-0123456789abcdef\nsuperuser abcdefghijklmnopqrstu\n")
        proc, port = self.run_server(["--listen", "127.0.0.1:0", "--tokens", path])
        self.assertIsNone(port)
        log = stop_process(proc)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("line 3: unknown role", log)
        self.assertNotIn("abcdefghijklmnopqrstu", log)
        self.assertNotIn("reader-token-0123456789abcdef", log)


if __name__ == "__main__":
    try:
        unittest.main(verbosity=2)
    finally:
        if Fixture.folder is not None:
            harness.remove_temp_dir(Fixture.folder)
