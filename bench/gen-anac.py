#!/usr/bin/env python3
"""gen-anac.py - an ANAC-format CIG CSV of a given size for bench/ingest.sh.

Repeats the rows of the real sample (../shared/data/anac/, 61 columns,
';' separated, every value quoted as ANAC writes them) with a fresh CIG on
each copy, until the output reaches SIZE bytes.  The row bytes are written
as they are in the sample (no re-quoting), so the file has the sample's
quoting, empty fields and UTF-8.  Output goes where the caller says (under
/var/tmp), never into the repository.

usage: gen-anac.py SAMPLE OUT SIZE_BYTES
"""
import sys


def main():
    sample, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(sample, 'rb') as f:
        lines = f.read().split(b'\n')
    header, rows = lines[0], [r for r in lines[1:] if r.strip()]
    written = 0
    n = 0
    with open(out, 'wb', buffering=8 << 20) as f:
        f.write(header + b'\n')
        written += len(header) + 1
        while written < size:
            chunk = []
            for r in rows:
                # the CIG is the first value, "XXXXXXXXXX": 10 characters
                cig = b'"%010X"' % n
                line = cig + r[12:] + b'\n'
                chunk.append(line)
                written += len(line)
                n += 1
                if written >= size:
                    break
            f.write(b''.join(chunk))
    print('%d righe, %d byte' % (n, written))


if __name__ == '__main__':
    main()
