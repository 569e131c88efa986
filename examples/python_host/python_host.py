#!/usr/bin/env python3
"""python_host — a Python platform driving libtether through ctypes (standard library only): its own
in-memory store and logger, authorize a Smartsheet connection (against tether-emulator), list sheets, print
health. Usage: python_host.py <path/to/libtether.so.1> <path/to/smartsheet.yaml> <emulator port>
"""
import ctypes
import http.client
import json
import sys
import threading
import urllib.parse

import tether_ctypes as t


class MemoryStore:
    """tether's storage contract: load a record, replace it only if its version is still the expected one."""

    def __init__(self):
        self._lock = threading.Lock()  # tether may call back from several threads at once
        self._records = {}  # connection id -> (bytes, version >= 1)

    # Exceptions must not escape a ctypes callback: ctypes would print them and return 0, which is TETHER_OK.
    def load(self, _ctx, connection_id, out):
        try:
            with self._lock:
                found = self._records.get(connection_id)
                if found is not None:  # no record: do not call set
                    data, version = found
                    out.contents.set(out, ctypes.cast(ctypes.c_char_p(data), ctypes.c_void_p), len(data), version)
            return t.OK
        except Exception as error:  # noqa: BLE001 — report any failure as the contract says
            print(f"store.load failed: {error}", file=sys.stderr)
            return t.STORAGE_ERROR

    def store(self, _ctx, connection_id, expected_version, data, size):
        try:
            with self._lock:
                current = self._records.get(connection_id, (b"", 0))[1]
                if current != expected_version:
                    return t.CONFLICT  # someone wrote first: tether reloads and decides again
                self._records[connection_id] = (ctypes.string_at(data, size), expected_version + 1)
            return t.OK
        except Exception as error:  # noqa: BLE001
            print(f"store.store failed: {error}", file=sys.stderr)
            return t.STORAGE_ERROR


def log_to_stderr(_ctx, entry):
    """tether's log lines arrive redacted; a platform forwards them to its logging."""
    e = entry.contents
    operation = f" {e.operation.decode()}" if e.operation else ""
    print(f"[tether {e.level}]{operation} {e.message.decode(errors='replace')}", file=sys.stderr)


def redact_query(url):
    """The URL with each query value cut to 4 characters: never print an authorization code in full."""
    parts = urllib.parse.urlsplit(url)
    query = "&".join(f"{k}={v[:4]}..." for k, v in urllib.parse.parse_qsl(parts.query))
    return urllib.parse.urlunsplit(parts._replace(query=query))


def follow_authorize(url):
    """Plays the user's browser: GET the authorize page and return its redirect without following it
    (http.client never follows redirects). A real provider shows a consent page to a human instead."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", f"{parts.path}?{parts.query}")
        response = connection.getresponse()
        response.read()
        location = response.getheader("Location")
        if response.status not in (301, 302, 303, 307, 308) or not location:
            raise RuntimeError(f"the authorize page answered HTTP {response.status} without a redirect")
        return location
    finally:
        connection.close()


class Host:
    def __init__(self, lib):
        self.lib = lib

    def verb(self, fn, *args):
        """Calls a verb with a tether_result out-parameter and returns the read (and freed) Result."""
        raw = ctypes.c_void_p()
        status = fn(*args, ctypes.byref(raw))
        return t.Result(self.lib, status, raw.value)

    def report(self, what, r):
        print(f"{what}: {r.status_name} (reason {r.reason or '-'}, HTTP {r.http_status}): {r.message}",
              file=sys.stderr)


def main(argv):
    if len(argv) != 4:
        print(f"usage: {argv[0]} <libtether.so.1> <smartsheet.yaml> <emulator port>", file=sys.stderr)
        return 2
    lib = t.load(argv[1])
    h = Host(lib)
    abi = lib.tether_abi_version()
    print(f"loaded tether {lib.tether_version().decode()} (ABI {abi >> 16}.{abi & 0xFFFF})")

    # The CFUNCTYPE objects must stay referenced for as long as tether may call them (until the connector
    # closes): if Python collected them, tether would jump into freed memory. They live in `callbacks`.
    store = MemoryStore()
    callbacks = {"load": t.LOAD(store.load), "store": t.STORE(store.store), "log": t.LOG(log_to_stderr)}
    host = t.init(t.Host, load=callbacks["load"], store=callbacks["store"], log=callbacks["log"],
                  log_level=t.LOG_WARN)

    options = t.init(t.ConnectorOptions, abi_version=t.ABI_VERSION, manifest_path=argv[2].encode(),
                     host=ctypes.pointer(host))
    connector = ctypes.c_void_p()
    opened = h.verb(lib.tether_connector_open, ctypes.byref(options), ctypes.byref(connector))
    if not opened.ok:
        h.report("connector_open", opened)
        return 1

    base = f"http://127.0.0.1:{argv[3]}"
    # The secret is a setting like any other; a platform reads it from its secret store.
    settings = json.dumps({"client_id": "tether-test-client", "client_secret": "tether-test-secret",
                           "redirect_uri": "http://127.0.0.1/callback", "scopes": ["READ_SHEETS"],
                           "base_url": f"{base}/2.0", "authorize_url": f"{base}/b/authorize"})
    connection_options = t.init(t.ConnectionOptions, connection_id=b"python-host-demo",
                                settings_json=settings.encode())
    connection = ctypes.c_void_p()
    ok = False
    try:
        opened = h.verb(lib.tether_connection_open, connector, ctypes.byref(connection_options),
                        ctypes.byref(connection))
        if not opened.ok:
            h.report("connection_open", opened)
            return 1

        # Authorize: begin → the user approves on the provider's page → its redirect → complete.
        begun = h.verb(lib.tether_authorize_begin, connection)
        if not begun.ok:
            h.report("authorize_begin", begun)
            return 1
        callback = follow_authorize(json.loads(begun.body)["authorize_url"])
        print(f"authorize: the provider redirected to {redact_query(callback)}")
        params = t.init(t.AuthorizeParams, callback_url=callback.encode())
        authorized = h.verb(lib.tether_authorize_complete, connection, ctypes.byref(params))
        print(f"authorize: {authorized.status_name}")
        if not authorized.ok:
            h.report("authorize_complete", authorized)

        listed = None
        if authorized.ok:
            request = t.init(t.CallRequest, operation=b"sheets.list", params_json=b"{}")
            listed = h.verb(lib.tether_call, connection, ctypes.byref(request))
            if listed.ok:
                sheets = json.loads(listed.body)
                names = ", ".join(s["name"] for s in sheets.get("data", []))
                print(f"sheets.list: ok, HTTP {listed.http_status}, {sheets.get('totalCount')} sheet(s): {names}")
            else:
                h.report("sheets.list", listed)

        # Health is informational: a failure to build it must not fail the host.
        health = h.verb(lib.tether_health, connection, 0)
        if health.ok:
            print(f"health: {health.body.decode()}")
        else:
            print(f"health: {health.status_name} ({health.reason})")

        ok = authorized.ok and listed is not None and listed.ok
    finally:
        # Connections first, then the connector; only then may the callbacks be released.
        lib.tether_connection_close(connection)
        lib.tether_connector_close(connector)
        del callbacks
    print(f"python_host: {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
