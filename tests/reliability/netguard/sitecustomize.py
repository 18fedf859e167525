"""Loaded by child processes of the reliability tests: every network attempt fails and is logged.

The log (``$ROADBOOK_NET_LOG``) gets one line per attempt; the tests count them.
"""

import os
import socket


def _blocked(kind):
    def refuse(self_or_host, *args, **kwargs):
        log = os.environ.get("ROADBOOK_NET_LOG")
        if log:
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()} {kind} {args[:1]!r}\n")
        raise OSError(f"network blocked in reliability tests ({kind})")

    return refuse


socket.socket.connect = _blocked("connect")
socket.socket.connect_ex = _blocked("connect_ex")
socket.socket.sendto = _blocked("sendto")
socket.getaddrinfo = _blocked("getaddrinfo")
