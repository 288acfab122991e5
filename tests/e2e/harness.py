"""Shared helpers for the EventGraph end-to-end tests.

The tests drive the real binaries:

  EVENTGRAPHD         path of the server binary (eventgraphd)
  EVENTGRAPH_CLI      path of the command-line client (eventgraph)
  EVENTGRAPH_PYPROTO  folder holding the generated Python stubs
                      (eventgraph/v1/eventgraph_pb2.py, google/rpc/status_pb2.py, ...)
  EVENTGRAPH_DATA     folder of the shared data files (default: <repo>/../shared/data)
  EVENTGRAPH_E2E_KEEP set to 1 to keep the temporary folders (databases, logs)

When EVENTGRAPHD / EVENTGRAPH_CLI are unset, <repo>/../build/{server,client}/ is tried and the
tests are skipped when nothing is found there. When EVENTGRAPH_PYPROTO is unset the stubs are
generated into a temporary folder with protoc and grpc_python_plugin from PATH.

Every server started here is stopped (SIGTERM, then SIGKILL) and every temporary folder removed,
also when a test fails. Every gRPC call carries a deadline.
"""

import atexit
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PROTO_DIR = os.path.join(REPO, "proto")
SAMPLES_DIR = os.path.join(REPO, "samples")

# Seconds: how long a server may take to write its port file, and to exit after SIGTERM.
START_TIMEOUT = 30.0
STOP_TIMEOUT = 30.0
# Seconds: the deadline of every gRPC call made by the tests, and the CLI's --deadline.
RPC_DEADLINE = 30.0
CLI_DEADLINE = 120.0
# Seconds: wall-clock limit of one CLI process (a large ingest makes many RPCs).
CLI_TIMEOUT = 420.0

KEEP = os.environ.get("EVENTGRAPH_E2E_KEEP") == "1"


# ------------------------------------------------------------------ paths


def _binary(env_name, default_rel):
    """Path of a binary from the environment, or the conventional build folder."""
    path = os.environ.get(env_name)
    if path:
        if not os.access(path, os.X_OK):
            raise FileNotFoundError(f"{env_name}={path} is not an executable file")
        return path
    guess = os.path.join(os.path.dirname(REPO), "build", default_rel)
    if os.access(guess, os.X_OK):
        return guess
    raise unittest.SkipTest(f"{env_name} is not set and {guess} does not exist")


def server_binary():
    return _binary("EVENTGRAPHD", os.path.join("server", "eventgraphd"))


def cli_binary():
    return _binary("EVENTGRAPH_CLI", os.path.join("client", "eventgraph"))


def data_dir():
    return os.environ.get("EVENTGRAPH_DATA") or os.path.join(
        os.path.dirname(REPO), "shared", "data")


def data_file(name):
    """Path of a shared data file; raises unittest.SkipTest when it is absent."""
    path = os.path.join(data_dir(), name)
    if not os.path.isfile(path):
        raise unittest.SkipTest(f"data file {path} is absent")
    return path


def sample_file(name):
    return os.path.join(SAMPLES_DIR, name)


# ------------------------------------------------------------------ temp dirs and cleanup

_temp_dirs = []
_servers = []


def make_temp_dir(prefix="eventgraph-e2e-"):
    path = tempfile.mkdtemp(prefix=prefix)
    _temp_dirs.append(path)
    return path


def remove_temp_dir(path):
    if path in _temp_dirs:
        _temp_dirs.remove(path)
    if KEEP:
        sys.stderr.write(f"[e2e] keeping {path}\n")
        return
    shutil.rmtree(path, ignore_errors=True)


@atexit.register
def _cleanup_everything():
    for server in list(_servers):
        server.kill()
    for path in list(_temp_dirs):
        remove_temp_dir(path)


# ------------------------------------------------------------------ the server


class ServerError(AssertionError):
    pass


class Server:
    """One eventgraphd process on a database folder.

    start() launches it with --listen 127.0.0.1:0 and waits for the port file; stop() sends
    SIGTERM and returns the exit code; restart() does both on the same database.
    """

    def __init__(self, db_dir=None, extra_args=()):
        self.binary = server_binary()
        self.work_dir = make_temp_dir("eventgraphd-")
        self.db_dir = db_dir or os.path.join(self.work_dir, "db")
        self.extra_args = list(extra_args)
        self.proc = None
        self.port = None
        self.starts = 0
        self.log_path = None
        self._log = None

    @property
    def address(self):
        if self.port is None:
            raise ServerError("server is not running")
        return f"127.0.0.1:{self.port}"

    def start(self, timeout=START_TIMEOUT):
        if self.proc is not None and self.proc.poll() is None:
            raise ServerError("server already running")
        self.starts += 1
        port_file = os.path.join(self.work_dir, f"port.{self.starts}")
        self.log_path = os.path.join(self.work_dir, f"eventgraphd.{self.starts}.log")
        self._log = open(self.log_path, "wb")
        argv = [self.binary, "--db", self.db_dir, "--listen", "127.0.0.1:0",
                "--port-file", port_file, "--log-level", "info"] + self.extra_args
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self._log,
                                     stderr=subprocess.STDOUT)
        _servers.append(self)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                self._close_log()
                raise ServerError(f"eventgraphd exited with {code} before serving; "
                                  f"argv={argv}\n{self.log_tail()}")
            port = _read_port_file(port_file)
            if port is not None:
                self.port = port
                return self
            if time.monotonic() > deadline:
                self.kill()
                raise ServerError(f"eventgraphd wrote no port file within {timeout} s\n"
                                  f"{self.log_tail()}")
            time.sleep(0.05)

    def stop(self, timeout=STOP_TIMEOUT):
        """Sends SIGTERM and waits; returns the exit code. SIGKILLs and raises on timeout."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                raise ServerError(f"eventgraphd did not exit within {timeout} s of SIGTERM\n"
                                  f"{self.log_tail()}")
        code = self.proc.returncode
        self._forget()
        return code

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        self._forget()

    def restart(self):
        """Stops (asserting exit code 0) and starts again on the same database."""
        code = self.stop()
        if code != 0:
            raise ServerError(f"eventgraphd exited with {code} after SIGTERM, expected 0\n"
                              f"{self.log_tail()}")
        return self.start()

    def close(self):
        """Kills the process if needed and removes the work folder (database included).

        A server that exited on its own before (a crash the test may only see as UNAVAILABLE)
        gets its exit code and log tail printed to stderr first, for the CI log."""
        if (self.proc is not None and self.proc.poll() is not None
                and self in _servers):  # not ended by stop() or kill()
            sys.stderr.write(f"eventgraphd (pid {self.proc.pid}) had exited on its own with "
                             f"{self.proc.returncode}\n{self.log_tail()}\n")
        self.kill()
        remove_temp_dir(self.work_dir)

    def log_tail(self, limit=4000):
        if not self.log_path or not os.path.exists(self.log_path):
            return "(no server log)"
        with open(self.log_path, "rb") as f:
            data = f.read()
        text = data[-limit:].decode("utf-8", "replace")
        return f"--- {self.log_path} (last {limit} bytes) ---\n{text}"

    def _forget(self):
        self.port = None
        self._close_log()
        if self in _servers:
            _servers.remove(self)

    def _close_log(self):
        if self._log is not None:
            self._log.close()
            self._log = None


def _read_port_file(path):
    """The port once the file holds a complete decimal line, else None."""
    try:
        with open(path, "r", encoding="ascii") as f:
            text = f.read()
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    if not text.endswith("\n"):
        return None
    text = text.strip()
    if not text.isdigit():
        return None
    port = int(text)
    return port if 0 < port < 65536 else None


# ------------------------------------------------------------------ the CLI


class CliResult:
    def __init__(self, argv, returncode, stdout, stderr):
        self.argv = argv
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr

    def describe(self):
        return (f"argv={self.argv}\nexit={self.returncode}\n"
                f"stdout={self.stdout[-3000:]!r}\nstderr={self.stderr[-3000:]!r}")

    def json(self):
        """The stdout parsed as JSON; several concatenated documents come back as a list."""
        return parse_json_output(self.stdout)


def run_cli(args, server=None, output=None, deadline=CLI_DEADLINE, timeout=CLI_TIMEOUT):
    """Runs `eventgraph [--server ADDR] --deadline D [--output O] ARGS...` and captures it."""
    argv = [cli_binary()]
    if server is not None:
        argv += ["--server", server.address]
    argv += ["--deadline", str(int(deadline))]
    if output is not None:
        argv += ["--output", output]
    argv += [str(a) for a in args]
    try:
        proc = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"CLI did not finish within {timeout} s: argv={argv}") from e
    return CliResult(argv, proc.returncode, proc.stdout.decode("utf-8", "replace"),
                     proc.stderr.decode("utf-8", "replace"))


def cli_ok(args, server=None, output=None, **kw):
    """run_cli that fails the test unless the exit code is 0."""
    result = run_cli(args, server=server, output=output, **kw)
    if result.returncode != 0:
        raise AssertionError("CLI failed:\n" + result.describe())
    return result


def cli_json(args, server=None, **kw):
    """run_cli with --output json; returns the parsed stdout."""
    result = cli_ok(args, server=server, output="json", **kw)
    try:
        return result.json()
    except ValueError as e:
        raise AssertionError(f"CLI printed no valid JSON ({e}):\n{result.describe()}")


def parse_json_output(text):
    """One JSON document, or a list of the documents when several follow each other."""
    text = text.strip()
    if not text:
        raise ValueError("empty output")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    decoder = json.JSONDecoder()
    docs, pos = [], 0
    while pos < len(text):
        doc, end = decoder.raw_decode(text, pos)
        docs.append(doc)
        pos = end
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return docs


def json_events(doc):
    """The events of `eventgraph events --output json`, whatever the paging shape.

    Accepts one ListEventsResponse, a list of them (one per page), a JSON array of events, or
    one event per line.
    """
    if isinstance(doc, dict):
        if "events" in doc:
            return list(doc["events"])
        if "actor" in doc and "date" in doc:
            return [doc]
    if isinstance(doc, list):
        out = []
        for item in doc:
            out.extend(json_events(item))
        return out
    raise AssertionError(f"unexpected events JSON: {str(doc)[:500]}")


def jint(obj, key):
    """An int64 field of protobuf's JSON mapping (a string, or absent when zero)."""
    value = obj.get(key, 0)
    return int(value)


# ------------------------------------------------------------------ gRPC

_stubs = None
_stub_dir = None


SYSTEM_PYTHON = "/usr/bin/python3"


def use_system_python():
    """Re-runs this script with Debian's python3 when the current one lacks grpc."""
    try:
        import grpc  # noqa: F401
        return
    except ImportError:
        pass
    if os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON) and \
            os.access(SYSTEM_PYTHON, os.X_OK) and not os.environ.get("EVENTGRAPH_E2E_REEXEC"):
        os.environ["EVENTGRAPH_E2E_REEXEC"] = "1"
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)


def load_stubs():
    """Imports the generated modules; returns a namespace with pb, pb_grpc, status_pb2, ..."""
    global _stubs, _stub_dir
    if _stubs is not None:
        return _stubs
    try:
        import grpc  # noqa: F401
    except ImportError as e:
        raise unittest.SkipTest(f"python grpc module missing ({e}); use /usr/bin/python3")
    folder = os.environ.get("EVENTGRAPH_PYPROTO")
    if not folder:
        folder = _generate_stubs()
    if folder not in sys.path:
        sys.path.insert(0, folder)
    from eventgraph.v1 import eventgraph_pb2, eventgraph_pb2_grpc
    from google.rpc import error_details_pb2, status_pb2

    class Stubs:
        pb = eventgraph_pb2
        pb_grpc = eventgraph_pb2_grpc
        status = status_pb2
        details = error_details_pb2

    _stubs = Stubs
    return _stubs


def _generate_stubs():
    global _stub_dir
    protoc = shutil.which("protoc")
    plugin = shutil.which("grpc_python_plugin")
    if not protoc or not plugin:
        raise unittest.SkipTest("EVENTGRAPH_PYPROTO unset and protoc/grpc_python_plugin missing")
    _stub_dir = make_temp_dir("eventgraph-pyproto-")
    protos = ["eventgraph/v1/eventgraph.proto", "google/rpc/status.proto",
              "google/rpc/error_details.proto"]
    subprocess.run([protoc, f"-I{PROTO_DIR}", f"--python_out={_stub_dir}",
                    f"--grpc_python_out={_stub_dir}",
                    f"--plugin=protoc-gen-grpc_python={plugin}"] + protos,
                   check=True, cwd=PROTO_DIR)
    return _stub_dir


class Api:
    """An EventGraph stub whose every call carries a deadline.

    api.GetTimeline(req) is stub.GetTimeline(req, timeout=deadline); streaming calls return
    their iterator as usual.
    """

    def __init__(self, address, deadline=RPC_DEADLINE):
        import grpc
        self.stubs = load_stubs()
        self.deadline = deadline
        self.channel = grpc.insecure_channel(
            address, options=[("grpc.max_receive_message_length", 64 * 1024 * 1024),
                              ("grpc.max_send_message_length", 64 * 1024 * 1024)])
        grpc.channel_ready_future(self.channel).result(timeout=deadline)
        self.stub = self.stubs.pb_grpc.EventGraphStub(self.channel)

    def __getattr__(self, name):
        method = getattr(self.stub, name)

        def call(request, **kw):
            kw.setdefault("timeout", self.deadline)
            return method(request, **kw)
        return call

    def health_check(self, service=""):
        """grpc.health.v1.Health/Check through a generic call; returns the status number."""
        request = _encode_health_request(service)
        check = self.channel.unary_unary("/grpc.health.v1.Health/Check",
                                         request_serializer=None,
                                         response_deserializer=None)
        response = check(request, timeout=self.deadline)
        return _decode_health_status(response)

    def close(self):
        self.channel.close()


# grpc.health.v1.HealthCheckResponse.ServingStatus
HEALTH_SERVING = 1


def _encode_health_request(service):
    """HealthCheckRequest{service} in the protobuf wire format (field 1, a string)."""
    data = service.encode("utf-8")
    if not data:
        return b""
    return b"\x0a" + _varint(len(data)) + data


def _varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _decode_health_status(data):
    """HealthCheckResponse.status (field 1, a varint); 0 (UNKNOWN) when absent."""
    pos, status = 0, 0
    while pos < len(data):
        key, pos = _read_varint(data, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _read_varint(data, pos)
            if field == 1:
                status = value
        elif wire == 2:
            length, pos = _read_varint(data, pos)
            pos += length
        else:
            raise ValueError(f"unexpected wire type {wire} in HealthCheckResponse")
    return status


def _read_varint(data, pos):
    shift, value = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def rpc_status(err):
    """The google.rpc.Status of a grpc.RpcError's grpc-status-details-bin trailer, or None."""
    stubs = load_stubs()
    for key, value in (err.trailing_metadata() or ()):
        if key == "grpc-status-details-bin":
            return stubs.status.Status.FromString(value)
    return None


def bad_request_violations(err):
    """[(field, description)] of the google.rpc.BadRequest details of a grpc.RpcError."""
    stubs = load_stubs()
    status = rpc_status(err)
    if status is None:
        return []
    out = []
    for detail in status.details:
        if detail.Is(stubs.details.BadRequest.DESCRIPTOR):
            bad = stubs.details.BadRequest()
            detail.Unpack(bad)
            out.extend((v.field, v.description) for v in bad.field_violations)
    return out


# ------------------------------------------------------------------ data helpers


def norm_name(name):
    """Actor matching as the API defines it: trimmed, NFC, case-insensitive."""
    return unicodedata.normalize("NFC", name.strip()).casefold()


def read_tsv(path):
    """Rows of a (possibly gzip'd) TSV with a header line, as dicts."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            fields = line.rstrip("\n").split("\t")
            yield dict(zip(header, fields))


class ServerTestCase(unittest.TestCase):
    """A TestCase class with one fresh server (and database) for the whole class."""

    server = None
    api = None
    WITH_API = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.WITH_API:
            load_stubs()
        cls.server = Server()
        cls.addClassCleanup(cls.server.close)
        cls.server.start()
        if cls.WITH_API:
            cls.api = Api(cls.server.address)
            cls.addClassCleanup(lambda: cls.api.close())

    def reconnect(self):
        if self.WITH_API:
            self.api.close()
            type(self).api = Api(self.server.address)


def main():
    unittest.main(verbosity=2)
