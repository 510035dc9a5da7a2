"""A real SMTP server on loopback (aiosmtpd) that keeps what it is sent, for the mail sender's tests."""

from __future__ import annotations

import email
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import Message

from aiosmtpd.controller import Controller


@dataclass
class Received:
    messages: list[Message] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Seconds to wait before accepting each message: a test can kill a sender mid-send.
    pause: float = 0.0
    # Recipients refused for good (550), as a bounce.
    refuse: set[str] = field(default_factory=set)

    def message_ids(self) -> list[str]:
        with self.lock:
            return [str(m["Message-ID"]) for m in self.messages]


class Handler:
    def __init__(self, received: Received) -> None:
        self.received = received

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.received.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.received.lock:
            self.received.messages.append(message)
        if self.received.pause:
            time.sleep(self.received.pause)  # holds the reply: the sender waits here
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(received: Received) -> Controller:
    controller = Controller(Handler(received), hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller
