"""Nagle off on every connection, also on the socket a worker gets from ``socket.fromfd``."""

import socket
from pathlib import Path

import pytest

from call_nlp.api.nodelay import HTTP_PROTOCOL, NoDelayHttpToolsProtocol, set_nodelay
from call_nlp.cli import main


class _Transport:
    def __init__(self, sock: socket.socket | None) -> None:
        self.sock = sock

    def get_extra_info(self, name: str) -> object:
        return self.sock if name == "socket" else None


def _nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_nodelay_is_set_on_a_connection_accepted_from_a_shared_listening_socket() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    shared = socket.fromfd(listener.fileno(), socket.AF_INET, socket.SOCK_STREAM)  # what a worker gets
    client = socket.create_connection(listener.getsockname())
    accepted, _ = shared.accept()
    try:
        assert _nodelay(accepted) == 0  # the default a worker's connection starts with
        assert set_nodelay(_Transport(accepted)) is True
        assert _nodelay(accepted) == 1
    finally:
        for s in (accepted, client, shared, listener):
            s.close()


def test_nodelay_leaves_non_tcp_transports_alone() -> None:
    assert set_nodelay(_Transport(None)) is False
    left, right = socket.socketpair(socket.AF_UNIX)
    try:
        assert set_nodelay(_Transport(left)) is False
    finally:
        left.close()
        right.close()


def test_serve_protocol_turns_nagle_off_when_a_worker_accepts_a_connection() -> None:
    """The protocol `call-nlp serve` gives uvicorn, driven on a connection accepted from a
    worker's shared socket, leaves it with Nagle off."""
    import asyncio

    import uvicorn
    from uvicorn.importer import import_from_string
    from uvicorn.server import ServerState

    assert import_from_string(HTTP_PROTOCOL) is NoDelayHttpToolsProtocol
    listener = socket.create_server(("127.0.0.1", 0))
    shared = socket.fromfd(listener.fileno(), socket.AF_INET, socket.SOCK_STREAM)
    client = socket.create_connection(listener.getsockname())
    accepted, _ = shared.accept()
    loop = asyncio.new_event_loop()
    try:
        config = uvicorn.Config(app=lambda scope, receive, send: None, log_level="warning")
        config.load()
        protocol = NoDelayHttpToolsProtocol(config=config, server_state=ServerState(), app_state={}, _loop=loop)
        assert _nodelay(accepted) == 0
        protocol.connection_made(_Transport(accepted))
        assert _nodelay(accepted) == 1
    finally:
        loop.close()
        for s in (accepted, client, shared, listener):
            s.close()


def test_serve_refuses_zero_workers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["serve", "--workers", "0", "--model", str(tmp_path)]) == 2
    assert "--workers must be at least 1" in capsys.readouterr().err
