"""Finds and imports the generated gRPC stubs of the EventGraph API.

protoc writes modules that import each other as top-level packages
(`eventgraph.v1.eventgraph_pb2`, `google.rpc.status_pb2`). Their folder is
found, in order, from:

  EVENTGRAPH_PYPROTO   an environment variable naming the folder that holds
                       eventgraph/v1/eventgraph_pb2.py (CMake's build tree);
  _generated/          a folder inside this package, filled by
                       client/python/generate_stubs.sh.

The stub package `eventgraph.v1` would clash with this package, `eventgraph`:
a regular package (ours, it has an __init__.py) always wins over the stub
folder's `eventgraph/` (a namespace portion, no __init__.py), so the stub
folder's `eventgraph/` is appended to this package's __path__ instead. Then
`eventgraph.v1` is found as a subpackage of ours and every module is imported
once, under its canonical name. `google/rpc` joins the `google` namespace
package by putting the stub folder on sys.path.
"""

import importlib
import os
import sys

ENV_VAR = "EVENTGRAPH_PYPROTO"
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_LOCAL_DIR = os.path.join(_PACKAGE_DIR, "_generated")
_MARKER = os.path.join("eventgraph", "v1", "eventgraph_pb2.py")


def stub_dir():
    """The folder holding the generated stubs.

    Raises ImportError when EVENTGRAPH_PYPROTO names a folder without the
    stubs, or when it is unset and _generated/ has not been filled.
    """
    folder = os.environ.get(ENV_VAR)
    if folder:
        if not os.path.isfile(os.path.join(folder, _MARKER)):
            raise ImportError(f"{ENV_VAR}={folder} holds no {_MARKER}")
        return os.path.abspath(folder)
    if os.path.isfile(os.path.join(_LOCAL_DIR, _MARKER)):
        return _LOCAL_DIR
    raise ImportError(
        f"EventGraph stubs not found: set {ENV_VAR} to the folder of the "
        "generated Python stubs, or run client/python/generate_stubs.sh")


def _load():
    """Imports the stub modules; returns them as a tuple. Raises ImportError."""
    folder = stub_dir()
    package = sys.modules[__package__]
    portion = os.path.join(folder, "eventgraph")
    if portion not in package.__path__:
        package.__path__.append(portion)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    try:
        status = importlib.import_module("google.rpc.status_pb2")
    except ImportError:
        # `google` is a regular package here, not a namespace: extend it too.
        import google
        google.__path__.append(os.path.join(folder, "google"))
        status = importlib.import_module("google.rpc.status_pb2")
    details = importlib.import_module("google.rpc.error_details_pb2")
    pb = importlib.import_module(__package__ + ".v1.eventgraph_pb2")
    pb_grpc = importlib.import_module(__package__ + ".v1.eventgraph_pb2_grpc")
    return pb, pb_grpc, status, details


# The generated modules: messages, service stub, google.rpc.Status and
# google.rpc error details (BadRequest).
pb, pb_grpc, status_pb2, error_details_pb2 = _load()
