#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""rawpeer: speak (and mis-speak) LNet's socklnd protocol by hand.

Used by the selftests to play a stock Lustre 2.16.1 peer, using the byte
layouts captured from one (tests/vectors/), and to send garbage.

  rawpeer.py ping ADDR SRC_NID DST_NID
      connect to ADDR:988 from a privileged port as a stock node does, ping
      DST_NID and print its ping buffer as "nid STATUS" lines
  rawpeer.py serve ADDR NID
      listen on ADDR:988 as a stock node: answer one hello and one ping
      (GET portal 0) with a stock-shaped ping buffer, then exit
  rawpeer.py attack KIND ADDR SRC_NID DST_NID [--port P]
      send bad bytes of a KIND; print "closed" when the node hung up
      within 10 s, "open" otherwise (KIND too-long: "served" when the node
      answered a ping sent after the bad PUT on the same connection)
  rawpeer.py stripe-flood ADDR SRC_NID DST_NID N
      start N striped GETs of the node's ping buffer (lnetmr's stripe
      extension), each its first stripe of two and never the second, so
      that each would hold an entry until the transaction timeout; print
      how many the node answered (REPLY stripes)
  rawpeer.py fuzz ADDR SRC_NID DST_NID CASES SEED
      CASES connections, each a stream built from the captured layouts
      (acceptor request, hello, PUT/GET/ACK/REPLY headers, lnetmr's stripe
      extension) with fields set to their limits, bytes flipped, lengths
      huge or cut short, sent in pieces; print "fuzz: N cases, C closed by
      the node, O left open" (the same SEED gives the same streams)
"""

import os
import random
import socket
import struct
import sys
import threading

ACCEPTOR_MAGIC = 0xacce7100
HELLO_MAGIC = 0x45726963
PING_MAGIC = 0x70696E67
SOCK_LNET = 0xc1
CONN_CONTROL = 1
LNET_GET, LNET_REPLY, LNET_PUT = 2, 3, 1
PID = 12345
PING_MB = 0x8000000000000000
STATUS_UP = 0x15aac0de
NONE = 0xffffffffffffffff


def nid_of(text):
    addr, net = text.split("@")
    assert net.startswith("tcp")
    num = int(net[3:] or 0)
    a = [int(x) for x in addr.split(".")]
    return (2 << 48) | (num << 32) | (a[0] << 24) | (a[1] << 16) | (a[2] << 8) | a[3]


def nid_str(nid):
    addr = nid & 0xffffffff
    net, typ = (nid >> 32) & 0xffff, nid >> 48
    if typ == 9:
        return "0@lo"
    name = {2: "tcp", 5: "o2ib"}.get(typ, f"<{typ}>")
    return "%d.%d.%d.%d@%s%s" % (addr >> 24, (addr >> 16) & 255, (addr >> 8) & 255,
                                 addr & 255, name, net or "")


def acceptor_req(target):
    return struct.pack("<IIQ", ACCEPTOR_MAGIC, 1, target)


def hello(src, dst, src_inc, dst_inc=0, conn=CONN_CONTROL, dst_pid=PID):
    return struct.pack("<IIQQIIQQII", HELLO_MAGIC, 3, src, dst, PID, dst_pid,
                       src_inc, dst_inc, conn, 0)


def sock_hdr():
    return struct.pack("<IIQQ", SOCK_LNET, 0, 0, 0)


def lnet_hdr(dst, src, typ, payload_len, body):
    assert len(body) == 40
    return struct.pack("<QQIIII", dst, src, PID, PID, typ, payload_len) + body


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed after %d of %d bytes" % (len(buf), n))
        buf += chunk
    return buf


def connect_privileged(addr, port=988, low=512):
    for sport in range(1023, low - 1, -1):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("0.0.0.0", sport))
            s.settimeout(10)
            s.connect((addr, port))
            return s
        except OSError:
            s.close()
    raise OSError("no privileged port available")


def read_hello(s):
    fixed = recv_exact(s, 56)
    magic, ver, src, dst, spid, dpid, sinc, dinc, conn, nips = \
        struct.unpack("<IIQQIIQQII", fixed)
    if magic != HELLO_MAGIC or ver != 3:
        raise ValueError("bad hello magic/version %#x/%d" % (magic, ver))
    recv_exact(s, 4 * nips)
    return dict(src=src, dst=dst, src_pid=spid, dst_pid=dpid, src_inc=sinc,
                dst_inc=dinc, conn=conn)


def cmd_ping(addr, src_text, dst_text):
    src, dst = nid_of(src_text), nid_of(dst_text)
    s = connect_privileged(addr)
    s.sendall(acceptor_req(dst) + hello(src, dst, 0x1122334455667788, 0, CONN_CONTROL, 0))
    h = read_hello(s)
    if h["src"] != dst or h["dst"] != src or h["dst_inc"] != 0x1122334455667788:
        raise ValueError("unexpected answering hello %r" % h)
    s.sendall(ping_get(src, dst))
    payload = ping_reply(s)
    magic, features, pid, nnis = struct.unpack("<IIII", payload[:16])
    if magic != PING_MAGIC:
        raise ValueError("not a ping buffer")
    print("features %#x pid %d nnis %d" % (features, pid, nnis))
    for i in range(nnis):
        nid, status, _ = struct.unpack("<QII", payload[16 + 16 * i:32 + 16 * i])
        print(nid_str(nid), "up" if status == STATUS_UP else "%#x" % status)
    s.close()


def ping_get(src, dst):
    """the GET of the captured ping: portal 0, sink length 272"""
    body = struct.pack("<QQQIII", 0x1111, 0x2222, PING_MB, 0, 0, 272) + b"\0" * 4
    return sock_hdr() + lnet_hdr(dst, src, LNET_GET, 0, body)


def ping_reply(s):
    """read up to the REPLY to ping_get(); return its payload"""
    while True:
        shdr = recv_exact(s, 24)
        if struct.unpack("<I", shdr[:4])[0] != SOCK_LNET:
            continue       # NOOP
        hdr = recv_exact(s, 72)
        d, sr, dp, sp, typ, plen = struct.unpack("<QQIIII", hdr[:32])
        payload = recv_exact(s, plen)
        if typ == LNET_REPLY:
            break
    cookie, obj = struct.unpack("<QQ", hdr[32:48])
    if (cookie, obj) != (0x1111, 0x2222):
        raise ValueError("REPLY does not echo our handle")
    return payload


def cmd_serve(addr, nid_text):
    me = nid_of(nid_text)
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, 988))
    ls.listen(4)
    ls.settimeout(30)
    print("listening", flush=True)
    inc = 0x18ebbf712940387e            # the stock node's, from the capture
    while True:
        s, peer = ls.accept()
        s.settimeout(30)
        magic, ver, target = struct.unpack("<IIQ", recv_exact(s, 16))
        if magic != ACCEPTOR_MAGIC or ver != 1 or target != me:
            print("bad acceptor request", hex(magic), ver, nid_str(target))
            sys.exit(1)
        if peer[1] >= 1024:
            print("connection from unprivileged port", peer[1])
            sys.exit(1)
        h = read_hello(s)
        # the stock passive answer: dst_incarnation 0, the same conn type
        s.sendall(hello(me, h["src"], inc, 0, h["conn"], h["src_pid"]))
        if h["conn"] != CONN_CONTROL:
            continue        # bulk connections: keep them open, wait for the ping
        while True:
            shdr = recv_exact(s, 24)
            if struct.unpack("<I", shdr[:4])[0] != SOCK_LNET:
                continue
            hdr = recv_exact(s, 72)
            d, sr, dp, sp, typ, plen = struct.unpack("<QQIIII", hdr[:32])
            recv_exact(s, plen)
            if typ != LNET_GET:
                continue
            wmd = hdr[32:48]
            mb, portal, off, sink = struct.unpack("<QIII", hdr[48:68])
            if portal != 0 or mb != PING_MB:
                continue
            buf = struct.pack("<IIII", PING_MAGIC, 0x1e, PID, 2)
            buf += struct.pack("<QII", 9 << 48, 2, 0)
            buf += struct.pack("<QII", me, STATUS_UP, 0)
            buf = buf[:sink]
            body = wmd + b"\0" * 24
            s.sendall(sock_hdr() + lnet_hdr(sr, me, LNET_REPLY, len(buf), body) + buf)
            print("answered ping from", nid_str(sr), flush=True)
            s.close()
            return


LNETMR_MSG_STRIPE = 0x4c4d5354


def stripe_ext(typ, length, cookie, xfer_length, offset, index, count):
    return struct.pack("<IIQIIHH", typ, length, cookie, xfer_length, offset,
                       index, count) + b"\0" * 12


def cmd_stripe_flood(addr, src_text, dst_text, n):
    src, dst = nid_of(src_text), nid_of(dst_text)
    s = connect_privileged(addr)
    s.sendall(acceptor_req(dst) + hello(src, dst, 0x7777, 0, CONN_CONTROL, 0))
    read_hello(s)
    replies = [0]

    def drain():
        try:
            while True:
                shdr = recv_exact(s, 24)
                if struct.unpack("<I", shdr[:4])[0] != SOCK_LNET:
                    continue       # NOOP
                hdr = recv_exact(s, 72)
                typ, plen = struct.unpack("<II", hdr[24:32])
                if typ == LNETMR_MSG_STRIPE:
                    recv_exact(s, 40)
                    replies[0] += 1
                recv_exact(s, plen)
        except (OSError, EOFError):
            pass

    s.settimeout(5)
    reader = threading.Thread(target=drain)
    reader.start()
    out = b""
    for i in range(n):
        # the ping buffer's first 136 bytes of 272, as stripe 0 of 2
        body = struct.pack("<QQQIII", 0x3333, i, PING_MB, 0, 0, 272) + b"\0" * 4
        out += (sock_hdr() + lnet_hdr(dst, src, LNETMR_MSG_STRIPE, 0, body) +
                stripe_ext(LNET_GET, 136, 0x5eed000000000000 | i, 272, 0, 0, 2))
        if len(out) > 65536:
            s.sendall(out)
            out = b""
    s.sendall(out)
    reader.join()          # ends once the node is silent for 5 s
    s.close()
    print(replies[0])


def cmd_attack(kind, addr, src_text, dst_text, port=None):
    src, dst = nid_of(src_text), nid_of(dst_text)
    try:
        if port is None:
            s = connect_privileged(addr)
        else:
            s = socket.socket()
            s.bind(("0.0.0.0", port))
            s.settimeout(10)
            s.connect((addr, 988))
    except ConnectionResetError:
        print("closed")
        return
    good = acceptor_req(dst) + hello(src, dst, 0x5555, 0, CONN_CONTROL, 0)
    if kind == "garbage":
        data = os.urandom(4096)
    elif kind == "bad-magic":
        data = struct.pack("<IIQ", 0xdeadbeef, 1, dst)
    elif kind == "bad-target":
        data = acceptor_req(nid_of("10.99.99.99@tcp"))
    elif kind == "truncated-hello":
        data = acceptor_req(dst) + good[16:40]
    elif kind == "hello-bad-version":
        data = acceptor_req(dst) + struct.pack("<II", HELLO_MAGIC, 7) + b"\0" * 48
    elif kind == "hello-many-ips":
        data = acceptor_req(dst) + good[16:16 + 52] + struct.pack("<I", 100000)
    elif kind == "oversize":
        body = struct.pack("<QQQQII", NONE, NONE, 1, 0, 62, 0)
        data = good + sock_hdr() + lnet_hdr(dst, src, LNET_PUT, 2 << 20, body)
    elif kind == "bad-type":
        data = good + sock_hdr() + lnet_hdr(dst, src, 77, 0, b"\0" * 40)
    elif kind == "outside-md":
        # a PUT to the bench sink (MDs of 1 MiB it lets us address) at 2 MiB
        body = struct.pack("<QQQQII", NONE, NONE, 1, 0, 62, 2 << 20)
        data = good + sock_hdr() + lnet_hdr(dst, src, LNET_PUT, 16, body) + b"x" * 16
    elif kind == "too-long":
        # a PUT that starts inside the bench sink (1 MiB) and runs past its
        # end, then a ping on the same connection: a drop, and the node goes on
        body = struct.pack("<QQQQII", NONE, NONE, 1, 0, 62, (1 << 20) - 8)
        s.sendall(good + sock_hdr() + lnet_hdr(dst, src, LNET_PUT, 16, body) + b"x" * 16 +
                  ping_get(src, dst))
        try:
            read_hello(s)
            ping_reply(s)
            print("served")
        except (EOFError, OSError, ValueError):
            print("closed")
        return
    elif kind == "forged-src":
        # a ping that claims to come from another node
        body = struct.pack("<QQQIII", 1, 2, PING_MB, 0, 0, 272) + b"\0" * 4
        data = good + sock_hdr() + lnet_hdr(dst, nid_of("10.9.9.9@tcp"), LNET_GET, 0, body)
    elif kind == "hello-not-our-address":
        # a good hello and ping, claiming a NID whose address is not ours
        body = struct.pack("<QQQIII", 1, 2, PING_MB, 0, 0, 272) + b"\0" * 4
        data = good + sock_hdr() + lnet_hdr(dst, src, LNET_GET, 0, body)
    elif kind == "bad-sock-type":
        data = good + struct.pack("<IIQQ", 0x99, 0, 0, 0)
    else:
        raise SystemExit("unknown attack " + kind)
    try:
        s.sendall(data)
        if kind == "truncated-hello":
            pass            # and then say nothing: the node must give up on us
        while True:
            if not s.recv(65536):
                print("closed")
                return
    except (ConnectionResetError, BrokenPipeError):
        print("closed")
    except socket.timeout:
        print("open")


EDGES32 = [0, 1, 2, 16, 40, 72, 4095, 4096, 65536, 1 << 20, 2 << 20, 64 << 20,
           0x7fffffff, 0x80000000, 0xffffffff]
EDGES64 = [0, 1, NONE, 0x7fffffffffffffff, PING_MB, 0x1111]


def fuzz_message(rng, src, dst):
    """one LNet message as socklnd frames it, its fields drawn or at limits"""
    def u32(common):
        return rng.choice(EDGES32) if rng.random() < 0.5 else common

    typ = rng.choice([0, LNET_PUT, LNET_GET, LNET_REPLY, 4, 5, 77, LNETMR_MSG_STRIPE])
    plen = u32(rng.choice([0, 16, 272, 4096]))
    kind = rng.random()
    if kind < 0.3:      # a GET: match bits, portal, offset, sink length
        body = struct.pack("<QQQIII", rng.choice(EDGES64), rng.choice(EDGES64),
                           rng.choice([PING_MB, 1, 0, NONE]), rng.choice([0, 62, 63, 255]),
                           u32(0), u32(272)) + b"\0" * 4
    elif kind < 0.6:    # a PUT: ACK handle, match bits, header data, portal, offset
        body = struct.pack("<QQQQII", rng.choice(EDGES64), rng.choice(EDGES64),
                           rng.choice([1, 0, NONE, PING_MB]), rng.choice(EDGES64),
                           rng.choice([0, 62, 63, 255]), u32(0))
    else:
        body = bytes(rng.getrandbits(8) for _ in range(40))
    d = dst if rng.random() < 0.8 else rng.choice([src, 0, NONE, nid_of("10.99.0.1@tcp")])
    sr = src if rng.random() < 0.8 else rng.choice([dst, 0, nid_of("10.9.9.9@tcp")])
    shdr = sock_hdr() if rng.random() < 0.9 else struct.pack(
        "<IIQQ", rng.choice([0, 0xc0, 0xc2, 0xc3, 0xffffffff]), 0, 0, 0)
    msg = shdr + lnet_hdr(d, sr, typ, plen, body)
    if typ == LNETMR_MSG_STRIPE:
        msg += stripe_ext(rng.choice([LNET_PUT, LNET_GET, 9]), u32(plen), rng.getrandbits(64),
                          u32(1 << 20), u32(0), rng.randrange(70), rng.choice([0, 1, 2, 64, 65535]))
    # the payload: what plen says, or less (the stream ends inside it)
    n = min(plen, 65536) if rng.random() < 0.7 else rng.randrange(0, 100)
    return msg + bytes(rng.getrandbits(8) for _ in range(min(n, 256))) + b"x" * max(0, n - 256)


def fuzz_stream(rng, src, dst, case):
    good_hello = acceptor_req(dst) + hello(src, dst, 0x0f00000000000000 | case, 0,
                                           rng.choice([CONN_CONTROL, CONN_CONTROL, 2, 3, 0, 9]), 0)
    stream = bytearray(good_hello)
    if rng.random() < 0.2:      # a field of the hello at a limit
        off = rng.choice([0, 4, 8, 16, 20, 24, 32, 36, 40, 48, 56, 64, 68])
        stream[off:off + 4] = struct.pack("<I", rng.choice(EDGES32))
    for _ in range(rng.randrange(0, 6)):
        stream += fuzz_message(rng, src, dst)
    if rng.random() < 0.3:      # bytes flipped anywhere
        for _ in range(rng.randrange(1, 8)):
            stream[rng.randrange(len(stream))] ^= 1 << rng.randrange(8)
    if rng.random() < 0.2:      # cut short
        del stream[rng.randrange(len(stream)):]
    return bytes(stream)


def cmd_fuzz(addr, src_text, dst_text, cases, seed):
    src, dst = nid_of(src_text), nid_of(dst_text)
    rng = random.Random(seed)
    closed = left_open = 0
    for case in range(cases):
        data = fuzz_stream(rng, src, dst, case)
        try:
            s = connect_privileged(addr)
        except OSError:
            closed += 1     # refused at once
            continue
        # reset when we close, so the privileged ports do not sit in TIME_WAIT
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.settimeout(0.3)
        try:
            while data:     # in pieces, as a slow or odd sender would
                n = rng.choice([len(data), 1, 7, 24, 96, 1000])
                s.sendall(data[:n])
                data = data[n:]
            while s.recv(65536):
                pass
            closed += 1
        except (ConnectionResetError, BrokenPipeError):
            closed += 1
        except socket.timeout:
            left_open += 1
        s.close()
    print("fuzz: %d cases, %d closed by the node, %d left open" % (cases, closed, left_open))


def main():
    a = sys.argv[1:]
    if not a:
        raise SystemExit(__doc__)
    if a[0] == "ping" and len(a) == 4:
        cmd_ping(*a[1:])
    elif a[0] == "serve" and len(a) == 3:
        cmd_serve(*a[1:])
    elif a[0] == "stripe-flood" and len(a) == 5:
        cmd_stripe_flood(a[1], a[2], a[3], int(a[4]))
    elif a[0] == "fuzz" and len(a) == 6:
        cmd_fuzz(a[1], a[2], a[3], int(a[4]), int(a[5]))
    elif a[0] == "attack" and len(a) in (5, 7):
        cmd_attack(a[1], a[2], a[3], a[4], int(a[6]) if len(a) == 7 else None)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
