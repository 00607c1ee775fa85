"""HTTP behaviour a browser rarely shows but real networks do."""
import re
import socket
import time
import urllib.parse
import urllib.request


def test_a_form_whose_body_arrives_in_two_pieces_is_accepted(server):
    base = server["base"]
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    with urllib.request.urlopen(base + "/signin", timeout=30) as response:
        cookie = response.headers["Set-Cookie"].split(";")[0]
        token = re.search(r'name="csrf-token" content="([^"]+)"', response.read().decode()).group(1)
    body = urllib.parse.urlencode({"_csrf": token, "lang": "en", "return": "/signin"}).encode()
    head = (f"POST /language HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    # Every read of the reply gives up after 30 s: a server that never answers fails the test instead of hanging it.
    with socket.create_connection((host, port), timeout=30) as connection:
        connection.sendall(head + body[:10])
        # The pause is the behaviour under test: the rest of the body comes in a later packet, as on a slow phone network.
        time.sleep(0.3)
        connection.sendall(body[10:])
        reply = connection.makefile("rb").read().decode(errors="replace")
    status = reply.split("\r\n", 1)[0]
    assert " 303 " in status, reply[:300]
