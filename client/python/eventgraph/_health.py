"""grpc.health.v1.Health/Check without the grpcio-health-checking package.

Debian ships no Python stubs of the health service, and its two messages are
tiny, so they are written and read here in the protobuf wire format:
HealthCheckRequest{string service = 1}, HealthCheckResponse{enum status = 1}.
"""

METHOD = "/grpc.health.v1.Health/Check"

# HealthCheckResponse.ServingStatus names by number.
STATUS_NAMES = {0: "UNKNOWN", 1: "SERVING", 2: "NOT_SERVING", 3: "SERVICE_UNKNOWN"}


def encode_request(service):
    """The bytes of HealthCheckRequest{service} (empty for the whole server)."""
    data = service.encode("utf-8")
    if not data:
        return b""
    return b"\x0a" + _varint(len(data)) + data


def decode_status(data):
    """The status name of HealthCheckResponse bytes; raises ValueError if malformed."""
    pos, status = 0, 0
    while pos < len(data):
        key, pos = _read_varint(data, pos)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, pos = _read_varint(data, pos)
            if number == 1:
                status = value
        elif wire_type == 2:
            length, pos = _read_varint(data, pos)
            pos += length
        else:
            raise ValueError(f"unexpected wire type {wire_type} in HealthCheckResponse")
    if pos != len(data):
        raise ValueError("truncated HealthCheckResponse")
    return STATUS_NAMES.get(status, str(status))


def _varint(value):
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _read_varint(data, pos):
    value, shift = 0, 0
    while True:
        if pos >= len(data):
            raise ValueError("truncated varint in HealthCheckResponse")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7
