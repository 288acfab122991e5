"""Exceptions raised by the EventGraph client.

Every failed call raises an EventGraphError subclass chosen by the gRPC
status code; each carries the code (`.code`, a grpc.StatusCode), the server's
message (`.message`) and, for INVALID_ARGUMENT, the fields the server named
(`.field_violations`, a list of (field, description) decoded from the
google.rpc.BadRequest in the grpc-status-details-bin trailer).
"""

import grpc

_DETAILS_KEY = "grpc-status-details-bin"


class EventGraphError(Exception):
    """A failed EventGraph call: `.code` (grpc.StatusCode) and `.message`."""

    def __init__(self, code, message, field_violations=()):
        super().__init__(f"{code.name}: {message}")
        self.code = code
        self.message = message
        self.field_violations = list(field_violations)


class InvalidArgument(EventGraphError, ValueError):
    """The request was malformed; `.field_violations` names each bad field."""


class NotFound(EventGraphError, LookupError):
    """An entity of the request (an actor) does not exist."""


class OutOfRange(EventGraphError):
    """The request asks for too much (e.g. a timeline of over 100,000 buckets)."""


class FailedPrecondition(EventGraphError):
    """The server's state must change before the call can succeed."""


class Unavailable(EventGraphError):
    """The server cannot be reached or is shutting down; retrying may succeed."""


class DeadlineExceeded(EventGraphError):
    """The call's deadline (the client's `timeout`) passed before it finished."""


class ResourceExhausted(EventGraphError):
    """A limit was hit, e.g. a message larger than the server accepts."""


class Cancelled(EventGraphError):
    """The call was cancelled."""


class Aborted(EventGraphError):
    """The call was aborted; retry it at a higher level."""


class Internal(EventGraphError):
    """The server failed (INTERNAL, UNKNOWN, DATA_LOSS or UNIMPLEMENTED)."""


class Unauthenticated(EventGraphError, PermissionError):
    """No token, or one the server does not know: connect(token=...)."""


class PermissionDenied(EventGraphError, PermissionError):
    """The token's role may not make this call; the message names the role needed."""


_BY_CODE = {
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgument,
    grpc.StatusCode.NOT_FOUND: NotFound,
    grpc.StatusCode.OUT_OF_RANGE: OutOfRange,
    grpc.StatusCode.FAILED_PRECONDITION: FailedPrecondition,
    grpc.StatusCode.UNAVAILABLE: Unavailable,
    grpc.StatusCode.DEADLINE_EXCEEDED: DeadlineExceeded,
    grpc.StatusCode.RESOURCE_EXHAUSTED: ResourceExhausted,
    grpc.StatusCode.CANCELLED: Cancelled,
    grpc.StatusCode.ABORTED: Aborted,
    grpc.StatusCode.INTERNAL: Internal,
    grpc.StatusCode.UNKNOWN: Internal,
    grpc.StatusCode.DATA_LOSS: Internal,
    grpc.StatusCode.UNIMPLEMENTED: Internal,
    grpc.StatusCode.UNAUTHENTICATED: Unauthenticated,
    grpc.StatusCode.PERMISSION_DENIED: PermissionDenied,
}


def invalid_argument(field, description):
    """An InvalidArgument for a bad argument detected by the client itself."""
    return InvalidArgument(grpc.StatusCode.INVALID_ARGUMENT,
                           f"{field}: {description}", [(field, description)])


def from_rpc_error(err):
    """The EventGraphError for a grpc.RpcError (a grpc.Call); never raises."""
    code = err.code() if callable(getattr(err, "code", None)) else None
    if code is None:
        code = grpc.StatusCode.UNKNOWN
    message = err.details() if callable(getattr(err, "details", None)) else None
    cls = _BY_CODE.get(code, EventGraphError)
    return cls(code, message or str(err), _field_violations(err))


def _field_violations(err):
    """[(field, description)] of the BadRequest details in err's trailer."""
    trailer = getattr(err, "trailing_metadata", None)
    metadata = trailer() if callable(trailer) else None
    blobs = [v for k, v in (metadata or ()) if k == _DETAILS_KEY]
    if not blobs:
        return []
    from ._stubs import error_details_pb2, status_pb2
    out = []
    try:
        status = status_pb2.Status.FromString(blobs[0])
    except Exception:  # a malformed trailer must not hide the error itself
        return []
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            out.extend((v.field, v.description) for v in bad.field_violations)
    return out
