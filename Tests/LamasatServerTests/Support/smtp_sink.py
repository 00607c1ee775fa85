"""A local SMTP server for the tests: STARTTLS required, AUTH PLAIN with one user, every accepted message appended
as JSON to the file given; prints "ready PORT" when it listens and stops when its standard input closes."""
import json
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

cert, key, out = sys.argv[1], sys.argv[2], sys.argv[3]


class Sink:
    async def handle_DATA(self, server, session, envelope):
        with open(out, "a", encoding="utf-8") as f:
            f.write(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                                "data": envelope.content.decode("utf-8", "replace"), "tls": session.ssl is not None}) + "\n")
        return "250 OK"


def authenticate(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and data.login == b"lamasat" and data.password == b"mail-secret"
    return AuthResult(success=ok, handled=False)


import socket

with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
controller = Controller(Sink(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                        authenticator=authenticate, auth_required=True, auth_require_tls=True)
controller.start()
print("ready", port, flush=True)
sys.stdin.read()
controller.stop()
