"""uvicorn HTTP protocols that turn Nagle's algorithm off on every connection.

asyncio sets ``TCP_NODELAY`` only on sockets it recognises as TCP. With ``--workers N``,
uvicorn hands each worker the listening socket through ``socket.fromfd``, whose ``proto``
reads 0, so accepted connections keep Nagle on: a small response then waits for the
client's delayed ACK, about 40-48 ms a request (uvicorn issue 3149). These protocols set the
option themselves on every TCP connection, whatever the worker count.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

#: What `call-nlp serve` passes to uvicorn as ``http=`` (an import string: workers import it).
HTTP_PROTOCOL = "call_nlp.api.nodelay:NoDelayHttpToolsProtocol"


def set_nodelay(transport: asyncio.BaseTransport) -> bool:
    """Turn Nagle off on the transport's socket when it is TCP; whether it did."""
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.type != socket.SOCK_STREAM:
        return False
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        return False
    return True


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)

