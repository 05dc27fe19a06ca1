"""The socket guard itself: it must catch a connection attempt, or the no-network tests mean nothing."""
import socket

import pytest


def test_guard_fails_outside_connections():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(pytest.fail.Exception, match="network connection"):
            sock.connect(("192.0.2.1", 9))        # TEST-NET-1: never reached, refused by the guard
    finally:
        sock.close()


def test_guard_allows_loopback():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.socket()
    try:
        client.connect(server.getsockname())
    finally:
        client.close()
        server.close()
