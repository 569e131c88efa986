"""tether_ctypes — the C ABI of tether.h mirrored with ctypes (standard library only).

Structs list their fields in exactly tether.h's order, struct_size first; fill it with ctypes.sizeof so the
library reads only the fields this mirror knows. Opaque handles (connector, connection, result) are void*.
"""
import ctypes
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_int, c_int64, c_size_t, c_uint, c_uint32,
                    c_uint64, c_void_p)

ABI_VERSION_MAJOR, ABI_VERSION_MINOR = 1, 0
ABI_VERSION = (ABI_VERSION_MAJOR << 16) | ABI_VERSION_MINOR

# enum tether_status_code (values are fixed forever)
OK, RECONNECT_REQUIRED, TRANSIENT, FORBIDDEN, BAD_REQUEST, NOT_FOUND = 0, 1, 2, 3, 4, 5
CONFLICT, CONFIG_ERROR, STORAGE_ERROR, HOST_ERROR, INTERNAL = 6, 7, 8, 9, 10

# enum tether_log_level
LOG_OFF, LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG, LOG_TRACE = 0, 1, 2, 3, 4, 5


class LogEntry(Structure):
    _fields_ = [("struct_size", c_size_t), ("level", c_int), ("message", c_char_p),
                ("connection_id", c_char_p), ("operation", c_char_p)]


class RecordOut(Structure):
    pass


# data is void* + size: the bytes are not NUL-terminated, so c_char_p would be wrong here.
RECORD_SET = CFUNCTYPE(None, POINTER(RecordOut), c_void_p, c_size_t, c_uint64)
RecordOut._fields_ = [("opaque", c_void_p), ("set", RECORD_SET)]

LOAD = CFUNCTYPE(c_int, c_void_p, c_char_p, POINTER(RecordOut))
STORE = CFUNCTYPE(c_int, c_void_p, c_char_p, c_uint64, c_void_p, c_size_t)
LEASE_ACQUIRE = CFUNCTYPE(c_int, c_void_p, c_char_p, c_char_p, c_int64)
LEASE_RELEASE = CFUNCTYPE(c_int, c_void_p, c_char_p, c_char_p)
LOG = CFUNCTYPE(None, c_void_p, POINTER(LogEntry))
NOW_MS = CFUNCTYPE(c_int64, c_void_p)
SLEEP_MS = CFUNCTYPE(None, c_void_p, c_int64)
RANDOM_BYTES = CFUNCTYPE(c_int, c_void_p, c_void_p, c_size_t)


class Host(Structure):
    _fields_ = [("struct_size", c_size_t),
                ("storage_ctx", c_void_p), ("load", LOAD), ("store", STORE),
                ("lease_acquire", LEASE_ACQUIRE), ("lease_release", LEASE_RELEASE),
                ("log_ctx", c_void_p), ("log", LOG), ("log_level", c_int),
                ("clock_ctx", c_void_p), ("now_ms", NOW_MS), ("sleep_ms", SLEEP_MS),
                ("random_ctx", c_void_p), ("random_bytes", RANDOM_BYTES)]


class ConnectorOptions(Structure):
    _fields_ = [("struct_size", c_size_t), ("abi_version", c_uint32), ("manifest_path", c_char_p),
                ("manifest_text", c_char_p), ("manifest_name", c_char_p), ("host", POINTER(Host))]


class ConnectionOptions(Structure):
    _fields_ = [("struct_size", c_size_t), ("connection_id", c_char_p), ("settings_json", c_char_p)]


class AuthorizeParams(Structure):
    _fields_ = [("struct_size", c_size_t), ("callback_url", c_char_p), ("code", c_char_p), ("state", c_char_p)]


class CallRequest(Structure):
    _fields_ = [("struct_size", c_size_t), ("operation", c_char_p), ("params_json", c_char_p),
                ("body", c_char_p), ("body_size", c_size_t), ("flags", c_uint), ("max_items", c_int64)]


def init(struct_type, **fields):
    """The ctypes twin of the TETHER_*_INIT macros: zeroed, struct_size set, then the given fields."""
    value = struct_type(**fields)
    value.struct_size = ctypes.sizeof(struct_type)
    return value


_PROTOTYPES = {
    # name: (restype, argtypes)
    "tether_abi_version": (c_uint32, []),
    "tether_version": (c_char_p, []),
    "tether_status_str": (c_char_p, [c_int]),
    "tether_result_status": (c_int, [c_void_p]),
    "tether_result_reason": (c_char_p, [c_void_p]),
    "tether_result_message": (c_char_p, [c_void_p]),
    "tether_result_http_status": (c_int, [c_void_p]),
    "tether_result_provider_code": (c_int64, [c_void_p]),
    "tether_result_retry_after_ms": (c_int64, [c_void_p]),
    "tether_result_body": (c_void_p, [c_void_p, POINTER(c_size_t)]),
    "tether_result_free": (None, [c_void_p]),
    "tether_connector_open": (c_int, [POINTER(ConnectorOptions), POINTER(c_void_p), POINTER(c_void_p)]),
    "tether_connector_close": (None, [c_void_p]),
    "tether_connection_open": (c_int, [c_void_p, POINTER(ConnectionOptions), POINTER(c_void_p),
                                       POINTER(c_void_p)]),
    "tether_connection_close": (None, [c_void_p]),
    "tether_authorize_begin": (c_int, [c_void_p, POINTER(c_void_p)]),
    "tether_authorize_complete": (c_int, [c_void_p, POINTER(AuthorizeParams), POINTER(c_void_p)]),
    "tether_call": (c_int, [c_void_p, POINTER(CallRequest), POINTER(c_void_p)]),
    "tether_health": (c_int, [c_void_p, c_uint, POINTER(c_void_p)]),
}


def load(path):
    """Loads libtether and declares every prototype (without argtypes ctypes would truncate pointers)."""
    lib = ctypes.CDLL(path)
    for name, (restype, argtypes) in _PROTOTYPES.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = restype, argtypes
    major = lib.tether_abi_version() >> 16
    if major != ABI_VERSION_MAJOR:
        raise RuntimeError(f"libtether implements ABI {major}.x, this host mirrors {ABI_VERSION_MAJOR}.x")
    return lib


class Result:
    """A tether_result read into Python values and freed at once: nothing to forget later."""

    def __init__(self, lib, status, raw):
        self.status = status
        self.status_name = lib.tether_status_str(status).decode()
        self.reason = lib.tether_result_reason(raw).decode() if raw else ""
        self.message = lib.tether_result_message(raw).decode() if raw else ""
        self.http_status = lib.tether_result_http_status(raw) if raw else 0
        self.body = b""
        if raw:
            size = c_size_t(0)
            data = lib.tether_result_body(raw, ctypes.byref(size))
            self.body = ctypes.string_at(data, size.value) if data else b""
        lib.tether_result_free(raw)  # NULL is allowed

    @property
    def ok(self):
        return self.status == OK
