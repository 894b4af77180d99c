#!/usr/bin/env python3
"""A local SMTP server for ParleyChannelsTests: accepts mail on 127.0.0.1 and stores it.

Usage: smtp_sink.py --directory DIR [--starttls] [--auth USER:PASSWORD]

Prints the listening port alone on the first line of standard output, then serves until it is
terminated or its standard input closes (so that it never outlives the test process). Each message
is written as DIR/message-N.eml (the raw DATA bytes) and DIR/message-N.json (envelope sender,
recipients, whether the session was TLS and authenticated). Recipients whose local part starts with
reject450 or reject550 are refused with that reply code. With --starttls a self-signed certificate
for 127.0.0.1 is made with the openssl CLI as DIR/cert.pem (for the client's CA file) and STARTTLS
is required; with --auth, AUTH PLAIN/LOGIN with that user is required.
"""
import argparse
import asyncio
import json
import os
import socket
import ssl
import subprocess
import sys
import threading

try:
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
except ImportError:
    print("ERROR the Python package aiosmtpd is missing: pip install aiosmtpd", flush=True)
    sys.exit(3)


def make_certificate(directory):
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", key, "-out", cert],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0]
        if local.startswith("reject450"):
            return "450 4.2.1 Mailbox busy, try again later"
        if local.startswith("reject550"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, "message-%d" % self.count)
        with open(base + ".eml", "wb") as raw:
            raw.write(envelope.original_content)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
        }
        # Written last and renamed into place, so a reader never sees half a message.
        with open(base + ".json.tmp", "w") as out:
            json.dump(meta, out)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 2.0.0 Ok: queued as %d" % self.count


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        if (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
                and auth_data.password == password.encode()):
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)
    return check


def exit_when_parent_goes():
    sys.stdin.read()
    os._exit(0)


async def serve(args):
    tls_context = None
    if args.starttls:
        cert, key = make_certificate(args.directory)
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(cert, key)
    auth = None
    if args.auth:
        user, password = args.auth.split(":", 1)
        auth = authenticator(user, password)
    sink = Sink(args.directory)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)

    def factory():
        return SMTP(sink, hostname="parley-test-sink", decode_data=False,
                    tls_context=tls_context, require_starttls=tls_context is not None,
                    authenticator=auth, auth_required=auth is not None,
                    auth_require_tls=tls_context is not None)

    server = await asyncio.get_running_loop().create_server(factory, sock=listener)
    print(listener.getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--directory", required=True)
    parser.add_argument("--starttls", action="store_true")
    parser.add_argument("--auth")
    args = parser.parse_args()
    threading.Thread(target=exit_when_parent_goes, daemon=True).start()
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
