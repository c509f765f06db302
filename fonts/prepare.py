#!/usr/bin/python3
"""prepare.py - make the faces in fonts/roles usable by libharu.

Usage: /usr/bin/python3 fonts/prepare.py [--redirect] ROLES OUTDIR
e.g.   /usr/bin/python3 fonts/prepare.py fonts/roles fonts/prepared

For every role line "role file [index] from source [source-index]" it takes
the face out of the source (.ttc, .ttf, .otc or .otf) and writes a plain
TrueType .ttf to `file` (relative to the roles file's directory, and it must
lie in OUTDIR); a line "role file" without `from` shares the file of another
role's line:

- TrueType (glyf) faces: every composite glyph is replaced by a simple glyph
  with the components' outlines (libharu reads component glyph ids above
  32767 as negative and does not follow nested composites, so such glyphs
  come out blank), and embedded bitmaps are dropped (no use in a PDF, and
  big).
- OpenType/CFF faces ('CFF ' or 'CFF2' table, e.g. Noto CJK), which libharu
  cannot embed: every glyph's cubic outline is converted to quadratic
  TrueType contours with fontTools' cu2qu, to within MAX_ERR_EM (1/1000
  em: one unit of Noto CJK's 1000 per em).  Glyph ids, advances, cmap and
  the OpenType layout tables are kept as they are, side bearings are
  recomputed from the new outlines, and the CFF hints are lost (a PDF needs
  none).  Of a variable (CFF2) font only the default instance is kept.
  The Simplified Chinese forms its locl feature selects (script hani,
  language ZHS) become the cmap's, since libharu draws without OpenType
  features (U+2014 becomes the full-width em dash), and the dashes are
  widened to their full advance, so that —— prints as one rule.

With --redirect, every file is written into OUTDIR under its base name,
wherever the roles file puts it: to try out another roles file without
touching the faces folio loads, e.g.
    fonts/prepare.py --redirect fonts/roles.arphic /tmp/arphic-prepared

Up to date outputs are left alone: OUTDIR/manifest.json records, for each
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

from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables import ttProgram
from fontTools.ttLib.tables._g_l_y_f import Glyph

# Bump when the transformation changes, so existing outputs are redone.
# 2: OpenType/CFF sources converted to TrueType outlines.
# 3: the Simplified Chinese forms (locl, hani/ZHS) in the cmap, dashes
#    that join.
VERSION = 3
# Tables nobody downstream reads and that are big: bitmaps (a PDF is drawn
# from outlines).
DROP_TABLES = ("EBDT", "EBLC", "EBSC", "BDF ")
# Largest distance allowed between a CFF cubic curve and its quadratic
# replacement, as a fraction of the em: 1/1000 em is 1 font unit in Noto
# CJK (1000 units per em), well below anything visible at print sizes.
MAX_ERR_EM = 1 / 1000
# Tables that only make sense with CFF outlines (VORG: vertical origins,
# which TrueType fonts express through vmtx instead) or, for CFF2, with a
# variable font, of which only the default instance is kept.
CFF_ONLY_TABLES = ("CFF ", "CFF2", "VORG", "fvar", "avar", "HVAR", "VVAR", "MVAR", "STAT")


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
                # "role file": the role shares the face another role's
                # line prepares (fonts/roles.arphic's serif-bold is Zen Hei).
                if len(line) != 2:
                    raise SystemExit(f"{path}:{lineno}: expected 'role file [index] from source [index]'"
                                     " or 'role file' (the file of another role)")
                yield line[0], os.path.join(base, line[1]), None, 0
                continue
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


def is_cff(path, index):
    """Whether face `index` of the font file has CFF outlines (its sfnt
    version is 'OTTO'), read from the header alone."""
    with open(path, "rb") as f:
        head = f.read(12)
        if head[:4] == b"ttcf":
            f.seek(12 + 4 * index)
            f.seek(int.from_bytes(f.read(4), "big"))
            head = f.read(4)
    return head[:4] == b"OTTO"


def cff_to_glyf(font):
    """Replace font's CFF (or CFF2) outlines by quadratic TrueType ones,
    keeping every glyph id, and fix up the tables that depend on the
    outlines.  Returns how many glyphs have outlines."""
    order = font.getGlyphOrder()
    glyphset = font.getGlyphSet()
    max_err = font["head"].unitsPerEm * MAX_ERR_EM
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    pen = TTGlyphPen(None)
    outlines = 0
    for gid, name in enumerate(order):
        try:
            # CFF contours run counter-clockwise, TrueType ones clockwise.
            glyphset[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
            glyph = pen.glyph()
        except Exception as err:
            raise PrepareError(f"glyph {gid} ({name}): cannot convert: "
                               f"{type(err).__name__}: {err}") from None
        if glyph.numberOfContours:
            glyph.recalcBounds(glyf)
            outlines += 1
        glyf.glyphs[name] = glyph

    # Left side bearings are the new glyphs' xMin (rounding the quadratic
    # points can move an outline's extremes by a unit).
    hmtx = font["hmtx"]
    for name in order:
        glyph = glyf.glyphs[name]
        if glyph.numberOfContours:
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    # Vertical metrics: a CFF font gives each glyph's vertical origin in VORG
    # (top side bearing = origin - yMax); a TrueType font through vmtx alone
    # (origin = top side bearing + yMax), so the bearings are recomputed
    # from the new yMax to keep the origins where they were.
    if "vmtx" in font:
        vmtx = font["vmtx"]
        vorg = font["VORG"] if "VORG" in font else None
        for name in order:
            glyph = glyf.glyphs[name]
            if not glyph.numberOfContours:
                continue
            advance, tsb = vmtx[name]
            if vorg is not None:
                origin = vorg.VOriginRecords.get(name, vorg.defaultVertOriginY)
            else:
                bounds = BoundsPen(glyphset)
                glyphset[name].draw(bounds)
                origin = tsb + (bounds.bounds[3] if bounds.bounds else 0)
            vmtx[name] = (advance, round(origin - glyph.yMax))

    for tag in CFF_ONLY_TABLES:
        if tag in font:
            del font[tag]
    font["glyf"] = glyf
    font["loca"] = newTable("loca")  # filled in when glyf is compiled
    maxp = font["maxp"]
    # Version 1.0 (TrueType).  The glyph, point, contour and component
    # maxima (and head's bounding box) are recomputed when the font is
    # saved; there are no instructions.
    maxp.tableVersion = 0x00010000
    for field in ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours",
                  "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
                  "maxComponentDepth"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    head = font["head"]
    head.glyphDataFormat = 0
    head.indexToLocFormat = 1  # loca's compile picks 0 (short) if it fits
    # Format 3: no glyph names (the CFF names are only "cidNNNNN").
    post = font["post"]
    post.formatType = 3.0
    for attr in ("extraNames", "mapping", "glyphOrder"):
        if hasattr(post, attr):
            delattr(post, attr)
    font.sfntVersion = "\x00\x01\x00\x00"
    return outlines


# Dashes whose full-width Chinese forms are widened to their whole advance,
# so that the two of a 破折号 (——) join into one rule: U+2014 EM DASH,
# U+2015 HORIZONTAL BAR, U+2E3A/U+2E3B TWO-/THREE-EM DASH.
JOINING_DASHES = (0x2014, 0x2015, 0x2E3A, 0x2E3B)


def single_substitutions(gsub, lookup_index):
    """The glyph mapping of a single-substitution lookup (type 1, or an
    extension of type 1), or {} for another kind."""
    lookup = gsub.LookupList.Lookup[lookup_index]
    mapping = {}
    for sub in lookup.SubTable:
        if lookup.LookupType == 7:
            if sub.ExtensionLookupType != 1:
                return {}
            sub = sub.ExtSubTable
        elif lookup.LookupType != 1:
            return {}
        mapping.update(sub.mapping)
    return mapping


def chinese_forms(font):
    """Make the Simplified Chinese forms the default ones, as a Chinese
    typesetter would see them through the locl feature (script hani,
    language ZHS): libharu draws through the cmap alone, without OpenType
    features, so the cmap's glyph for each code point the feature changes
    becomes the feature's (in Noto CJK: U+2014 the full-width em dash, the
    two- and three-em dashes).  The dash forms are then widened to their
    full advance (side bearings 0), so that —— prints as one unbroken
    rule.  Returns how many code points changed, or 0 for a face without
    that feature."""
    if "GSUB" not in font:
        return 0
    gsub = font["GSUB"].table
    lookups = []
    for script in gsub.ScriptList.ScriptRecord:
        if script.ScriptTag != "hani":
            continue
        for lang in script.Script.LangSysRecord:
            if lang.LangSysTag != "ZHS ":
                continue
            for fi in lang.LangSys.FeatureIndex:
                record = gsub.FeatureList.FeatureRecord[fi]
                if record.FeatureTag == "locl":
                    lookups += record.Feature.LookupListIndex
    mapping = {}
    for li in lookups:
        mapping.update(single_substitutions(gsub, li))
    if not mapping:
        return 0
    changed = 0
    for table in font["cmap"].tables:
        if not table.isUnicode():
            continue
        for cp, name in list(table.cmap.items()):
            if name in mapping:
                table.cmap[cp] = mapping[name]
                changed += 1
    glyf, hmtx = font["glyf"], font["hmtx"]
    cmap = font.getBestCmap()
    widened = set()
    for cp in JOINING_DASHES:
        name = cmap.get(cp)
        if name is None or name in widened:
            continue
        glyph = glyf[name]
        advance = hmtx[name][0]
        if glyph.isComposite() or not glyph.numberOfContours or glyph.xMax <= glyph.xMin:
            continue
        x0, x1 = glyph.xMin, glyph.xMax
        coords = glyph.coordinates
        for i in range(len(coords)):
            x, y = coords[i]
            coords[i] = (round((x - x0) * advance / (x1 - x0)), y)
        glyph.recalcBounds(glyf)
        hmtx[name] = (advance, glyph.xMin)
        widened.add(name)
    return changed


def prepare(job):
    """Prepare one role in a worker process; any failure comes back to the
    parent as a PrepareError naming the role and the source."""
    role, output, source, index = job[:4]
    try:
        return prepare_face(role, output, source, index)
    except PrepareError:
        raise
    except Exception as err:  # fontTools raises many kinds
        raise PrepareError(f"{role}: {source}: {type(err).__name__}: {err}") from None


def prepare_face(role, output, source, index):
    start = time.monotonic()
    font = TTFont(source, fontNumber=index, recalcTimestamp=False)
    cff = "CFF " in font or "CFF2" in font
    if not cff and "glyf" not in font:
        raise PrepareError(f"{role}: {source}: no glyf, CFF or CFF2 outlines")
    tmp = f"{output}.tmp{os.getpid()}"
    try:
        bitmaps = [tag for tag in DROP_TABLES if tag in font]
        for tag in bitmaps:
            del font[tag]
        if cff:
            try:
                count = cff_to_glyf(font)
            except PrepareError as err:
                raise PrepareError(f"{role}: {source}: {err}") from None
            forms = chinese_forms(font)
            done = (f"{count} glyphs converted from CFF "
                    f"(max error {font['head'].unitsPerEm * MAX_ERR_EM:g} units)"
                    + (f", {forms} code points given their Chinese forms" if forms else ""))
            font.save(tmp)
        elif (is_collection(source) or bitmaps
                or any(font["glyf"][name].isComposite() for name in font.getGlyphOrder())):
            count = decompose(font)
            done = f"{count} composite glyphs decomposed"
            font.save(tmp)
        else:
            # Nothing to change (HanaMin): a copy is much faster than a save.
            done = "copied unchanged"
            shutil.copyfile(source, tmp)
        os.replace(tmp, output)
    finally:
        font.close()
        if os.path.exists(tmp):
            os.unlink(tmp)
    return role, os.path.basename(output), done, time.monotonic() - start


def main(argv):
    args = argv[1:]
    redirect = bool(args) and args[0] == "--redirect"
    if redirect:
        args = args[1:]
    if len(args) != 2:
        raise SystemExit("usage: prepare.py [--redirect] ROLES OUTDIR")
    roles_path, outdir = args[0], os.path.abspath(args[1])
    os.makedirs(outdir, exist_ok=True)
    manifest_path = os.path.join(outdir, "manifest.json")
    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        manifest = {}

    jobs, wanted, shared = [], {}, []
    for role, output, source, index in parse_roles(roles_path):
        if redirect:
            output = os.path.join(outdir, os.path.basename(output))
        elif os.path.dirname(os.path.abspath(output)) != outdir:
            raise SystemExit(f"{role}: {output} is not in {outdir}")
        if source is None:
            shared.append((role, os.path.basename(output)))
            continue
        if not os.path.exists(source):
            raise SystemExit(f"{role}: {source}: no such file (is its Debian package installed?)")
        key = os.path.basename(output)
        if key in wanted:
            raise SystemExit(f"{role}: {key} is already the file of another role")
        wanted[key] = signature(source, index)
        if manifest.get(key) == wanted[key] and os.path.exists(output):
            continue
        # Rough cost, to start the slowest faces first: converting CFF
        # outlines takes ~4 times as long as decomposing a TrueType face of
        # the same size.
        cost = os.path.getsize(source) * (4 if is_cff(source, index) else 1)
        jobs.append((role, output, source, index, cost))

    for role, key in shared:
        if key not in wanted:
            raise SystemExit(f"{role}: {key} is not the file of any role with 'from'")

    if jobs:
        # One process per face, slowest first (so that no big face starts
        # last): a Noto CJK face takes ~50 s, UKai ~15 s.
        jobs.sort(key=lambda job: -job[4])
        with Pool(min(len(jobs), os.cpu_count() or 1)) as pool:
            for role, key, done, secs in pool.imap_unordered(prepare, jobs):
                print(f"fonts: {role}: {done} ({secs:.1f} s)", flush=True)
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
