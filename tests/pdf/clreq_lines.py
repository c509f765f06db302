#!/usr/bin/python3
"""clreq_lines.py - count printed lines that break the Chinese line-break
rules (W3C clreq 3.1.7), from where pdftotext finds the text on the page.

Usage: tests/pdf/clreq_lines.py FILE.pdf [--show N]

Runs `pdftotext -bbox-layout` and, for every line it reports, checks that
the line does not begin with a character that may not start a line
(closing brackets and quotes, the full stop, comma, enumeration comma,
colon, semicolon, ?, !, the middle dot, closing ellipses and dashes are
allowed) and does not end with one that may not end a line (opening
brackets and quotes).  Prints "LINES VIOLATIONS" and, with --show, the
first N offending lines.  Independent of folio's own count: it reads only
the PDF.
"""
import subprocess
import sys
import xml.etree.ElementTree as ET

NO_START = set("。．，、；：？！）」』》〉】〕〗〙〛｝］”’・·‰％℃")
NO_END = set("（「『《〈【〔〖〘〚｛［“‘")


def lines(pdf):
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True,
                         capture_output=True).stdout
    # pdftotext writes XHTML; its namespace on every tag
    root = ET.fromstring(out)
    for line in root.iter("{http://www.w3.org/1999/xhtml}line"):
        words = [w.text or "" for w in line.iter("{http://www.w3.org/1999/xhtml}word")]
        text = "".join(words).strip()
        if text:
            yield text


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    show = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--show" else 0
    n = bad = 0
    for text in lines(sys.argv[1]):
        n += 1
        if text[0] in NO_START or text[-1] in NO_END:
            bad += 1
            if bad <= show:
                print("#", text, file=sys.stderr)
    print(n, bad)


if __name__ == "__main__":
    main()
