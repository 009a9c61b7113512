#!/usr/bin/python3
"""An independent RFC 9162 Merkle tree, straight from the RFC's recursive
definitions (§2.1.1, §2.1.3.1, §2.1.4.1), for merkle_test to compare with.

Usage: merkle_reference.py HASHES SIZES
HASHES holds one leaf's data (an event's envelope hash) in hex per line;
SIZES is a comma-separated list of tree sizes. Prints, for every size n:
  root n HEX
  inclusion i n HEX,HEX,...      for every leaf i < n
  consistency m n HEX,HEX,...    for every listed size m <= n
"""
import functools
import hashlib
import sys


def main():
    with open(sys.argv[1]) as f:
        leaves = [bytes.fromhex(line.strip()) for line in f if line.strip()]
    sizes = [int(s) for s in sys.argv[2].split(",")]

    def split(n):
        k = 1
        while k * 2 < n:
            k *= 2
        return k

    @functools.lru_cache(maxsize=None)
    def mth(begin, end):
        n = end - begin
        if n == 0:
            return hashlib.sha256(b"").digest()
        if n == 1:
            return hashlib.sha256(b"\x00" + leaves[begin]).digest()
        k = split(n)
        return hashlib.sha256(b"\x01" + mth(begin, begin + k) + mth(begin + k, end)).digest()

    def path(m, begin, end):
        n = end - begin
        if n == 1:
            return []
        k = split(n)
        if m < k:
            return path(m, begin, begin + k) + [mth(begin + k, end)]
        return path(m - k, begin + k, end) + [mth(begin, begin + k)]

    def subproof(m, begin, end, b):
        n = end - begin
        if m == n:
            return [] if b else [mth(begin, end)]
        k = split(n)
        if m <= k:
            return subproof(m, begin, begin + k, b) + [mth(begin + k, end)]
        return subproof(m - k, begin + k, end, False) + [mth(begin, begin + k)]

    def hexes(hs):
        return ",".join(h.hex() for h in hs)

    out = []
    for n in sizes:
        out.append("root %d %s" % (n, mth(0, n).hex()))
        for i in range(n):
            out.append("inclusion %d %d %s" % (i, n, hexes(path(i, 0, n))))
        for m in sizes:
            if m <= n:
                out.append("consistency %d %d %s" % (m, n, hexes(subproof(m, 0, n, True))))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
