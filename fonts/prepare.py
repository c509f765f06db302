#!/usr/bin/python3
"""prepare.py - make the faces in fonts/roles usable by libharu.

Usage: /usr/bin/python3 fonts/prepare.py fonts/roles fonts/prepared

For every role line "role file [index] from source [source-index]" it takes
the face out of the source (.ttc or .ttf), replaces every composite glyph by
a simple glyph with the components' outlines (libharu reads component glyph
ids above 32767 as negative and does not follow nested composites, so such
glyphs come out blank), drops embedded bitmaps (no use in a PDF, and big),
and writes a plain .ttf to `file` (relative to the roles file's directory,
which must lie inside the output directory).

Up to date outputs are left alone: prepared/manifest.json records, for each
output, the source it came from (path, index, size, mtime) and this script's
version; a role is redone only when that record no longer matches.  Outputs
are written to a temporary file and renamed, so an interrupted run leaves
no half-written font.  Needs Debian's python3-fonttools (for /usr/bin/python3).
"""

import json
import os
import shutil
import sys
import time
from multiprocessing import Pool

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import ttProgram
from fontTools.ttLib.tables._g_l_y_f import Glyph

# Bump when the transformation changes, so existing outputs are redone.
VERSION = 1
# Tables nobody downstream reads and that are big: bitmaps (a PDF is drawn
# from outlines).
DROP_TABLES = ("EBDT", "EBLC", "EBSC", "BDF ")


class PrepareError(Exception):
    """A role that cannot be prepared (raised in worker processes too)."""


def parse_roles(path):
    """Yield (role, output, source, source_index) for each line of path."""
    base = os.path.dirname(os.path.abspath(path))
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            if "from" not in line:
                raise SystemExit(f"{path}:{lineno}: no 'from source' to prepare the face from")
            at = line.index("from")
            head, tail = line[:at], line[at + 1:]
            if len(head) not in (2, 3) or len(tail) not in (1, 2):
                raise SystemExit(f"{path}:{lineno}: expected 'role file [index] from source [index]'")
            if len(head) == 3 and head[2] != "0":
                raise SystemExit(f"{path}:{lineno}: a prepared file holds one face: index must be 0")
            index = int(tail[1]) if len(tail) == 2 else 0
            yield head[0], os.path.join(base, head[1]), tail[0], index


def signature(source, index):
    st = os.stat(source)
    return {"source": os.path.abspath(source), "index": index, "size": st.st_size,
            "mtime_ns": st.st_mtime_ns, "version": VERSION}


def decompose(font):
    """Turn every composite glyph of font's glyf table into a simple one.
    Returns how many were decomposed."""
    glyf = font["glyf"]
    count = 0
    for name in font.getGlyphOrder():
        glyph = glyf[name]
        if not glyph.isComposite():
            continue
        # getCoordinates follows nested components and applies their offsets
        # and transforms.
        coords, end_pts, flags = glyph.getCoordinates(glyf)
        simple = Glyph()
        if end_pts:
            coords.toInt()
            simple.numberOfContours = len(end_pts)
            simple.coordinates = coords
            simple.endPtsOfContours = list(end_pts)
            simple.flags = bytearray(f & 0x01 for f in flags)  # keep only on-curve
            simple.program = ttProgram.Program()
            simple.program.fromBytecode(b"")
            simple.recalcBounds(glyf)
        else:
            simple.numberOfContours = 0
        glyf[name] = simple
        count += 1
    return count


def is_collection(path):
    with open(path, "rb") as f:
        return f.read(4) == b"ttcf"


def prepare(job):
    """Prepare one role in a worker process; any failure comes back to the
    parent as a PrepareError naming the role and the source."""
    role, output, source, index = job
    try:
        return prepare_face(role, output, source, index)
    except PrepareError:
        raise
    except Exception as err:  # fontTools raises many kinds
        raise PrepareError(f"{role}: {source}: {type(err).__name__}: {err}") from None


def prepare_face(role, output, source, index):
    start = time.monotonic()
    font = TTFont(source, fontNumber=index, recalcTimestamp=False)
    if "glyf" not in font:
        raise PrepareError(f"{role}: {source}: not a TrueType-outline font (no glyf table)")
    tmp = f"{output}.tmp{os.getpid()}"
    try:
        glyf = font["glyf"]
        if (is_collection(source) or any(tag in font for tag in DROP_TABLES)
                or any(glyf[name].isComposite() for name in font.getGlyphOrder())):
            for tag in DROP_TABLES:
                if tag in font:
                    del font[tag]
            count = decompose(font)
            font.save(tmp)
        else:
            # Nothing to change (HanaMin): a copy is much faster than a save.
            count = 0
            shutil.copyfile(source, tmp)
        os.replace(tmp, output)
    finally:
        font.close()
        if os.path.exists(tmp):
            os.unlink(tmp)
    return role, os.path.basename(output), count, time.monotonic() - start


def main(argv):
    if len(argv) != 3:
        raise SystemExit("usage: prepare.py ROLES OUTDIR")
    roles_path, outdir = argv[1], os.path.abspath(argv[2])
    os.makedirs(outdir, exist_ok=True)
    manifest_path = os.path.join(outdir, "manifest.json")
    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        manifest = {}

    jobs, wanted = [], {}
    for role, output, source, index in parse_roles(roles_path):
        if os.path.dirname(os.path.abspath(output)) != outdir:
            raise SystemExit(f"{role}: {output} is not in {outdir}")
        if not os.path.exists(source):
            raise SystemExit(f"{role}: {source}: no such file (is its Debian package installed?)")
        key = os.path.basename(output)
        wanted[key] = signature(source, index)
        if manifest.get(key) == wanted[key] and os.path.exists(output):
            continue
        jobs.append((role, output, source, index))

    if jobs:
        # One process per face: the big CJK faces take ~10-20 s each.
        with Pool(min(len(jobs), os.cpu_count() or 1)) as pool:
            for role, key, count, secs in pool.imap_unordered(prepare, jobs):
                print(f"fonts: {role}: {count} composite glyphs decomposed ({secs:.1f} s)")
                # Record each finished face at once, so an interrupted run
                # keeps what is done.
                manifest[key] = wanted[key]
                tmp = manifest_path + ".tmp"
                with open(tmp, "w", encoding="utf-8") as f:
                    json.dump(manifest, f, indent=1, sort_keys=True)
                os.replace(tmp, manifest_path)
    else:
        print("fonts: prepared faces are up to date")


if __name__ == "__main__":
    try:
        main(sys.argv)
    except (PrepareError, OSError) as err:
        sys.exit(f"fonts/prepare.py: {err}")
