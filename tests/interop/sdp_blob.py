#!/usr/bin/env python3
"""The copy-paste blob by hand: base64 of the JSON {"type": ..., "sdp": ...} on one line.

    sdp_blob.py encode --type offer|answer FILE   prints the blob of the SDP in FILE
    sdp_blob.py decode                            reads a blob line on stdin, prints its SDP
    sdp_blob.py offer FILE [--save-answer OUT]    a stand-in lucid program for harness.py
                                                  (lucid-offers): prints FILE as an offer blob,
                                                  reads the answer blob, saves its SDP to OUT

The SDP is sent byte for byte (CRLF kept). Python 3 standard library only.
"""
import argparse
import base64
import json
import sys


def encode(kind, sdp):
    return base64.b64encode(json.dumps({"type": kind, "sdp": sdp}).encode("utf-8")).decode("ascii")


def decode(line):
    return json.loads(base64.b64decode(line.strip(), validate=True).decode("utf-8"))


def read_sdp(path):
    with open(path, newline="") as f:
        return f.read()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("encode")
    e.add_argument("--type", required=True, choices=["offer", "answer"])
    e.add_argument("file")
    sub.add_parser("decode")
    o = sub.add_parser("offer")
    o.add_argument("file")
    o.add_argument("--save-answer", metavar="OUT")
    args = p.parse_args()

    if args.command == "encode":
        print(encode(args.type, read_sdp(args.file)))
    elif args.command == "decode":
        sys.stdout.write(decode(sys.stdin.readline())["sdp"])
    else:
        print(encode("offer", read_sdp(args.file)), flush=True)
        line = sys.stdin.readline()
        if not line:
            print("sdp_blob: no answer came", file=sys.stderr)
            return 1
        answer = decode(line)
        print(f"RESULT answer_type={answer['type']}", flush=True)
        if args.save_answer:
            with open(args.save_answer, "w", newline="") as f:
                f.write(answer["sdp"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
