"""HTTP/1.1, the little the load generator needs: parse a response read to EOF, keep cookies by hand."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]  # names lower-cased, in order (Set-Cookie repeats)
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def _dechunk(data: bytes) -> bytes:
    out, pos = bytearray(), 0
    while True:
        eol = data.index(b"\r\n", pos)
        size = int(data[pos:eol].split(b";")[0], 16)
        if size == 0:
            return bytes(out)
        out += data[eol + 2 : eol + 2 + size]
        pos = eol + 2 + size + 2


def parse_response(raw: bytes) -> Response:
    """Parse a complete HTTP/1.1 response read until the server closed the connection."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        raise ValueError("incomplete response (no end of headers)")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/"):
        raise ValueError(f"not an HTTP response: {lines[0][:60]!r}")
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    response = Response(int(parts[1]), headers, body)
    if (response.header("transfer-encoding") or "").lower() == "chunked":
        response.body = _dechunk(body)
    else:
        length = response.header("content-length")
        if length is not None and len(body) < int(length):
            raise ValueError(f"short body: {len(body)} of {length} bytes")
    return response


class CookieJar:
    """Name → value, as a browser would keep them for one site (Path, Domain and Secure ignored:
    we play the browser behind a TLS-terminating proxy on one host)."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def update(self, response: Response) -> None:
        for name, value in response.headers:
            if name != "set-cookie":
                continue
            pair, *attrs = value.split(";")
            key, _, val = pair.strip().partition("=")
            expired = any(a.strip().lower() in ("max-age=0", "max-age=-1") for a in attrs)
            expired = expired or any("expires=thu, 01 jan 1970" in a.strip().lower() for a in attrs)
            if expired:
                self.values.pop(key, None)
            else:
                self.values[key] = val.strip('"')

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.values.items())
