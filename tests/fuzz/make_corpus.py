#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets, tests/fuzz/corpus/<target>/, from what the tests
already hold: the RFC 5769 vectors (as in tests/stun/rfc5769_test.cpp), the browser SDPs of
tests/data/sdp, candidate lines and blobs as in tests/sdp, the DCEP bytes of
tests/sctp/dcep_test.cpp. peer_session's seeds come from a real connection instead:
    LUCID_FUZZ_WRITE_SEEDS=tests/fuzz/corpus/peer_session build-fuzz/tests/fuzz/fuzz_peer_session -runs=1
Run from the repository root; the files are committed, so this is only needed to remake them."""
import base64, json, pathlib, re, struct

root = pathlib.Path(__file__).resolve().parents[2]
corpus = root / "tests/fuzz/corpus"


def put(target, name, data):
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def hexbytes(text):
    return bytes.fromhex(re.sub(r"\s", "", text))


# RFC 5769 §2.1-§2.4, the same bytes as tests/stun/rfc5769_test.cpp.
rfc5769 = {
    "rfc5769-2.1-request": "0001 0058 2112a442 b7e7a701bc34d686fa87dfae 8022 0010 5354554e207465737420636c69656e74"
    "0024 0004 6e0001ff 8029 0008 932ff9b151263b36 0006 0009 6576746a3a68367659 202020"
    "0008 0014 9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2 8028 0004 e57a3bcf",
    "rfc5769-2.2-ipv4-response": "0101 003c 2112a442 b7e7a701bc34d686fa87dfae 8022 000b 7465737420766563746f72 20"
    "0020 0008 0001a147e112a643 0008 0014 2b91f599fd9e90c38c7489f92af9ba53f06be7d7 8028 0004 c07d4c96",
    "rfc5769-2.3-ipv6-response": "0101 0048 2112a442 b7e7a701bc34d686fa87dfae 8022 000b 7465737420766563746f72 20"
    "0020 0014 0002a147 0113a9faa5d3f179bc25f4b5bed2b9d9 0008 0014 a382954e4be67bf11784c97c8292c275bfe3ed41"
    "8028 0004 c8fb0b4c",
    "rfc5769-2.4-long-term-request": "0001 0060 2112a442 78ad3433c6ad72c029da412e"
    "0006 0012 e3839ee38388e383aae38383e382afe382b9 0000"
    "0015 001c 662f2f3439396b39353464364f4c33346f4c394653547679 36347341"
    "0014 000b 6578616d706c652e6f7267 00 0008 0014 f67024656dd64a3e02b8e0712e85c9a28ca89666",
}
for name, text in rfc5769.items():
    put("stun", name, hexbytes(text))


def stun(msg_type, tid, attrs):
    body = b""
    for t, v in attrs:
        body += struct.pack("!HH", t, len(v)) + v + b"\0" * (-len(v) % 4)
    return struct.pack("!HHI", msg_type, len(body), 0x2112A442) + tid + body


def xor_address(ip, port):
    a = bytes(int(x) for x in ip.split("."))
    return struct.pack("!BBH", 0, 1, port ^ 0x2112) + bytes(b ^ c for b, c in zip(a, b"\x21\x12\xa4\x42"))


tid = bytes(range(1, 13))
check = stun(0x0001, tid, [(0x0006, b"LOCl:REMo"), (0x0024, struct.pack("!I", 1862270975)),
                           (0x802A, struct.pack("!Q", 1)), (0x0025, b"")])
success = stun(0x0101, tid, [(0x0020, xor_address("192.0.2.1", 5000))])
error_487 = stun(0x0111, tid, [(0x0009, struct.pack("!HBB", 0, 4, 87) + b"Role Conflict")])
consent = stun(0x0001, tid, [(0x0006, b"LOCl:REMo"), (0x0024, struct.pack("!I", 1862270975)),
                             (0x8029, struct.pack("!Q", 2))])
put("stun", "binding-check", check)
put("stun", "binding-success", success)
put("stun", "binding-error-487", error_487)


def frame(flags, data):
    return bytes([flags]) + struct.pack("!H", len(data)) + data


# ice_agent: flags bit 2 = sign it, bits 0-1 = from where, bits 3-7 = time before it.
put("ice_agent", "check-from-peer", frame(0x04, check))
put("ice_agent", "check-then-success", frame(0x04, check) + frame(0x04 | (5 << 3), success))
put("ice_agent", "success-then-nominate", frame(0x0C, success) + frame(0x04, check) + frame(0x24, consent))
put("ice_agent", "prflx-check", frame(0x05, check))
put("ice_agent", "stun-server-answer", frame(0x02, success))
put("ice_agent", "role-conflict", frame(0x04, error_487))
put("ice_agent", "dtls-and-rtp", frame(0, bytes([22, 254, 253, 0, 0])) + frame(0, bytes([0x80, 96, 0, 1])))
put("ice_agent", "rfc5769-request", frame(0, hexbytes(rfc5769["rfc5769-2.1-request"])))

# sdp and peer_description: every real description of tests/data/sdp.
sdps = sorted((root / "tests/data/sdp").glob("*.sdp"))
for p in sdps:
    put("sdp", p.stem, p.read_bytes())
    put("peer_description", p.stem, p.read_bytes())
    lf = p.read_bytes().replace(b"\r\n", b"\n")
put("sdp", "lf-line-endings", lf)

# candidate: the lines of tests/sdp/candidate_test.cpp and those of the real SDPs.
lines = set()
for p in sdps:
    for line in p.read_text().splitlines():
        if line.startswith("a=candidate:"):
            lines.add(line)
lines |= {
    "candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0 ufrag EsAw network-id 1",
    "candidate:3 1 UDP 41885439 198.51.100.9 61001 typ relay raddr 203.0.113.7 rport 50000",
    "candidate:4 1 udp 1845501695 192.0.2.44 6000 typ prflx raddr 0.0.0.0 rport 0",
    "candidate:1 1 UDP 2122252543 2a02:a03f:3eb0:e000:b0aa:d60a:cff2:933c 44087 typ host",
    "candidate:1 1 udp 2113937151 f48832f3-5606-47f1-8cd3-af7c3563c5bf.local 52617 typ host generation 0 network-cost 999",
    "candidate:195632406 1 tcp 1518280447 192.168.92.78 9 typ host tcptype active generation 0 network-id 1 network-cost 10",
    "1 1 UDP 2130706431 192.0.2.1 5000 typ host",
}
for i, line in enumerate(sorted(lines)):
    put("candidate", f"line-{i:02}", line)

# blob: base64 of the JSON, the JSON, plain SDP, as tests/sdp/description_blob_test.cpp.
for p in sdps[:6]:
    kind = "answer" if "answer" in p.stem else "offer"
    j = json.dumps({"type": kind, "sdp": p.read_text()}, separators=(",", ":"))
    put("blob", p.stem + ".json", j)
    put("blob", p.stem + ".b64", base64.b64encode(j.encode()).decode())
put("blob", "plain-sdp", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
put("blob", "escapes.json", ' {\n  "sdp" : "v=0\\r\\na=x:\\"q\\"\\\\\\/\\u00e9\\ud83d\\ude00\\r\\n",\t"extra": "ignored", "type":"pranswer" } ')
put("blob", "rollback.json", '{"type":"rollback"}')

# dcep: the bytes of tests/sctp/dcep_test.cpp (RFC 8832 §5).
for name, text in {
    "open-reliable-chat": "03 00 0100 00000000 0004 0000 63686174",
    "open-unordered-rexmit": "03 81 0200 00000003 0004 0004 67616d65 6a736f6e",
    "open-timed": "03 02 0100 000005dc 0000 0000",
    "ack": "02",
    "open-unknown-type": "03 03 0100 00000000 0000 0000",
}.items():
    put("dcep", name, hexbytes(text))
# turn: frames of server answers for tests/fuzz/turn_fuzz.cpp. Flags: bit 0 = sign it as a
# response to request number (first transaction id byte) % (requests sent), bits 1-2 = a command
# first (1 permission, 2 channel, 3 send), bits 3-7 = time before it (x 20 s).
def xor_peer(ip, port):
    return xor_address(ip, port)


def turn_tid(n):
    return bytes([n]) + bytes(range(2, 13))


def error(msg_type, n, code, reason, extra=()):
    value = struct.pack("!HBB", 0, code // 100, code % 100) + reason.encode()
    return stun(msg_type, turn_tid(n), [(0x0009, value)] + list(extra))


allocated = stun(0x0103, turn_tid(0), [(0x0016, xor_address("203.0.113.1", 49152)),
                                       (0x000D, struct.pack("!I", 600)),
                                       (0x0020, xor_address("192.0.2.10", 5000))])
permission_ok = stun(0x0108, turn_tid(1), [])
channel_ok = stun(0x0109, turn_tid(2), [])
refresh_ok = stun(0x0104, turn_tid(3), [(0x000D, struct.pack("!I", 600))])
data_indication = stun(0x0017, turn_tid(9), [(0x0012, xor_peer("198.51.100.7", 50000)),
                                             (0x0013, b"hello")])
channel_data = struct.pack("!HH", 0x4000, 5) + b"world" + b"\0\0\0"
put("turn", "allocate-success", frame(0x01, allocated))
put("stun", "turn-allocate-success", allocated)
put("stun", "turn-data-indication", data_indication)
put("turn", "permission-channel-data", frame(0x01, allocated) + frame(0x03, permission_ok) +
    frame(0x00, data_indication) + frame(0x05, channel_ok) + frame(0x00, channel_data) +
    frame(0x06, b"to the peer"))
put("turn", "refresh-after-540s", frame(0x01, allocated) + frame(0xD8, b"") + frame(0x01, refresh_ok) +
    frame(0xF8, b""))
put("turn", "stale-nonce", frame(0x01, error(0x0113, 0, 438, "Stale Nonce",
                                             [(0x0015, b"nonce-2"), (0x0014, b"example.org")])) +
    frame(0x01, stun(0x0103, turn_tid(1), [(0x0016, xor_address("203.0.113.1", 49152))])))
put("turn", "password-algorithms", frame(0x00, error(0x0113, 0, 401, "Unauthorized",
                                                     [(0x0015, b"n"), (0x0014, b"example.org"),
                                                      (0x8002, struct.pack("!HHHH", 2, 0, 1, 0))])))
for code, reason in [(403, "Forbidden"), (437, "Allocation Mismatch"), (441, "Wrong Credentials"),
                     (486, "Allocation Quota Reached"), (508, "Insufficient Capacity")]:
    put("turn", "error-%d" % code, frame(0x01, error(0x0113, 0, code, reason)))
put("turn", "no-answer", frame(0xF8, b"") + frame(0xF8, b""))

# rtp and rtcp: the bytes of tests/rtp/packet_test.cpp and rtcp_test.cpp (RFC 3550, 8285, 4585,
# 5104), and VP8 packets as the packetizer writes them (RFC 7741 §4.2).
for name, text in {
    "minimal": "80 60 1234 00000bb8 1234abcd 010203",
    "csrc-one-byte-ext-padding": "b2 e0 ffff 00000001 deadbeef 00000001 00000002 bede 0002 10aa 21bbcc 000000 dead 000003",
    "two-byte-ext": "90 6f 0000 00000000 00000007 1000 0002 1402aabb 03000000",
    "vp8-keyframe-start": "90 60 0001 00000bb8 00000011 bede 0001 10aa 000000 9080ffff 1042000000",
    "vp8-all-fields": "80 e0 0002 00000bb8 00000011 b2f0923409a5 ff",
}.items():
    put("rtp", name, hexbytes(text))
for name, text in {
    "rr-sdes": "81c90007 00000001 00000002 05ffffff 00010010 00000020 11223344 00010000 81ca0003 00000001 0104 61626364 0000",
    "sr": "81c8000c 0000cafe e5a1b2c3 80000000 00015f90 0000000a 00002ee0 00000002 00000003 00000064 00000004 00000000 00000000",
    "nack": "81cd0003 00000001 01020304 00050005",
    "pli-fir": "81ce0002 00000001 01020304 84ce0004 00000001 00000000 01020304 07000000",
    "remb-tcc-app-xr": "8fce0005 00000001 00000000 52454d42 010abcde 00000002 8fcd0004 00000001 00000002 00010002 20010000"
    " 80cc0002 00000001 6e616d65 80cf0001 00000001",
    "bye-padded": "81cb0002 00000001 03627965 a1ce0003 00000001 00000002 00000004",
}.items():
    put("rtcp", name, hexbytes(text))
print("make_corpus: wrote", sum(1 for _ in corpus.rglob("*") if _.is_file()), "files under", corpus)
