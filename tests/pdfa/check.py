#!/usr/bin/python3
"""Check a PDF against a chosen set of PDF/A-2/-3 (level U) and tagged-PDF rules.

usage: check.py FILE [--part 2|3] [--tagged] [--lang LANG] [--attachments]

This is a rule checker for folio's test suite, NOT a PDF/A validator: a file
that passes every rule here may still not conform to ISO 19005.  It never
says a file is valid; it says which of the rules below hold.  Output is one
line per rule, `ok <clause> <description>` or `FAIL <clause> <description>:
<reason>`, with `info` lines after some rules, then a summary line.  Exit
status: 0 no FAIL, 1 some FAIL, 2 the file cannot be opened.

Clause numbers are those of ISO 19005-2:2011 (the same in ISO 19005-3:2012,
which adds 6.8), cross-checked against the veraPDF PDF/A-2 validation
profile.  It needs Debian's python3-pikepdf (6.x) and python3-fonttools.

What IS verified
----------------
6.1.2     File header: the file starts at byte 0 with `%PDF-1.n`, n from 4 to
          7 (ISO 19005-2 allows 1.0-1.7; this suite asks for at least 1.4),
          then a single EOL, then `%` and at least four bytes > 127.
6.1.3     Trailer: /ID is an array of two byte strings; no /Encrypt (and the
          file is not encrypted); nothing after the last `%%EOF` except one
          optional EOL (CR, LF or CR LF).
6.1.7.1   Streams: no stream dictionary has /F, /FFilter or /FDecodeParms;
          for every stream object written as `N G obj` in the file (the
          last copy of each object number), `stream` is followed by CR LF or
          LF, `endstream` is preceded by an EOL, and /Length (direct or
          indirect) is the exact number of bytes between the two EOLs.  (Only
          streams found this way are checked here and under 6.1.7.2.)
6.1.7.2   Stream filters: every /Filter of every stream object is a standard
          filter of ISO 32000-1 Table 6 other than LZWDecode and Crypt.
6.1.10    Inline images (in the scanned content streams): no LZW, LZWDecode,
          Crypt or other filter than the abbreviable ones of ISO 32000-1
          Table 93 (so no JPX or JBIG2 either).
6.2.3     Output intent: an /OutputIntents entry with /S /GTS_PDFA1 has a
          /DestOutputProfile stream; its ICC header (bytes 0-127) has the
          `acsp` signature, major version < 5, device class `mntr` or
          `prtr`, colour space `RGB `, `GRAY` or `CMYK` whose component count
          equals the stream's /N; every entry having a DestOutputProfile
          refers to the same object; no /DestOutputProfileRef.
6.2.4.3   Device colour spaces: DeviceRGB / DeviceCMYK used without a
          matching (RGB / CMYK) PDF/A output intent, DeviceGray used without
          any, unless the current resources define DefaultRGB / DefaultCMYK /
          DefaultGray.  "Used" means: rg RG k K g G operators, cs/CS with a
          device name, device spaces (also as Indexed base, Separation or
          DeviceN alternate, Pattern base) in the /ColorSpace and /Shading
          resources of every scanned content stream, the /ColorSpace of
          images drawn with Do and of inline images (a page group's /CS is
          checked under 6.2.10).  A form drawn on several pages is scanned
          once and reported for the first.
6.2.10    Transparency: images with /SMask or /SMaskInData, ExtGStates with
          /SMask other than /None, CA or ca < 1, or a blend mode other than
          Normal/Compatible, and transparency groups, are found per page;
          every /BM is a blend mode of ISO 32000-1; a page /Group has /S
          /Transparency and a /CS that is not a device space the output
          intent does not allow; a page with transparency when there is no
          PDF/A output intent has a /Group with /CS.
6.2.11.3.3  Type0 /Encoding: Identity-H/V, a predefined CMap name of ISO
          32000-1 Table 118, or an embedded CMap stream.
6.2.11.4.1  Embedding: every font in the /Font resources of the scanned
          content streams, except Type3, has FontFile, FontFile2 or FontFile3
          in its descriptor (for Type0 fonts the descendant's).
6.2.11.5  Widths, for TrueType-based fonts only (CIDFontType2 with
          FontFile2, simple TrueType): for every code shown with Tj, TJ, '
          or " in the scanned content, the /W (default /DW, 1000) or
          /Widths (else /MissingWidth) width equals the glyph's hmtx advance
          * 1000 / unitsPerEm within 1 unit.  CID to GID through
          /CIDToGIDMap (Identity or a stream); simple fonts through the
          font's (3,0), (1,0) or (3,1) cmap with the /Encoding and
          /Differences.  Codes are split by the encoding CMap (Identity:
          two bytes; embedded CMap: its codespace ranges) or one byte.
6.2.11.7.2  ToUnicode: every font has /ToUnicode (stricter than the
          standard, which exempts some standard encodings), and every code
          shown maps, through its bfchar/bfrange entries (string and array
          forms, UTF-16BE with surrogate pairs), to valid UTF-16 whose
          characters are not U+0000, U+FEFF or U+FFFE.
6.2.11.8  No shown code maps to GID 0 (.notdef) or past the font's glyph
          count (TrueType-based fonts, as for 6.2.11.5).
6.3.1     Annotation types are those of ISO 32000-1, and not 3D, Sound,
          Screen or Movie.
6.3.2     Annotation flags: /F present (Popup may omit it), Print set,
          Invisible, Hidden, NoView and ToggleNoView clear.
6.3.3     Appearances: every annotation but Link, Popup and zero-size ones
          has /AP; an /AP has only /N, a stream (a dictionary of streams for
          Widget buttons).
6.5.1     Actions: no Launch, Sound, Movie, ResetForm, ImportData, Hide,
          SetOCGState, Rendition, Trans, GoTo3DView, JavaScript (or any /JS
          entry), set-state or no-op action, nor a Named action other than
          Next/Prev/First/LastPage, in the catalog /OpenAction, outline
          items, annotation /A and AcroForm fields (following /Next); no
          /JavaScript name tree.
6.5.2     No /AA in the catalog, pages, annotations or AcroForm fields
          (ISO 19005-2 names the catalog, pages and widgets/fields; other
          annotations are included here too).
6.6.2.1   Metadata stream: the catalog /Metadata is a stream with /Type
          /Metadata, /Subtype /XML and no /Filter; its bytes begin with an
          `<?xpacket begin=...?>` header without bytes= or encoding=, end
          with an `<?xpacket end=...?>` instruction, and are well-formed XML.
6.6.3     Info and XMP agree.  This is ISO 19005-1's rule 6.7.3; the
          veraPDF PDF/A-2 profile has no such rule, so treat it as this
          suite's own requirement under a provisional number.  For each Info
          entry present, Title =
          dc:title x-default, Author = the single dc:creator rdf:Seq item,
          Subject = dc:description x-default, Keywords = pdf:Keywords,
          Creator = xmp:CreatorTool, Producer = pdf:Producer, CreationDate =
          xmp:CreateDate, ModDate = xmp:ModifyDate (dates as instants, to the
          second; either both or neither has a time zone); strings compared
          exactly as Unicode.  XMP properties without an Info twin are fine.
6.6.4     Identification: pdfaid:part equals --part and pdfaid:conformance
          is U, in namespace http://www.aiim.org/pdfa/ns/id/.
6.8       Embedded files.  Part 2: FAIL if there are any (file
          specifications with /EF in /EmbeddedFiles or FileAttachment
          annotations; each would have to be PDF/A itself, not checked).  Part 3:
          every /EmbeddedFiles entry and every /AF entry (catalog, pages,
          annotations, structure elements) is a file specification with /F,
          /UF and /AFRelationship (Source, Data, Alternative, Supplement or
          Unspecified) whose /EF /F stream has a /Subtype; every embedded
          file specification is in some /AF array; with --attachments at
          least one is Source and one Data.  An `info` line per attachment.

With --tagged (rule ids, and the ISO 14289-1 / 32000-1 clauses they follow):
tagged-markinfo   /MarkInfo /Marked true, /Suspects not true (32000-1 14.7.1)
tagged-structtree /StructTreeRoot with /K (32000-1 14.7.2)
tagged-lang       catalog /Lang present, equal to --lang if given (14289-1 7.2)
tagged-doctitle   /ViewerPreferences /DisplayDocTitle true (14289-1 7.1)
tagged-parenttree a page or form whose content has MCIDs has an integer
                  /StructParents whose /ParentTree entry (number tree:
                  /Nums and /Kids) is an array (32000-1 14.7.4.4); a page
                  with content but no MCID and no /StructParents is only
                  an info line (its text fails tagged-content instead)
tagged-mcid       for each MCID m on a page, entry m of that array is a
                  structure element whose /K has m as an integer (on the
                  element's /Pg) or an MCR with /MCID m (its /Pg, else the
                  element's) for this page (forms: the MCID only)
tagged-elements   every structure element has /S and /P pointing to its
                  parent; every type is standard (32000-1 14.8.4) or mapped
                  by /RoleMap to a standard type
tagged-figure-alt Figure elements (after role mapping) have /Alt (14289-1 7.3)
tagged-content    every text-showing operator of the page content (and of
                  forms drawn outside marked content) is inside a
                  marked-content sequence with an MCID or inside /Artifact
                  (14289-1 7.1); unmarked paths and images are counted as info
plus an `info structure:` line with the types on the first three levels
(`Heading=H1` for a role-mapped type).

If a step meets something it cannot handle, the rule it was checking FAILs
with "checker error in ..." and the other steps still run.

What is NOT verified (among much else)
--------------------------------------
- the cross-reference table syntax (6.1.4), string and name syntax (6.1.6,
  6.1.8), object spacing (6.1.9), permissions (6.1.12), implementation
  limits (6.1.13), optional content (6.9), Info dictionary value types;
- content-stream operators other than those named above: undefined operators
  (6.2.2), rendering intents (6.2.6), halftones and transfer functions
  (6.2.5), image dictionary keys (6.2.8), XObject kinds (6.2.9), the text
  rendering mode; Type3 glyph procedures and tiling-pattern streams are not
  scanned; resources are taken from the page (inherited) or form only;
- ICC profiles beyond the header fields named above (no tag table, no
  checksum, no 6.2.4.2 check of ICCBased colour spaces);
- font programs beyond the hmtx/head/hhea/maxp/cmap tables used for widths:
  not their validity (6.2.11.2), glyph presence beyond the glyph count,
  CIDSet/CharSet (6.2.11.4.2), cmap requirements (6.2.11.6), Type1/CFF
  (FontFile, FontFile3) widths, vertical metrics (W2), CIDSystemInfo;
- the contents of predefined (non-Identity) CMaps: codes of such fonts are
  split by the ToUnicode codespace and their widths are not checked;
- XMP beyond the properties named above: the schema and value-type rules
  (6.6.2.3), extension schemas, rdf:about, other packets, xmpMM history;
- whether embedded files are themselves conforming, their MIME types, dates
  and checksums; PDF/A-3 only for the keys named above;
- form fields (6.4), except /AA and actions as above; signatures;
- structure trees beyond the rules named above: no PDF/UA check of headings,
  tables, lists, links, annotations, fonts or reading order.
"""

import argparse
import array
import bisect
import io
import re
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import pikepdf
from pikepdf import Dictionary

MAX_REASONS = 6

STANDARD_FILTERS = {'/ASCIIHexDecode', '/ASCII85Decode', '/LZWDecode', '/FlateDecode',
                    '/RunLengthDecode', '/CCITTFaxDecode', '/JBIG2Decode', '/DCTDecode',
                    '/JPXDecode', '/Crypt'}
INLINE_FILTERS = {'/AHx': '/ASCIIHexDecode', '/A85': '/ASCII85Decode', '/LZW': '/LZWDecode',
                  '/Fl': '/FlateDecode', '/RL': '/RunLengthDecode', '/CCF': '/CCITTFaxDecode',
                  '/DCT': '/DCTDecode'}
BLEND_MODES = {'/Normal', '/Compatible', '/Multiply', '/Screen', '/Overlay', '/Darken',
               '/Lighten', '/ColorDodge', '/ColorBurn', '/HardLight', '/SoftLight',
               '/Difference', '/Exclusion', '/Hue', '/Saturation', '/Color', '/Luminosity'}
ANNOT_TYPES = {'Text', 'Link', 'FreeText', 'Line', 'Square', 'Circle', 'Polygon', 'PolyLine',
               'Highlight', 'Underline', 'Squiggly', 'StrikeOut', 'Stamp', 'Caret', 'Ink',
               'Popup', 'FileAttachment', 'Sound', 'Movie', 'Widget', 'Screen', 'PrinterMark',
               'TrapNet', 'Watermark', '3D', 'Redact'}
ANNOT_FORBIDDEN = {'3D', 'Sound', 'Screen', 'Movie'}
ACTIONS_FORBIDDEN = {'Launch', 'Sound', 'Movie', 'ResetForm', 'ImportData', 'Hide',
                     'SetOCGState', 'Rendition', 'Trans', 'GoTo3DView', 'JavaScript',
                     'SetState', 'NOP'}
NAMED_ALLOWED = {'NextPage', 'PrevPage', 'FirstPage', 'LastPage'}
PREDEFINED_CMAPS = set("""GB-EUC-H GB-EUC-V GBpc-EUC-H GBpc-EUC-V GBK-EUC-H GBK-EUC-V
GBKp-EUC-H GBKp-EUC-V GBK2K-H GBK2K-V UniGB-UCS2-H UniGB-UCS2-V UniGB-UTF16-H UniGB-UTF16-V
B5pc-H B5pc-V HKscs-B5-H HKscs-B5-V ETen-B5-H ETen-B5-V ETenms-B5-H ETenms-B5-V CNS-EUC-H
CNS-EUC-V UniCNS-UCS2-H UniCNS-UCS2-V UniCNS-UTF16-H UniCNS-UTF16-V 83pv-RKSJ-H 90ms-RKSJ-H
90ms-RKSJ-V 90msp-RKSJ-H 90msp-RKSJ-V 90pv-RKSJ-H Add-RKSJ-H Add-RKSJ-V EUC-H EUC-V
Ext-RKSJ-H Ext-RKSJ-V H V UniJIS-UCS2-H UniJIS-UCS2-V UniJIS-UCS2-HW-H UniJIS-UCS2-HW-V
UniJIS-UTF16-H UniJIS-UTF16-V KSC-EUC-H KSC-EUC-V KSCms-UHC-H KSCms-UHC-V KSCms-UHC-HW-H
KSCms-UHC-HW-V KSCpc-EUC-H UniKS-UCS2-H UniKS-UCS2-V UniKS-UTF16-H UniKS-UTF16-V
Identity-H Identity-V""".split())
STANDARD_STRUCT = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index
NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span
Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula
Form""".split())
AF_RELATIONSHIPS = {'Source', 'Data', 'Alternative', 'Supplement', 'Unspecified'}
DEVICE_NAMES = {'/DeviceRGB': 'RGB', '/RGB': 'RGB', '/DeviceCMYK': 'CMYK', '/CMYK': 'CMYK',
                '/DeviceGray': 'Gray', '/G': 'Gray'}
DEFAULT_SPACE = {'RGB': '/DefaultRGB', 'CMYK': '/DefaultCMYK', 'Gray': '/DefaultGray'}
ICC_SPACES = {b'RGB ': ('RGB', 3), b'GRAY': ('Gray', 1), b'CMYK': ('CMYK', 4)}
PAINT_OPS = {'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*'}
NS_RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'
NS_PDFAID = 'http://www.aiim.org/pdfa/ns/id/'
NS_DC = 'http://purl.org/dc/elements/1.1/'
NS_XMP = 'http://ns.adobe.com/xap/1.0/'
NS_PDF = 'http://ns.adobe.com/pdf/1.3/'
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'


# ----------------------------------------------------------------- helpers

def ref(obj):
    """'12 0 R' for an indirect object, else 'direct'."""
    try:
        if obj.is_indirect:
            return '%d %d R' % obj.objgen
    except Exception:
        pass
    return 'direct'


def key_of(obj):
    """A hashable identity: the object number for indirect objects."""
    try:
        if obj.is_indirect:
            return obj.objgen
    except Exception:
        pass
    return ('direct', id(obj))


# isinstance() on pikepdf objects is slow (about 35 us); the type code is not.
_OT = pikepdf.ObjectType
_DICTS = (_OT.dictionary, _OT.stream)


def is_dict(o):
    """A dictionary or a stream (whose dictionary it has)."""
    return getattr(o, '_type_code', None) in _DICTS


def is_stream(o):
    return getattr(o, '_type_code', None) == _OT.stream


def is_array(o):
    return getattr(o, '_type_code', None) == _OT.array


def is_name(o):
    return getattr(o, '_type_code', None) == _OT.name_


def is_string(o):
    return getattr(o, '_type_code', None) == _OT.string


def name_str(o):
    """'/Foo' -> 'Foo' for a name object, else None."""
    if is_name(o):
        return str(o)[1:]
    return None


def get(d, k, default=None):
    try:
        v = d.get(k)
    except Exception:
        return default
    return default if v is None else v


def text(o):
    """A PDF text string as Python str (PDFDocEncoding or UTF-16BE)."""
    try:
        return str(o)
    except Exception:
        return repr(o)


def pages_label(nums):
    """[1,2,3,5] -> 'pages 1-3, 5'."""
    nums = sorted(set(nums))
    if not nums:
        return ''
    runs, start, prev = [], nums[0], nums[0]
    for n in nums[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append('%d' % start if start == prev else '%d-%d' % (start, prev))
        if n is not None:
            start = prev = n
    return ('page ' if len(nums) == 1 else 'pages ') + ', '.join(runs)


class Rule:
    def __init__(self, clause, desc):
        self.clause, self.desc = clause, desc
        self.fails, self.infos = [], []

    def fail(self, msg):
        self.fails.append(msg)

    def info(self, msg):
        self.infos.append(msg)


# ------------------------------------------------------------------ CMaps

CMAP_TOKEN = re.compile(
    rb'<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]<>(){}%]*|\((?:\\.|[^\\)])*\)|%[^\r\n]*'
    rb'|[^\s/\[\]<>(){}%]+')


def hexbytes(tok):
    h = re.sub(rb'\s', b'', tok[1:-1])
    if len(h) % 2:
        h += b'0'
    return bytes.fromhex(h.decode('ascii'))


class CMap:
    """The parts of a CMap (ToUnicode or encoding) this checker uses."""

    def __init__(self, data):
        self.codespace = []          # (nbytes, lo bytes, hi bytes)
        self.bfchar = {}             # (n, code) -> bytes or str (glyph name)
        self.bfrange = []            # (n, lo, hi, dst) dst bytes or list
        self.cidchar = {}            # (n, code) -> cid
        self.cidrange = []           # (n, lo, hi, cid)
        self.usecmap = None
        self.errors = []
        toks = [t for t in CMAP_TOKEN.findall(data) if not t.startswith(b'%')]
        i, n = 0, len(toks)

        def until(end):
            nonlocal i
            out = []
            i += 1
            while i < n and toks[i] != end:
                out.append(toks[i])
                i += 1
            return out

        while i < n:
            t = toks[i]
            if t == b'begincodespacerange':
                items = until(b'endcodespacerange')
                for lo, hi in zip(items[0::2], items[1::2]):
                    lo, hi = hexbytes(lo), hexbytes(hi)
                    self.codespace.append((len(lo), lo, hi))
            elif t == b'beginbfchar':
                items = until(b'endbfchar')
                for src, dst in zip(items[0::2], items[1::2]):
                    s = hexbytes(src)
                    self.bfchar[(len(s), int.from_bytes(s, 'big'))] = \
                        hexbytes(dst) if dst.startswith(b'<') else dst[1:].decode('latin-1')
            elif t == b'beginbfrange':
                items = until(b'endbfrange')
                j = 0
                while j + 2 < len(items) + 0 and j < len(items):
                    lo, hi = hexbytes(items[j]), hexbytes(items[j + 1])
                    if items[j + 2] == b'[':
                        k = j + 3
                        dsts = []
                        while k < len(items) and items[k] != b']':
                            dsts.append(hexbytes(items[k]) if items[k].startswith(b'<')
                                        else items[k][1:].decode('latin-1'))
                            k += 1
                        dst, j = dsts, k + 1
                    else:
                        dst = hexbytes(items[j + 2])
                        j += 3
                    self.bfrange.append((len(lo), int.from_bytes(lo, 'big'),
                                         int.from_bytes(hi, 'big'), dst))
            elif t == b'begincidchar':
                items = until(b'endcidchar')
                for src, cid in zip(items[0::2], items[1::2]):
                    s = hexbytes(src)
                    self.cidchar[(len(s), int.from_bytes(s, 'big'))] = int(cid)
            elif t == b'begincidrange':
                items = until(b'endcidrange')
                for lo, hi, cid in zip(items[0::3], items[1::3], items[2::3]):
                    lo, hi = hexbytes(lo), hexbytes(hi)
                    self.cidrange.append((len(lo), int.from_bytes(lo, 'big'),
                                          int.from_bytes(hi, 'big'), int(cid)))
            elif t == b'usecmap' and i > 0:
                self.usecmap = toks[i - 1][1:].decode('latin-1')
            i += 1
        self.bfrange.sort(key=lambda r: (r[0], r[1]))
        self._bfkeys = [(r[0], r[1]) for r in self.bfrange]
        self.cidrange.sort(key=lambda r: (r[0], r[1]))
        self._cidkeys = [(r[0], r[1]) for r in self.cidrange]

    def unicode(self, code):
        """code (n, value) -> str, '' for a glyph name we cannot map, None
        if unmapped, False if the destination is not valid UTF-16BE."""
        dst = self.bfchar.get(code)
        if dst is None:
            k = bisect.bisect_right(self._bfkeys, code) - 1
            if k >= 0:
                n, lo, hi, d = self.bfrange[k]
                if n == code[0] and lo <= code[1] <= hi:
                    off = code[1] - lo
                    if isinstance(d, list):
                        dst = d[off] if off < len(d) else None
                    elif d:
                        v = int.from_bytes(d, 'big') + off
                        dst = v.to_bytes(len(d), 'big')
        if dst is None:
            return None
        if isinstance(dst, str):
            try:
                from fontTools.agl import toUnicode
                return toUnicode(dst)
            except Exception:
                return ''
        try:
            return dst.decode('utf-16-be')
        except UnicodeDecodeError:
            return False

    def cid(self, code):
        c = self.cidchar.get(code)
        if c is not None:
            return c
        k = bisect.bisect_right(self._cidkeys, code) - 1
        if k >= 0:
            n, lo, hi, base = self.cidrange[k]
            if n == code[0] and lo <= code[1] <= hi:
                return base + code[1] - lo
        return None

    def split(self, s):
        """Split a shown string into codes (n, value) by the codespace."""
        out = []
        i, ln = 0, len(s)
        cs = self.codespace or [(2, b'\x00\x00', b'\xff\xff')]
        while i < ln:
            for nb in (1, 2, 3, 4):
                c = s[i:i + nb]
                if len(c) < nb:
                    break
                if any(n == nb and all(lo[k] <= c[k] <= hi[k] for k in range(nb))
                       for n, lo, hi in cs):
                    out.append((nb, int.from_bytes(c, 'big')))
                    i += nb
                    break
            else:
                out.append((1, s[i]))
                i += 1
        return out


# ------------------------------------------------------------------ fonts

class TrueTypeProgram:
    """Metrics of an embedded TrueType program, through fontTools."""

    def __init__(self, data):
        from fontTools.ttLib import TTFont
        self.tt = TTFont(io.BytesIO(data), lazy=True)
        self.upem = self.tt['head'].unitsPerEm
        self.num_glyphs = self.tt['maxp'].numGlyphs
        nh = self.tt['hhea'].numberOfHMetrics
        raw = self.tt.reader['hmtx']
        a = array.array('H')
        a.frombytes(raw[:4 * nh])
        if sys.byteorder == 'little':
            a.byteswap()
        self.adv = a[0::2]
        if not self.adv:
            raise ValueError('no horizontal metrics')

    def width(self, gid):
        a = self.adv[gid] if gid < len(self.adv) else self.adv[-1]
        return a * 1000.0 / self.upem

    def cmap(self, pid, eid):
        try:
            t = self.tt['cmap'].getcmap(pid, eid)
        except Exception:
            return None
        return t.cmap if t is not None else None

    def gid_of_name(self, name):
        try:
            return self.tt.getGlyphID(name)
        except Exception:
            return None


STD_ENCODINGS = {'/WinAnsiEncoding': 'cp1252', '/MacRomanEncoding': 'mac_roman',
                 '/StandardEncoding': 'latin-1', '/MacExpertEncoding': 'latin-1'}


class FontInfo:
    """What the checker needs of one font dictionary; heavy parts are lazy."""

    def __init__(self, font):
        self.font = font
        self.ref = ref(font)
        self.subtype = name_str(get(font, '/Subtype')) or '?'
        self.name = name_str(get(font, '/BaseFont')) or '(%s)' % self.subtype
        self.label = '%s (%s)' % (self.name, self.ref)
        self.type0 = self.subtype == 'Type0'
        self.cidfont = None
        self.problems = []               # reasons the font cannot be analysed
        if self.type0:
            df = get(font, '/DescendantFonts')
            if is_array(df) and len(df) >= 1 and is_dict(df[0]):
                self.cidfont = df[0]
            self.descriptor = get(self.cidfont, '/FontDescriptor') if self.cidfont is not None else None
        else:
            self.descriptor = get(font, '/FontDescriptor')
        self.fontfile = None
        self.fontfile_key = None
        if is_dict(self.descriptor):
            for k in ('/FontFile', '/FontFile2', '/FontFile3'):
                if get(self.descriptor, k) is not None:
                    self.fontfile, self.fontfile_key = get(self.descriptor, k), k
                    break
        # the encoding: how shown strings split into codes, and code -> CID
        self.encoding = get(font, '/Encoding')
        self.enc_cmap = None
        self.enc_name = None
        if self.type0:
            if is_name(self.encoding):
                self.enc_name = str(self.encoding)[1:]
            elif is_stream(self.encoding):
                try:
                    self.enc_cmap = CMap(self.encoding.read_bytes())
                except Exception as e:
                    self.problems.append('encoding CMap unreadable: %s' % e)
        self._tounicode = None
        self._tt = None
        self._cid2gid = None
        self._widths = None

    # -- codes
    def codes(self, strings):
        """The set of codes (n, value) in a collection of shown strings."""
        out = set()
        if not self.type0:
            for s in strings:
                out.update(s)
            return {(1, c) for c in out}
        if self.enc_name in ('Identity-H', 'Identity-V'):
            even = b''.join(s for s in strings if not len(s) % 2)
            a = array.array('H')
            a.frombytes(even)
            if sys.byteorder == 'little':
                a.byteswap()
            res = {(2, c) for c in set(a)}
            for s in strings:
                if len(s) % 2:
                    res.update((2, int.from_bytes(s[i:i + 2], 'big')) for i in range(0, len(s) - 1, 2))
                    res.add((1, s[-1]))
            return res
        cm = self.enc_cmap or self.tounicode_cmap()
        if cm is None:
            cm = CMap(b'')
        for s in strings:
            out.update(cm.split(s))
        return out

    def cid(self, code):
        if not self.type0:
            return code[1]
        if self.enc_name in ('Identity-H', 'Identity-V'):
            return code[1] if code[0] == 2 else None
        if self.enc_cmap is not None:
            return self.enc_cmap.cid(code)
        return None

    # -- ToUnicode
    def tounicode_cmap(self):
        if self._tounicode is None:
            tu = get(self.font, '/ToUnicode')
            if is_stream(tu):
                try:
                    self._tounicode = CMap(tu.read_bytes())
                except Exception as e:
                    self._tounicode = False
                    self.problems.append('ToUnicode unreadable: %s' % e)
            else:
                self._tounicode = False
        return self._tounicode or None

    # -- TrueType programs and widths
    def truetype_kind(self):
        """'cid' for CIDFontType2 + FontFile2, 'simple' for TrueType + FontFile2."""
        if self.fontfile_key != '/FontFile2':
            return None
        if self.type0 and self.cidfont is not None and \
                name_str(get(self.cidfont, '/Subtype')) == 'CIDFontType2':
            return 'cid'
        if self.subtype == 'TrueType':
            return 'simple'
        return None

    def program(self):
        if self._tt is None:
            try:
                self._tt = TrueTypeProgram(self.fontfile.read_bytes())
            except Exception as e:
                self._tt = False
                self.problems.append('font program unreadable by fontTools: %s' % e)
        return self._tt or None

    def pdf_width(self, code):
        if self.type0:
            if self._widths is None:
                self._widths = ({}, [])
                single, ranges = self._widths
                w = get(self.cidfont, '/W')
                items = list(w) if is_array(w) else []
                i = 0
                while i < len(items):
                    first = int(items[i])
                    if i + 1 < len(items) and is_array(items[i + 1]):
                        for k, v in enumerate(items[i + 1]):
                            single[first + k] = float(v)
                        i += 2
                    elif i + 2 < len(items):
                        ranges.append((first, int(items[i + 1]), float(items[i + 2])))
                        i += 3
                    else:
                        break
                self._dw = float(get(self.cidfont, '/DW', 1000))
            single, ranges = self._widths
            cid = self.cid(code)
            if cid in single:
                return single[cid]
            for lo, hi, v in ranges:
                if lo <= cid <= hi:
                    return v
            return self._dw
        if self._widths is None:
            ws = get(self.font, '/Widths')
            self._widths = [float(x) for x in ws] if is_array(ws) else []
            self._first = int(get(self.font, '/FirstChar', 0))
            self._missing = float(get(self.descriptor, '/MissingWidth', 0)) \
                if is_dict(self.descriptor) else 0.0
        k = code[1] - self._first
        if 0 <= k < len(self._widths):
            return self._widths[k]
        return self._missing

    def gid(self, code):
        """code -> glyph id in the embedded TrueType program, or None."""
        tt = self.program()
        if tt is None:
            return None
        if self.type0:
            cid = self.cid(code)
            if cid is None:
                return None
            if self._cid2gid is None:
                m = get(self.cidfont, '/CIDToGIDMap')
                if is_stream(m):
                    a = array.array('H')
                    data = m.read_bytes()
                    a.frombytes(data[:len(data) // 2 * 2])
                    if sys.byteorder == 'little':
                        a.byteswap()
                    self._cid2gid = a
                else:
                    self._cid2gid = 'identity'
            if self._cid2gid == 'identity':
                return cid
            return self._cid2gid[cid] if cid < len(self._cid2gid) else 0
        # simple TrueType
        c = code[1]
        flags = int(get(self.descriptor, '/Flags', 0)) if is_dict(self.descriptor) else 0
        symbolic = bool(flags & 4)
        if self._cid2gid is None:
            self._cid2gid = {}
            self._c30 = tt.cmap(3, 0)
            self._c10 = tt.cmap(1, 0)
            self._c31 = tt.cmap(3, 1)
            enc = self.encoding
            base, diffs = None, {}
            if is_name(enc):
                base = str(enc)
            elif is_dict(enc):
                base = str(get(enc, '/BaseEncoding', '')) or None
                d = get(enc, '/Differences')
                if is_array(d):
                    cur = 0
                    for x in d:
                        if is_name(x):
                            diffs[cur] = str(x)[1:]
                            cur += 1
                        else:
                            cur = int(x)
            self._base, self._diffs = base, diffs
        gname = None
        if not symbolic and self._c31 is not None:
            if c in self._diffs:
                try:
                    from fontTools.agl import toUnicode
                    u = toUnicode(self._diffs[c])
                except Exception:
                    u = ''
                gname = self._c31.get(ord(u)) if len(u) == 1 else None
                if gname is None:
                    g = tt.gid_of_name(self._diffs[c])
                    if g is not None:
                        return g
            else:
                codec = STD_ENCODINGS.get(self._base or '/StandardEncoding', 'latin-1')
                u = bytes([c]).decode(codec, errors='replace')
                gname = self._c31.get(ord(u))
        if gname is None and self._c30 is not None:
            for off in (0, 0xF000, 0xF100, 0xF200):
                gname = self._c30.get(off + c)
                if gname is not None:
                    break
        if gname is None and self._c10 is not None:
            gname = self._c10.get(c)
        if gname is None:
            return 0
        g = tt.gid_of_name(gname)
        return g if g is not None else 0


# --------------------------------------------------------------- content

# Only these operators come back from the parser (it skips the others in C++).
SCANNED_OPS = ("Tj TJ ' \" Tf q Q S s f F f* B B* b b* BDC BMC EMC rg RG k K g G cs CS "
               "sh gs Do BI ID EI")
_TJ_STRING = re.compile(rb'\(((?:[^\\)]|\\.)*)\)|<([0-9A-Fa-f\s]*)>', re.S)
_ESCAPE = re.compile(rb'\\([nrtbf()\\]|[0-7]{1,3}|\r\n|\r|\n|.)', re.S)
_ESCAPES = {b'n': b'\n', b'r': b'\r', b't': b'\t', b'b': b'\b', b'f': b'\f',
            b'(': b'(', b')': b')', b'\\': b'\\', b'\r\n': b'', b'\r': b'', b'\n': b''}


def _unescape(m):
    g = m.group(1)
    if g in _ESCAPES:
        return _ESCAPES[g]
    if g[:1].isdigit():
        return bytes([int(g, 8) & 0xff])
    return g


def tj_strings(arr):
    """The strings of a TJ array.  Iterating a pikepdf array costs about
    10 us an element; qpdf's unparse (which escapes every parenthesis in a
    literal string) and a regular expression cost a fraction of that."""
    out = []
    for lit, hx in _TJ_STRING.findall(arr.unparse()):
        if hx:
            hx = re.sub(rb'\s', b'', hx)
            out.append(bytes.fromhex((hx + b'0' if len(hx) % 2 else hx).decode('ascii')))
        elif lit:
            out.append(_ESCAPE.sub(_unescape, lit) if b'\\' in lit else lit)
    return out


class Summary:
    """What scanning one content stream found, for reuse when drawn again."""
    __slots__ = ('unmarked_text', 'unmarked_paths', 'unmarked_images', 'text_ops',
                 'transparency', 'mcids')

    def __init__(self):
        self.unmarked_text = self.unmarked_paths = self.unmarked_images = self.text_ops = 0
        self.transparency = []
        self.mcids = []


class Checker:
    def __init__(self, path, args):
        self.path, self.args = path, args
        self.rules = []
        with open(path, 'rb') as f:
            self.raw = f.read()
        # From memory: through a file object qpdf reads in many small Python
        # calls, which is several times slower on large files.
        self.pdf = pikepdf.open(io.BytesIO(self.raw))
        self.root = self.pdf.Root
        self.pages = list(self.pdf.pages)
        self.page_no = {}
        for i, p in enumerate(self.pages):
            self.page_no[p.obj.objgen] = i + 1
        # gathered by the content scan
        self.fonts = {}              # key -> FontInfo
        self.font_where = {}         # key -> first place seen
        self.font_uses = {}          # key -> {where: set(strings)}
        self.colour_uses = {}        # family -> {page: set(sources)}
        self.transparency = {}       # page -> [descriptions]
        self.bad_blend = []
        self.inline_filters = []
        self.content_errors = []
        self.forms = {}              # key -> Summary
        self.form_mcids = {}         # form key -> (form, where, mcids)
        self.page_summary = {}       # page number -> Summary
        self.cur_page = None
        self._annots = {}
        self.intent_family = None    # 'RGB', 'Gray', 'CMYK' of the PDF/A intent
        self.has_intent = False

    def rule(self, clause, desc):
        r = Rule(clause, desc)
        self.rules.append(r)
        return r

    # ------------------------------------------------------------ run all
    def run(self):
        self.xmp = None
        steps = [self.check_header, self.check_trailer, self.check_streams, self.check_filters,
                 self.scan_all_content, self.check_inline_filters, self.check_output_intent,
                 self.check_device_colour, self.check_transparency, self.check_fonts,
                 self.check_annotations, self.check_actions, self.check_metadata,
                 self.check_info_xmp, self.check_identification, self.check_embedded_files]
        if self.args.tagged:
            steps.append(self.check_tagged)
        self.streams = []
        for step in steps:
            try:
                step()
            except Exception as e:   # a file this checker cannot handle: say so, go on
                r = self.rules[-1] if self.rules else self.rule('checker', 'checker')
                r.fail('checker error in %s: %s: %s (rules after it in that step '
                       'were not checked)' % (step.__name__, type(e).__name__, e))

    # ------------------------------------------------------------ 6.1.2
    def check_header(self):
        r = self.rule('6.1.2', 'file header %PDF-1.n (n 4-7), EOL, binary comment')
        raw = self.raw
        m = re.match(rb'%PDF-1\.(\d)(\r\n|\r|\n)', raw)
        if not m:
            r.fail('the file does not start with %%PDF-1.n and an EOL: %r' % raw[:12])
            return
        n = int(m.group(1))
        if not 4 <= n <= 7:
            r.fail('header version 1.%d (want 1.4 to 1.7)' % n)
        rest = raw[m.end():]
        c = re.match(rb'%([\x80-\xff]{4,})', rest)
        if not c:
            r.fail('the line after the header is not %% and four or more bytes > 127: %r'
                   % rest[:8])

    # ------------------------------------------------------------ 6.1.3
    def check_trailer(self):
        r = self.rule('6.1.3', 'trailer /ID, no /Encrypt, nothing after %%EOF')
        tr = self.pdf.trailer
        ident = get(tr, '/ID')
        if ident is None:
            r.fail('no /ID in the trailer')
        elif not (is_array(ident) and len(ident) == 2 and
                  all(is_string(x) for x in ident)):
            r.fail('/ID is not an array of two strings')
        if get(tr, '/Encrypt') is not None or self.pdf.is_encrypted:
            r.fail('the file is encrypted (/Encrypt)')
        k = self.raw.rfind(b'%%EOF')
        if k < 0:
            r.fail('no %%EOF marker')
        else:
            tail = self.raw[k + 5:]
            if tail not in (b'', b'\n', b'\r', b'\r\n'):
                r.fail('%d bytes after the last %%%%EOF (%r)' % (len(tail), tail[:16]))

    # ------------------------------------------------------------ 6.1.7.1
    def check_streams(self):
        r = self.rule('6.1.7.1', 'streams: no /F /FFilter /FDecodeParms, Length exact, '
                      'stream/endstream EOLs')
        raw = self.raw
        obj_re = re.compile(rb'(?<![0-9])(\d{1,10})[ \t\r\n\f\0]+(\d{1,5})[ \t\r\n\f\0]+obj(?![A-Za-z])')
        body_re = re.compile(rb'>>[ \t\r\n\f\0]*stream(?![A-Za-z])|endobj(?![A-Za-z])')
        len_re = re.compile(rb'/Length[ \t\r\n\f\0]+(\d+)(?:[ \t\r\n\f\0]+(\d+)[ \t\r\n\f\0]+R)?')
        results = {}
        pos = 0
        while True:
            m = obj_re.search(raw, pos)
            if not m:
                break
            num, gen = int(m.group(1)), int(m.group(2))
            b = body_re.search(raw, m.end())
            if not b:
                break
            if not b.group(0).startswith(b'>>'):
                pos = b.end()
                continue
            start = b.end()
            problems = []
            if raw[start:start + 2] == b'\r\n':
                start += 2
            elif raw[start:start + 1] == b'\n':
                start += 1
            else:
                problems.append('"stream" not followed by CR LF or LF')
                if raw[start:start + 1] == b'\r':
                    start += 1
            lm = len_re.search(raw, m.end(), b.start() + 2)
            length = None
            if lm:
                if lm.group(2) is not None:
                    try:
                        length = int(self.pdf.get_object((int(lm.group(1)), int(lm.group(2)))))
                    except Exception:
                        problems.append('indirect /Length %s %s R unresolvable'
                                        % (lm.group(1).decode(), lm.group(2).decode()))
                else:
                    length = int(lm.group(1))
            else:
                problems.append('no /Length')
            # where the data ends: by /Length if an (EOL and) endstream is
            # there, else at the first endstream (the data may contain one)
            eol_end = re.compile(rb'(\r\n|\r|\n)?endstream')
            at = start + length if length is not None else None
            m_at = eol_end.match(raw, at) if at is not None else None
            if m_at:
                end = m_at.end() - 9
                if not m_at.group(1):
                    if length and raw[at - 1:at] in (b'\n', b'\r'):
                        problems.append('"endstream" right after the /Length %d bytes, whose '
                                        'last is an EOL: counted in /Length, or missing?' % length)
                    else:
                        problems.append('"endstream" not preceded by an EOL')
            else:
                end = raw.find(b'endstream', start)
                if end < 0:
                    problems.append('no endstream')
                    results[num] = (gen, problems)
                    break
                actual = end
                for eol in (b'\r\n', b'\n', b'\r'):
                    if raw[end - len(eol):end] == eol:
                        actual = end - len(eol)
                        break
                else:
                    problems.append('"endstream" not preceded by an EOL')
                if length is not None:
                    problems.append('/Length %d but %d bytes of data' % (length, actual - start))
            results[num] = (gen, problems)
            pos = end + 9
        # Streams are never inside object streams, so the scan finds them all
        # (pdf.objects would be simpler but makes qpdf parse every object).
        self.streams = []
        for num in sorted(results):
            gen, problems = results[num]
            try:
                obj = self.pdf.get_object((num, gen))
            except Exception:
                obj = None
            if is_stream(obj):
                self.streams.append(obj)
                bad = [k for k in ('/F', '/FFilter', '/FDecodeParms') if k in obj]
                if bad:
                    problems.append('has %s (external stream)' % ' '.join(bad))
            if problems:
                r.fail('%d %d R: %s' % (num, gen, ', '.join(problems)))

    # ------------------------------------------------------------ 6.1.7.2
    def check_filters(self):
        r = self.rule('6.1.7.2', 'stream filters standard, no LZWDecode or Crypt')
        for obj in self.streams:
            f = get(obj, '/Filter')
            names = [f] if is_name(f) else list(f) if is_array(f) else []
            for x in names:
                x = str(x)
                if x in ('/LZWDecode', '/Crypt'):
                    r.fail('%s uses %s' % (ref(obj), x))
                elif x not in STANDARD_FILTERS:
                    r.fail('%s uses the non-standard filter %s' % (ref(obj), x))

    def check_inline_filters(self):
        r = self.rule('6.1.10', 'inline images: no LZW, Crypt or non-standard filter')
        for where, why in self.inline_filters:
            r.fail('%s: %s' % (where, why))

    # ------------------------------------------------------------ content scan
    def page_resources(self, page):
        node = page.obj
        for _ in range(64):
            res = get(node, '/Resources')
            if res is not None:
                return res
            node = get(node, '/Parent')
            if node is None:
                break
        return Dictionary()

    def scan_all_content(self):
        for i, page in enumerate(self.pages):
            n = i + 1
            self.cur_page = n
            res = self.page_resources(page)
            contents = get(page.obj, '/Contents')
            if contents is not None:
                s = self.scan(page.obj, res, 'page %d' % n, None, [])
            else:
                s = Summary()
            self.page_summary[n] = s
            if s.transparency:
                self.transparency.setdefault(n, []).extend(s.transparency)
            for annot in self.annotations(page):
                ap = get(annot, '/AP')
                if not is_dict(ap):
                    continue
                for k in ap.keys():
                    v = ap.get(k)
                    streams = [v] if is_stream(v) else \
                        [v.get(x) for x in v.keys()] if is_dict(v) else []
                    for st in streams:
                        if is_stream(st):
                            sres = get(st, '/Resources', Dictionary())
                            sm = self.scan(st, sres, 'page %d annotation %s' % (n, ref(annot)),
                                           key_of(st), [])
                            if sm.transparency:
                                self.transparency.setdefault(n, []).extend(sm.transparency)
        self.cur_page = None

    def annotations(self, page):
        k = page.obj.objgen
        if k not in self._annots:
            a = get(page.obj, '/Annots')
            self._annots[k] = [x for x in a if is_dict(x)] if is_array(a) else []
        return self._annots[k]

    def cs_families(self, cs, res, depth=0):
        """Device families ('RGB', 'CMYK', 'Gray') a colour space refers to."""
        if depth > 8 or cs is None:
            return set()
        if is_name(cs):
            s = str(cs)
            if s in DEVICE_NAMES:
                return {DEVICE_NAMES[s]}
            if s in ('/Pattern', '/I', '/Indexed'):
                return set()
            csres = get(res, '/ColorSpace')
            if is_dict(csres) and s in csres:
                return self.cs_families(csres.get(s), res, depth + 1)
            return set()
        if is_array(cs) and len(cs) >= 1:
            kind = str(cs[0])
            if kind in ('/Indexed', '/I') and len(cs) >= 2:
                return self.cs_families(cs[1], res, depth + 1)
            if kind == '/Separation' and len(cs) >= 3:
                return self.cs_families(cs[2], res, depth + 1)
            if kind == '/DeviceN' and len(cs) >= 3:
                return self.cs_families(cs[2], res, depth + 1)
            if kind == '/Pattern' and len(cs) >= 2:
                return self.cs_families(cs[1], res, depth + 1)
            if kind in DEVICE_NAMES and len(cs) == 1:
                return {DEVICE_NAMES[kind]}
        return set()

    def use_colour(self, fam, page, source, res):
        csres = get(res, '/ColorSpace')
        if is_dict(csres) and DEFAULT_SPACE[fam] in csres:
            return
        self.colour_uses.setdefault(fam, {}).setdefault(page, set()).add(source)

    def register_fonts(self, res, where):
        fonts = get(res, '/Font')
        if not is_dict(fonts):
            return
        for k in fonts.keys():
            f = fonts.get(k)
            if not is_dict(f):
                continue
            fk = key_of(f)
            if fk not in self.fonts:
                self.fonts[fk] = FontInfo(f)
                self.font_where[fk] = where

    def scan(self, target, res, where, key, stack):
        """Scan one content stream (a page or a form/appearance stream)."""
        if key is not None and key in self.forms:
            return self.forms[key]
        summary = Summary()
        if key is not None:
            self.forms[key] = summary        # also guards against recursion
        page = self.cur_page
        self.register_fonts(res, where)
        csres = get(res, '/ColorSpace')
        if is_dict(csres):
            for k in csres.keys():
                if k in ('/DefaultRGB', '/DefaultCMYK', '/DefaultGray'):
                    continue
                for fam in self.cs_families(csres.get(k), res):
                    self.use_colour(fam, page, 'ColorSpace resource %s' % k, res)
        shres = get(res, '/Shading')
        if is_dict(shres):
            for k in shres.keys():
                sh = shres.get(k)
                if is_dict(sh):
                    for fam in self.cs_families(get(sh, '/ColorSpace'), res):
                        self.use_colour(fam, page, 'Shading %s' % k, res)
        try:
            instrs = pikepdf.parse_content_stream(target, SCANNED_OPS)
        except Exception as e:
            self.content_errors.append('%s: content not parsed: %s' % (where, e))
            return summary
        fonts = get(res, '/Font')
        xobjs = get(res, '/XObject')
        gstates = get(res, '/ExtGState')
        props = get(res, '/Properties')
        font_cache = {}
        cur_strings = None
        fstack = []
        mc = []                      # marked-content stack: True if MCID or Artifact
        marked = 0
        mcids = summary.mcids
        text_ops = unmarked_text = unmarked_paths = unmarked_images = 0
        uses = self.font_uses
        for ins in instrs:
            op = str(ins.operator)
            operands = ins.operands
            if op in ('Tj', "'", '"', 'TJ'):
                text_ops += 1
                if not marked:
                    unmarked_text += 1
                if cur_strings is None:
                    continue
                if op == 'TJ':
                    if operands and is_array(operands[0]):
                        cur_strings.update(tj_strings(operands[0]))
                elif operands:
                    cur_strings.add(bytes(operands[-1]))
            elif op == 'Tf':
                if not operands:
                    continue
                fname = str(operands[0])
                if fname in font_cache:
                    cur_strings = font_cache[fname]
                    continue
                f = get(fonts, fname) if fonts is not None else None
                if not is_dict(f):
                    self.content_errors.append('%s: font %s not in the resources' % (where, fname))
                    cur_strings = None
                    font_cache[fname] = None
                    continue
                fk = key_of(f)
                if fk not in self.fonts:
                    self.fonts[fk] = FontInfo(f)
                    self.font_where[fk] = where
                cur_strings = uses.setdefault(fk, {}).setdefault(where, set())
                font_cache[fname] = cur_strings
            elif op == 'q':
                fstack.append(cur_strings)
            elif op == 'Q':
                if fstack:
                    cur_strings = fstack.pop()
            elif op in PAINT_OPS:
                if not marked:
                    unmarked_paths += 1
            elif op in ('BDC', 'BMC'):
                tag = str(operands[0]) if operands else ''
                m = tag == '/Artifact'
                if op == 'BDC' and len(operands) >= 2:
                    p = operands[1]
                    if is_name(p) and props is not None:
                        p = get(props, str(p))
                    if is_dict(p):
                        mcid = get(p, '/MCID')
                        if mcid is not None:
                            m = True
                            try:
                                mcids.append(int(mcid))
                            except Exception:
                                pass
                mc.append(m)
                if m:
                    marked += 1
            elif op == 'EMC':
                if mc and mc.pop():
                    marked -= 1
            elif op in ('rg', 'RG'):
                self.use_colour('RGB', page, op, res)
            elif op in ('k', 'K'):
                self.use_colour('CMYK', page, op, res)
            elif op in ('g', 'G'):
                self.use_colour('Gray', page, op, res)
            elif op in ('cs', 'CS'):
                if operands:
                    for fam in self.cs_families(operands[0], res):
                        self.use_colour(fam, page, '%s %s' % (op, operands[0]), res)
            elif op == 'sh':
                if operands:
                    sh = get(get(res, '/Shading'), str(operands[0]))
                    if is_dict(sh):
                        for fam in self.cs_families(get(sh, '/ColorSpace'), res):
                            self.use_colour(fam, page, 'sh %s' % operands[0], res)
            elif op == 'gs':
                if operands and gstates is not None:
                    gs = get(gstates, str(operands[0]))
                    if is_dict(gs):
                        self.ext_gstate(gs, str(operands[0]), where, summary)
            elif op == 'Do':
                if not operands or xobjs is None:
                    continue
                xo = get(xobjs, str(operands[0]))
                if not is_stream(xo):
                    continue
                st = str(get(xo, '/Subtype', ''))
                if st == '/Image':
                    if not marked:
                        unmarked_images += 1
                    self.image(xo, res, where, summary)
                elif st == '/Form':
                    fk = key_of(xo)
                    if fk in stack:
                        continue
                    fres = get(xo, '/Resources', res)
                    grp = get(xo, '/Group')
                    if is_dict(grp) and str(get(grp, '/S', '')) == '/Transparency':
                        summary.transparency.append('transparency group %s' % ref(xo))
                    fs = self.scan(xo, fres, '%s form %s' % (where, ref(xo)), fk, stack + [fk])
                    if get(xo, '/StructParents') is not None and fs.mcids:
                        self.form_mcids[fk] = (xo, '%s form %s' % (where, ref(xo)), fs.mcids)
                    text_ops += fs.text_ops
                    summary.transparency.extend(fs.transparency)
                    if not marked:
                        unmarked_text += fs.unmarked_text
                        unmarked_paths += fs.unmarked_paths
                        unmarked_images += fs.unmarked_images
            elif op == 'INLINE IMAGE':
                if not marked:
                    unmarked_images += 1
                if operands:
                    self.inline_image(operands[0], res, where)
        summary.text_ops = text_ops
        summary.unmarked_text = unmarked_text
        summary.unmarked_paths = unmarked_paths
        summary.unmarked_images = unmarked_images
        return summary

    def ext_gstate(self, gs, name, where, summary):
        sm = get(gs, '/SMask')
        if sm is not None and not (is_name(sm) and str(sm) == '/None'):
            summary.transparency.append('ExtGState %s soft mask' % name)
        for k in ('/CA', '/ca'):
            v = get(gs, k)
            if v is not None:
                try:
                    if float(v) < 1:
                        summary.transparency.append('ExtGState %s %s %s' % (name, k[1:], float(v)))
                except Exception:
                    pass
        bm = get(gs, '/BM')
        if bm is not None:
            modes = [bm] if is_name(bm) else list(bm) if is_array(bm) else []
            for m in modes:
                if str(m) not in BLEND_MODES:
                    self.bad_blend.append('%s: ExtGState %s blend mode %s' % (where, name, m))
            if modes and str(modes[0]) not in ('/Normal', '/Compatible'):
                summary.transparency.append('ExtGState %s blend mode %s' % (name, modes[0]))

    def image(self, xo, res, where, summary):
        if get(xo, '/SMask') is not None:
            summary.transparency.append('image %s soft mask' % ref(xo))
        try:
            if int(get(xo, '/SMaskInData', 0)) > 0:
                summary.transparency.append('image %s SMaskInData' % ref(xo))
        except Exception:
            pass
        if get(xo, '/ImageMask') is True or bool(get(xo, '/ImageMask', False)):
            return
        cs = get(xo, '/ColorSpace')
        for fam in self.cs_families(cs, Dictionary()):
            self.use_colour(fam, self.cur_page, 'image %s' % ref(xo), res)

    def inline_image(self, ii, res, where):
        pairs = {}
        try:
            lst = list(ii._image_object)
            for k, v in zip(lst[0::2], lst[1::2]):
                pairs[str(k)] = v
        except Exception:
            try:
                for k in ii.obj.keys():
                    pairs[k] = ii.obj.get(k)
            except Exception:
                return
        f = pairs.get('/F', pairs.get('/Filter'))
        names = [f] if is_name(f) else list(f) if is_array(f) else []
        for x in names:
            full = INLINE_FILTERS.get(str(x), str(x))
            if full in ('/LZWDecode', '/Crypt'):
                self.inline_filters.append((where, 'inline image uses %s' % x))
            elif full not in STANDARD_FILTERS or full == '/JPXDecode' or full == '/JBIG2Decode':
                self.inline_filters.append((where, 'inline image uses the filter %s' % x))
        im = pairs.get('/IM', pairs.get('/ImageMask'))
        if im is not None and bool(im):
            return
        cs = pairs.get('/CS', pairs.get('/ColorSpace'))
        for fam in self.cs_families(cs, res):
            self.use_colour(fam, self.cur_page, 'inline image', res)

    # ------------------------------------------------------------ 6.2.3
    def check_output_intent(self):
        r = self.rule('6.2.3', 'PDF/A output intent with a matching ICC profile')
        ois = get(self.root, '/OutputIntents')
        if not is_array(ois) or len(ois) == 0:
            r.fail('no /OutputIntents in the catalog')
            return
        profiles = {}
        pdfa = None
        for i, oi in enumerate(ois):
            if not is_dict(oi):
                r.fail('OutputIntents[%d] is not a dictionary' % i)
                continue
            if get(oi, '/DestOutputProfileRef') is not None:
                r.fail('OutputIntents[%d] has /DestOutputProfileRef' % i)
            p = get(oi, '/DestOutputProfile')
            if p is not None:
                profiles[key_of(p)] = p
            if str(get(oi, '/S', '')) == '/GTS_PDFA1' and pdfa is None:
                pdfa = (i, oi, p)
        if len(profiles) > 1:
            r.fail('the OutputIntents have %d different DestOutputProfile objects (%s)'
                   % (len(profiles), ', '.join(ref(p) for p in profiles.values())))
        if pdfa is None:
            r.fail('no output intent with /S /GTS_PDFA1')
            return
        i, oi, p = pdfa
        if not is_stream(p):
            r.fail('the GTS_PDFA1 output intent has no /DestOutputProfile stream')
            return
        self.has_intent = True
        try:
            data = p.read_bytes()
        except Exception as e:
            r.fail('profile %s unreadable: %s' % (ref(p), e))
            return
        if len(data) < 128:
            r.fail('profile %s is %d bytes, shorter than an ICC header' % (ref(p), len(data)))
            return
        space = data[16:20]
        fam = ICC_SPACES.get(space)
        if data[36:40] != b'acsp':
            r.fail('profile %s lacks the ICC signature acsp' % ref(p))
        if data[8] >= 5:
            r.fail('profile %s is ICC version %d.%d (must be < 5)' % (ref(p), data[8], data[9] >> 4))
        if data[12:16] not in (b'mntr', b'prtr'):
            r.fail('profile %s device class %r (must be mntr or prtr)' % (ref(p), data[12:16].decode('latin-1')))
        if fam is None:
            r.fail('profile %s colour space %r (must be RGB, GRAY or CMYK)'
                   % (ref(p), space.decode('latin-1')))
        else:
            self.intent_family = fam[0]
            n = get(p, '/N')
            if n is None or int(n) != fam[1]:
                r.fail('profile %s /N is %s but its header says %s (%d components)'
                       % (ref(p), n, space.decode('latin-1').strip(), fam[1]))
            r.info('output intent: %s profile %s, ICC %d.%d, %s'
                   % (fam[0], ref(p), data[8], data[9] >> 4,
                      text(get(oi, '/OutputConditionIdentifier', '?'))))

    # ------------------------------------------------------------ 6.2.4.3
    def check_device_colour(self):
        r = self.rule('6.2.4.3', 'device colour spaces match the output intent')
        for fam in ('RGB', 'CMYK', 'Gray'):
            uses = self.colour_uses.get(fam)
            if not uses:
                continue
            pages = [p for p in uses if p is not None]
            label = pages_label(pages) or 'outside pages'
            sources = sorted({s for v in uses.values() for s in v})
            desc = 'Device%s on %s (%s)' % (fam, label, ', '.join(sources[:6]) +
                                            (', ...' if len(sources) > 6 else ''))
            r.info('colour: ' + desc)
            if fam == 'Gray':
                if not self.has_intent:
                    r.fail(desc + ' without a PDF/A output intent')
            elif self.intent_family != fam:
                r.fail(desc + ' but the output intent is %s' % (self.intent_family or 'missing'))

    # ------------------------------------------------------------ 6.2.10
    def check_transparency(self):
        r = self.rule('6.2.10', 'transparency: blend modes, page groups, blending space')
        for b in self.bad_blend:
            r.fail(b)
        for n, page in enumerate(self.pages, 1):
            grp = get(page.obj, '/Group')
            has_cs = False
            if grp is not None:
                if not is_dict(grp):
                    r.fail('page %d /Group is not a dictionary' % n)
                else:
                    if str(get(grp, '/S', '')) != '/Transparency':
                        r.fail('page %d /Group /S is %s, not /Transparency' % (n, get(grp, '/S')))
                    cs = get(grp, '/CS')
                    if cs is not None:
                        has_cs = True
                        for fam in self.cs_families(cs, self.page_resources(page)):
                            if fam == 'Gray' and self.has_intent:
                                continue
                            if fam != self.intent_family:
                                r.fail('page %d /Group /CS is Device%s but the output intent is %s'
                                       % (n, fam, self.intent_family or 'missing'))
            t = self.transparency.get(n)
            if t and not self.has_intent and not has_cs:
                r.fail('page %d has transparency (%s) but there is no PDF/A output intent '
                       'and no page /Group /CS' % (n, t[0]))
        if self.transparency:
            items = sorted({x for v in self.transparency.values() for x in v})
            r.info('transparency on %s: %s' % (pages_label(self.transparency.keys()),
                                               ', '.join(items[:5]) + (', ...' if len(items) > 5 else '')))

    # ------------------------------------------------------------ fonts
    def font_codes(self, fk):
        info = self.fonts[fk]
        cache = getattr(info, '_codes', None)
        if cache is None:
            allstr = set()
            for s in self.font_uses.get(fk, {}).values():
                allstr |= s
            cache = info.codes(allstr)
            info._codes = cache
        return cache

    def first_use(self, fk, code):
        info = self.fonts[fk]
        for where, strings in self.font_uses.get(fk, {}).items():
            if code in info.codes(strings):
                return where
        return '?'

    def check_fonts(self):
        r_cmap = self.rule('6.2.11.3.3', 'Type0 encodings: Identity, predefined or embedded CMap')
        r_emb = self.rule('6.2.11.4.1', 'font programs embedded')
        r_w = self.rule('6.2.11.5', 'glyph widths agree with the embedded TrueType program')
        r_tu = self.rule('6.2.11.7.2', 'ToUnicode maps every shown code to valid Unicode')
        r_nd = self.rule('6.2.11.8', 'no shown code maps to .notdef or a missing glyph')
        for err in self.content_errors:
            r_emb.info(err)
        checked_w = checked_codes = tu_codes = tu_fonts = 0
        unchecked = []
        for fk, info in self.fonts.items():
            used = fk in self.font_uses and any(self.font_uses[fk].values())
            lab = info.label
            # 6.2.11.3.3
            if info.type0:
                if info.enc_name is not None:
                    if info.enc_name not in PREDEFINED_CMAPS:
                        r_cmap.fail('%s: /Encoding /%s is neither predefined nor embedded'
                                    % (lab, info.enc_name))
                elif is_stream(info.encoding):
                    r_cmap.info('%s: embedded encoding CMap %s' % (lab, ref(info.encoding)))
                else:
                    r_cmap.fail('%s: no usable /Encoding' % lab)
            # 6.2.11.4.1
            if info.subtype != 'Type3':
                if info.type0 and info.cidfont is None:
                    r_emb.fail('%s: no DescendantFonts' % lab)
                elif not is_dict(info.descriptor):
                    r_emb.fail('%s: no FontDescriptor (first in %s)' % (lab, self.font_where[fk]))
                elif info.fontfile is None:
                    r_emb.fail('%s: not embedded (no FontFile, FontFile2 or FontFile3; %s %s)'
                               % (lab, 'first used in' if used else 'not used, in the resources of',
                                  self.font_where[fk]))
            if not used:
                if get(info.font, '/ToUnicode') is None:
                    r_tu.fail('%s: no /ToUnicode (font not used for text)' % lab)
                continue
            codes = self.font_codes(fk)
            # 6.2.11.7.2
            cm = info.tounicode_cmap()
            if cm is None:
                r_tu.fail('%s: no /ToUnicode%s' % (lab, ' (' + '; '.join(info.problems) + ')'
                                                   if info.problems else ''))
            else:
                bad = []
                tu_fonts += 1
                tu_codes += len(codes)
                for code in sorted(codes):
                    u = cm.unicode(code)
                    why = None
                    if u is None:
                        why = 'unmapped'
                    elif u is False:
                        why = 'maps to invalid UTF-16'
                    elif u == '':
                        why = 'maps to nothing'
                    else:
                        for ch in u:
                            if ch in '\x00\ufeff\ufffe':
                                why = 'maps to U+%04X' % ord(ch)
                                break
                    if why:
                        bad.append((code, why))
                if bad:
                    shown = ', '.join('code <%0*X> %s (%s)' % (c[0] * 2, c[1], why, self.first_use(fk, c))
                                      for c, why in bad[:3])
                    r_tu.fail('%s: %d of %d codes: %s%s' % (lab, len(bad), len(codes), shown,
                                                          ', ...' if len(bad) > 3 else ''))
            # 6.2.11.5 and 6.2.11.8
            kind = info.truetype_kind()
            if kind is None:
                if info.fontfile is not None and info.subtype != 'Type3':
                    unchecked.append('%s (%s %s)' % (lab, info.subtype, info.fontfile_key[1:]))
                continue
            if info.type0 and info.cid((2, 0)) is None and info.enc_cmap is None:
                unchecked.append('%s (encoding /%s not parsed)' % (lab, info.enc_name))
                continue
            tt = info.program()
            if tt is None:
                r_w.fail('%s: %s' % (lab, '; '.join(info.problems)))
                continue
            checked_w += 1
            checked_codes += len(codes)
            mism, nd = [], []
            for code in sorted(codes):
                gid = info.gid(code)
                cid = info.cid(code)
                if gid is None or cid is None:
                    nd.append((code, 'no CID/glyph'))
                    continue
                if gid == 0 or gid >= tt.num_glyphs:
                    nd.append((code, 'GID %d' % gid if gid else '.notdef'))
                    continue
                w = info.pdf_width(code)
                real = tt.width(gid)
                if abs(w - real) > 1:
                    mism.append((code, cid, gid, w, real))
            if mism:
                what = 'CID' if info.type0 else 'code'
                shown = ', '.join('%s %d (GID %d): %s %g, font program %g (%s)'
                                  % (what, cid, gid, '/W' if info.type0 else '/Widths', w, round(real, 2),
                                     self.first_use(fk, code))
                                  for code, cid, gid, w, real in mism[:3])
                r_w.fail('%s: %d of %d codes differ: %s%s' % (lab, len(mism), len(codes), shown,
                                                            ', ...' if len(mism) > 3 else ''))
            if nd:
                shown = ', '.join('code <%0*X> -> %s (%s)' % (c[0] * 2, c[1], why, self.first_use(fk, c))
                                  for c, why in nd[:3])
                r_nd.fail('%s: %d codes: %s%s' % (lab, len(nd), shown, ', ...' if len(nd) > 3 else ''))
        r_w.info('%d fonts, %d TrueType-based with widths checked, %d codes'
                 % (len(self.fonts), checked_w, checked_codes))
        r_tu.info('%d codes of %d fonts looked up' % (tu_codes, tu_fonts))
        if unchecked:
            r_w.info('widths not checked for %d fonts: %s%s' % (
                len(unchecked), ', '.join(unchecked[:4]), ', ...' if len(unchecked) > 4 else ''))

    # ------------------------------------------------------------ 6.3
    def check_annotations(self):
        r_t = self.rule('6.3.1', 'annotation types permitted')
        r_f = self.rule('6.3.2', 'annotation flags: Print set, Hidden/Invisible/NoView clear')
        r_a = self.rule('6.3.3', 'annotation appearances: /AP with only /N')
        for n, page in enumerate(self.pages, 1):
            for a in self.annotations(page):
                st = name_str(get(a, '/Subtype')) or '?'
                lab = 'page %d %s annotation %s' % (n, st, ref(a))
                if st not in ANNOT_TYPES:
                    r_t.fail('%s: unknown type' % lab)
                elif st in ANNOT_FORBIDDEN:
                    r_t.fail('%s: type not permitted' % lab)
                f = get(a, '/F')
                if f is None:
                    if st != 'Popup':
                        r_f.fail('%s: no /F' % lab)
                else:
                    f = int(f)
                    bad = [nm for bit, nm in ((1, 'Invisible'), (2, 'Hidden'), (32, 'NoView'),
                                              (256, 'ToggleNoView')) if f & bit]
                    if not f & 4:
                        bad.insert(0, 'Print clear')
                    if bad:
                        r_f.fail('%s: /F %d (%s)' % (lab, f, ', '.join(bad)))
                ap = get(a, '/AP')
                rect = get(a, '/Rect')
                zero = False
                try:
                    rc = [float(x) for x in rect]
                    zero = rc[0] == rc[2] and rc[1] == rc[3]
                except Exception:
                    pass
                if ap is None:
                    if st not in ('Link', 'Popup') and not zero:
                        r_a.fail('%s: no /AP' % lab)
                elif not is_dict(ap):
                    r_a.fail('%s: /AP is not a dictionary' % lab)
                else:
                    keys = sorted(ap.keys())
                    if keys != ['/N']:
                        r_a.fail('%s: /AP has %s' % (lab, ' '.join(keys)))
                    nn = get(ap, '/N')
                    btn = st == 'Widget' and str(get(a, '/FT', '')) == '/Btn'
                    if nn is not None:
                        if btn and not (is_dict(nn) and not is_stream(nn)):
                            r_a.fail('%s: /AP /N of a button is not a dictionary' % lab)
                        elif not btn and not is_stream(nn):
                            r_a.fail('%s: /AP /N is not a stream' % lab)

    # ------------------------------------------------------------ 6.5
    def check_actions(self):
        r_a = self.rule('6.5.1', 'no JavaScript, Launch or other forbidden actions')
        r_aa = self.rule('6.5.2', 'no additional actions (/AA)')
        seen = set()

        def action(a, where, depth=0):
            if not is_dict(a) or depth > 50:
                return
            k = key_of(a)
            if k in seen:
                return
            seen.add(k)
            s = name_str(get(a, '/S')) or '?'
            if s in ACTIONS_FORBIDDEN:
                r_a.fail('%s: %s action %s' % (where, s, ref(a)))
            elif get(a, '/JS') is not None:
                r_a.fail('%s: action %s has /JS' % (where, ref(a)))
            elif s == 'Named' and name_str(get(a, '/N')) not in NAMED_ALLOWED:
                r_a.fail('%s: Named action /%s' % (where, name_str(get(a, '/N'))))
            nx = get(a, '/Next')
            if is_array(nx):
                for x in nx:
                    action(x, where, depth + 1)
            elif nx is not None:
                action(nx, where, depth + 1)

        def aa(d, where):
            v = get(d, '/AA')
            if v is not None:
                r_aa.fail('%s has /AA' % where)
                if is_dict(v):
                    for k in v.keys():
                        action(v.get(k), '%s /AA %s' % (where, k))

        aa(self.root, 'the catalog')
        oa = get(self.root, '/OpenAction')
        if is_dict(oa):
            action(oa, 'catalog /OpenAction')
        names = get(self.root, '/Names')
        if is_dict(names) and get(names, '/JavaScript') is not None:
            r_a.fail('the catalog /Names has a /JavaScript name tree')
        for n, page in enumerate(self.pages, 1):
            aa(page.obj, 'page %d' % n)
            for a in self.annotations(page):
                lab = 'page %d annotation %s' % (n, ref(a))
                aa(a, lab)
                action(get(a, '/A'), lab)
        # outlines
        ol = get(self.root, '/Outlines')
        stack, count = [get(ol, '/First')] if is_dict(ol) else [], 0
        visited = set()
        while stack and count < 100000:
            item = stack.pop()
            count += 1
            if not is_dict(item) or key_of(item) in visited:
                continue
            visited.add(key_of(item))
            action(get(item, '/A'), 'outline item %s' % ref(item))
            stack.append(get(item, '/Next'))
            stack.append(get(item, '/First'))
        # form fields
        af = get(self.root, '/AcroForm')
        fields = list(get(af, '/Fields', [])) if is_dict(af) else []
        fvisited = set()
        while fields:
            f = fields.pop()
            if not is_dict(f) or key_of(f) in fvisited:
                continue
            fvisited.add(key_of(f))
            aa(f, 'field %s' % ref(f))
            action(get(f, '/A'), 'field %s' % ref(f))
            kids = get(f, '/Kids')
            if is_array(kids):
                fields.extend(kids)

    # ------------------------------------------------------------ 6.6.2.1
    def check_metadata(self):
        self.xmp = self._metadata()

    def _metadata(self):
        r = self.rule('6.6.2.1', 'XMP metadata stream: unfiltered, xpacket, well-formed')
        md = get(self.root, '/Metadata')
        if md is None:
            r.fail('no /Metadata in the catalog')
            return None
        if not is_stream(md):
            r.fail('/Metadata is not a stream')
            return None
        if str(get(md, '/Type', '')) != '/Metadata':
            r.fail('%s /Type is %s, not /Metadata' % (ref(md), get(md, '/Type')))
        if str(get(md, '/Subtype', '')) != '/XML':
            r.fail('%s /Subtype is %s, not /XML' % (ref(md), get(md, '/Subtype')))
        if get(md, '/Filter') is not None:
            r.fail('%s has /Filter %s' % (ref(md), get(md, '/Filter')))
        try:
            data = md.read_bytes()
        except Exception as e:
            r.fail('%s unreadable: %s' % (ref(md), e))
            return None
        head = re.match(rb'<\?xpacket[ \t\r\n]+begin=(["\'])(.*?)\1(.*?)\?>', data, re.S)
        if not head:
            r.fail('%s does not start with <?xpacket begin=...?>' % ref(md))
        else:
            attrs = head.group(3)
            for a in (b'bytes', b'encoding'):
                if re.search(rb'\b' + a + rb'[ \t\r\n]*=', attrs):
                    r.fail('the xpacket header has %s=' % a.decode())
        if not re.search(rb'<\?xpacket[ \t\r\n]+end=(["\'])[rw]\1[ \t\r\n]*\?>[ \t\r\n\0]*$', data):
            r.fail('%s does not end with <?xpacket end="r|w"?>' % ref(md))
        try:
            root = ET.fromstring(data)
        except ET.ParseError as e:
            r.fail('%s is not well-formed XML: %s' % (ref(md), e))
            return None
        return Xmp(root)

    # ------------------------------------------------------------ 6.6.4
    def check_identification(self):
        xmp = self.xmp
        r = self.rule('6.6.4', 'XMP PDF/A identification: part %d, conformance U' % self.args.part)
        if xmp is None:
            r.fail('no readable XMP metadata')
            return
        part = xmp.simple(NS_PDFAID, 'part')
        conf = xmp.simple(NS_PDFAID, 'conformance')
        if part is None:
            others = xmp.find_local('part', 'pdfa')
            r.fail('no pdfaid:part in %s%s' % (NS_PDFAID, ' (found one in %s)' % others[0] if others else ''))
        elif part.strip() != str(self.args.part):
            r.fail('pdfaid:part is %r, not %d' % (part, self.args.part))
        if conf is None:
            r.fail('no pdfaid:conformance')
        elif conf.strip() != 'U':
            r.fail('pdfaid:conformance is %r; this suite claims level U' % conf)
        r.info('pdfaid: part=%s conformance=%s' % (part, conf))

    # ------------------------------------------------------------ 6.6.3
    def check_info_xmp(self):
        xmp = self.xmp
        r = self.rule('6.6.3', 'Info dictionary entries equal their XMP properties')
        info = get(self.pdf.trailer, '/Info')
        if not is_dict(info):
            return
        keys = [k for k in ('/Title', '/Author', '/Subject', '/Keywords', '/Creator',
                            '/Producer', '/CreationDate', '/ModDate') if get(info, k) is not None]
        if not keys:
            return
        if xmp is None:
            r.fail('Info has %s but there is no readable XMP' % ' '.join(k[1:] for k in keys))
            return
        for k in keys:
            val = text(get(info, k))
            if k == '/Title':
                self.cmp_text(r, k, val, xmp.alt_default(NS_DC, 'title'), 'dc:title x-default')
            elif k == '/Subject':
                self.cmp_text(r, k, val, xmp.alt_default(NS_DC, 'description'),
                              'dc:description x-default')
            elif k == '/Author':
                seq = xmp.seq(NS_DC, 'creator')
                if seq is None:
                    r.fail('Info /Author %r but no dc:creator rdf:Seq' % val)
                elif len(seq) != 1:
                    r.fail('Info /Author %r but dc:creator has %d entries %r' % (val, len(seq), seq))
                else:
                    self.cmp_text(r, k, val, seq[0], 'dc:creator')
            elif k == '/Keywords':
                self.cmp_text(r, k, val, xmp.simple(NS_PDF, 'Keywords'), 'pdf:Keywords')
            elif k == '/Creator':
                self.cmp_text(r, k, val, xmp.simple(NS_XMP, 'CreatorTool'), 'xmp:CreatorTool')
            elif k == '/Producer':
                self.cmp_text(r, k, val, xmp.simple(NS_PDF, 'Producer'), 'pdf:Producer')
            else:
                prop = 'CreateDate' if k == '/CreationDate' else 'ModifyDate'
                xv = xmp.simple(NS_XMP, prop)
                if xv is None:
                    r.fail('Info %s %r but no xmp:%s' % (k[1:], val, prop))
                    continue
                a, b = parse_pdf_date(val), parse_xmp_date(xv)
                if a is None:
                    r.fail('Info %s %r is not a PDF date' % (k[1:], val))
                elif b is None:
                    r.fail('xmp:%s %r is not an ISO 8601 date' % (prop, xv))
                elif (a.tzinfo is None) != (b.tzinfo is None):
                    r.fail('Info %s %r and xmp:%s %r: only one has a time zone' % (k[1:], val, prop, xv))
                elif a != b:
                    r.fail('Info %s %r is %s but xmp:%s %r is %s'
                           % (k[1:], val, a.isoformat(), prop, xv, b.isoformat()))

    @staticmethod
    def cmp_text(r, key, val, xval, xname):
        if xval is None:
            r.fail('Info %s %r but no %s' % (key[1:], val, xname))
        elif xval != val:
            r.fail('Info %s %r differs from %s %r' % (key[1:], val, xname, xval))

    # ------------------------------------------------------------ 6.8
    def name_tree(self, node, out, depth=0):
        if not is_dict(node) or depth > 32:
            return
        names = get(node, '/Names')
        if is_array(names):
            for i in range(0, len(names) - 1, 2):
                out.append((text(names[i]), names[i + 1]))
        kids = get(node, '/Kids')
        if is_array(kids):
            for k in kids:
                self.name_tree(k, out, depth + 1)

    def struct_elements(self):
        """All structure elements, depth first: (elem, parent, depth)."""
        if hasattr(self, '_elems'):
            return self._elems
        out = []
        str_root = get(self.root, '/StructTreeRoot')
        if is_dict(str_root):
            seen = {key_of(str_root)}
            stack = [(k, str_root, 1) for k in reversed(self.kids(get(str_root, '/K')))]
            while stack:
                e, parent, d = stack.pop()
                if not is_dict(e) or not self.is_elem(e):
                    continue
                k = key_of(e)
                if k in seen:
                    continue
                seen.add(k)
                out.append((e, parent, d))
                stack.extend((c, e, d + 1) for c in reversed(self.kids(get(e, '/K'))))
        self._elems = out
        return out

    def content_refs(self, e):
        """The marked content an element claims: {(page key or None, MCID)}."""
        pg = get(e, '/Pg')
        epg = key_of(pg) if pg is not None else None
        out = set()
        for k in self.kids(get(e, '/K')):
            if isinstance(k, int) and not isinstance(k, bool):
                out.add((epg, k))
            elif is_dict(k) and str(get(k, '/Type', '')) == '/MCR':
                kp = get(k, '/Pg')
                try:
                    out.add((key_of(kp) if kp is not None else epg, int(get(k, '/MCID'))))
                except Exception:
                    pass
        return out

    @staticmethod
    def kids(k):
        if k is None:
            return []
        if is_array(k):
            return list(k)
        return [k]

    @staticmethod
    def is_elem(d):
        t = str(get(d, '/Type', ''))
        if t in ('/MCR', '/OBJR'):
            return False
        return t == '/StructElem' or get(d, '/S') is not None

    def check_embedded_files(self):
        r = self.rule('6.8', 'embedded files (part %d)' % self.args.part)
        names = get(self.root, '/Names')
        entries = []
        if is_dict(names):
            self.name_tree(get(names, '/EmbeddedFiles'), entries)
        # every /AF array
        af_specs = {}
        holders = [('the catalog', self.root)]
        for n, page in enumerate(self.pages, 1):
            holders.append(('page %d' % n, page.obj))
            for a in self.annotations(page):
                holders.append(('page %d annotation %s' % (n, ref(a)), a))
                if str(get(a, '/Subtype', '')) == '/FileAttachment' and is_dict(get(a, '/FS')):
                    entries.append(('annotation %s' % ref(a), get(a, '/FS')))
        for e, _, _ in self.struct_elements():
            holders.append(('structure element %s' % ref(e), e))
        for where, h in holders:
            af = get(h, '/AF')
            if af is None:
                continue
            if not is_array(af):
                r.fail('%s /AF is not an array' % where)
                continue
            for fs in af:
                if is_dict(fs):
                    af_specs.setdefault(key_of(fs), (where, fs))
        embedded = [(nm, fs) for nm, fs in entries if is_dict(fs) and get(fs, '/EF') is not None]
        if self.args.part == 2:
            if embedded:
                r.fail('%d embedded files (%s); in PDF/A-2 each must itself be PDF/A, which this '
                       'checker does not verify' % (len(embedded), ', '.join(n for n, _ in embedded[:3])))
            for nm, fs in entries:
                self.describe_attachment(r, nm, fs)
            return
        allspecs = {}
        for nm, fs in entries:
            if not is_dict(fs):
                r.fail('EmbeddedFiles entry %r is not a file specification' % nm)
                continue
            allspecs.setdefault(key_of(fs), (nm, fs))
        for k, (where, fs) in af_specs.items():
            allspecs.setdefault(k, ('/AF of %s' % where, fs))
        rels = {}
        for k, (nm, fs) in allspecs.items():
            lab = '%r (%s)' % (nm, ref(fs))
            miss = [x for x in ('/F', '/UF') if get(fs, x) is None]
            if miss:
                r.fail('%s: no %s' % (lab, ' '.join(miss)))
            rel = name_str(get(fs, '/AFRelationship'))
            if rel is None:
                r.fail('%s: no /AFRelationship' % lab)
            elif rel not in AF_RELATIONSHIPS:
                r.fail('%s: /AFRelationship /%s is not a PDF/A-3 value' % (lab, rel))
            else:
                rels[rel] = rels.get(rel, 0) + 1
            ef = get(fs, '/EF')
            if ef is not None:
                st = get(ef, '/F') if is_dict(ef) else None
                if not is_stream(st):
                    r.fail('%s: /EF has no /F stream' % lab)
                elif get(st, '/Subtype') is None:
                    r.fail('%s: embedded file stream %s has no /Subtype (MIME type)' % (lab, ref(st)))
                if k not in af_specs:
                    r.fail('%s: embedded but in no /AF array' % lab)
            self.describe_attachment(r, nm, fs)
        if self.args.attachments:
            for need in ('Source', 'Data'):
                if not rels.get(need):
                    r.fail('--attachments: no attachment with /AFRelationship /%s' % need)

    def describe_attachment(self, r, nm, fs):
        if not is_dict(fs):
            return
        ef = get(fs, '/EF')
        st = get(ef, '/F') if is_dict(ef) else None
        size = '?'
        mime = '?'
        if is_stream(st):
            mime = name_str(get(st, '/Subtype')) or '?'
            params = get(st, '/Params')
            if is_dict(params) and get(params, '/Size') is not None:
                size = str(int(get(params, '/Size')))
            else:
                try:
                    size = str(len(st.read_bytes()))
                except Exception:
                    pass
        fname = text(get(fs, '/UF', get(fs, '/F', '?')))
        r.info('attachment %r: file %r, relationship %s, type %s, %s bytes'
               % (nm, fname, name_str(get(fs, '/AFRelationship')) or '-', mime, size))

    # ------------------------------------------------------------ tagged
    def parent_tree(self):
        out = {}
        st = get(self.root, '/StructTreeRoot')
        pt = get(st, '/ParentTree') if is_dict(st) else None
        stack, seen = [pt], set()
        while stack:
            node = stack.pop()
            if not is_dict(node) or key_of(node) in seen:
                continue
            seen.add(key_of(node))
            nums = get(node, '/Nums')
            if is_array(nums):
                for i in range(0, len(nums) - 1, 2):
                    try:
                        out[int(nums[i])] = nums[i + 1]
                    except Exception:
                        pass
            kids = get(node, '/Kids')
            if is_array(kids):
                stack.extend(kids)
        return pt, out

    def check_tagged(self):
        a = self.args
        r_mi = self.rule('tagged-markinfo', 'catalog /MarkInfo /Marked true')
        mi = get(self.root, '/MarkInfo')
        if not is_dict(mi):
            r_mi.fail('no /MarkInfo')
        else:
            if get(mi, '/Marked') is not True and not (get(mi, '/Marked') is not None and bool(get(mi, '/Marked'))):
                r_mi.fail('/MarkInfo /Marked is %s' % get(mi, '/Marked'))
            if get(mi, '/Suspects') is not None and bool(get(mi, '/Suspects')):
                r_mi.fail('/MarkInfo /Suspects is true')
        r_st = self.rule('tagged-structtree', 'catalog /StructTreeRoot with /K')
        str_root = get(self.root, '/StructTreeRoot')
        if not is_dict(str_root):
            r_st.fail('no /StructTreeRoot')
        elif get(str_root, '/K') is None:
            r_st.fail('/StructTreeRoot %s has no /K' % ref(str_root))
        r_l = self.rule('tagged-lang', 'catalog /Lang%s' % (' ' + a.lang if a.lang else ''))
        lang = get(self.root, '/Lang')
        if lang is None or not text(lang).strip():
            r_l.fail('no /Lang in the catalog')
        elif a.lang and text(lang).lower() != a.lang.lower():
            r_l.fail('/Lang is %r, not %r' % (text(lang), a.lang))
        r_dt = self.rule('tagged-doctitle', '/ViewerPreferences /DisplayDocTitle true')
        vp = get(self.root, '/ViewerPreferences')
        if not is_dict(vp) or not bool(get(vp, '/DisplayDocTitle', False)):
            r_dt.fail('/ViewerPreferences /DisplayDocTitle is not true')

        r_pt = self.rule('tagged-parenttree', 'marked pages and forms: /StructParents with a '
                         'ParentTree array')
        r_mc = self.rule('tagged-mcid', 'each MCID is claimed by its parent-tree element')
        r_el = self.rule('tagged-elements', 'structure elements: /S, /P, standard or role-mapped types')
        r_fig = self.rule('tagged-figure-alt', 'Figure elements have /Alt')
        r_tc = self.rule('tagged-content', 'text is in MCID-tagged or Artifact marked content')

        elems = self.struct_elements() if is_dict(str_root) else []
        rolemap = get(str_root, '/RoleMap') if is_dict(str_root) else None

        def mapped(t):
            seen = set()
            while t not in STANDARD_STRUCT and is_dict(rolemap) and t not in seen:
                seen.add(t)
                v = get(rolemap, '/' + t)
                if not is_name(v):
                    break
                t = str(v)[1:]
            return t

        refs = {}                    # elem key -> set((page key or None, mcid))
        levels = {}
        for e, parent, depth in elems:
            lab = 'structure element %s' % ref(e)
            s = name_str(get(e, '/S'))
            if s is None:
                r_el.fail('%s: no /S' % lab)
                s = shown = '?'
            else:
                m = mapped(s)
                shown = s if m == s else '%s=%s' % (s, m)
                if m not in STANDARD_STRUCT:
                    r_el.fail('%s: type /%s is not standard and not role-mapped to a standard type'
                              % (lab, s))
                if m == 'Figure' and get(e, '/Alt') is None:
                    r_fig.fail('%s (/%s) has no /Alt' % (lab, s))
            p = get(e, '/P')
            if p is None:
                r_el.fail('%s (/%s): no /P' % (lab, s))
            elif key_of(p) != key_of(parent):
                r_el.fail('%s (/%s): /P is %s, but its parent is %s' % (lab, s, ref(p), ref(parent)))
            if depth <= 3:
                levels.setdefault(depth, {})
                levels[depth][shown] = levels[depth].get(shown, 0) + 1
            refs[key_of(e)] = self.content_refs(e)
        if not elems and is_dict(str_root):
            r_st.fail('the structure tree has no structure elements')

        pt, tree = self.parent_tree()
        if is_dict(str_root) and pt is None and any(s.mcids for s in self.page_summary.values()):
            r_pt.fail('/StructTreeRoot has no /ParentTree')

        def check_mcids(holder, where, mcids, page_key):
            sp = get(holder, '/StructParents')
            if sp is None:
                r_pt.fail('%s has marked content (MCID %d...) but no /StructParents' % (where, mcids[0]))
                return
            try:
                sp = int(sp)
            except Exception:
                r_pt.fail('%s /StructParents is not an integer' % where)
                return
            arr = tree.get(sp)
            if not is_array(arr):
                r_pt.fail('%s: /StructParents %d has %s in the ParentTree'
                          % (where, sp, 'no entry' if arr is None else 'no array'))
                return
            bad = []
            counts[0] += len(set(mcids))
            for m in sorted(set(mcids)):
                if m < 0 or m >= len(arr):
                    bad.append('MCID %d: beyond the parent-tree array (%d entries)' % (m, len(arr)))
                    continue
                e = arr[m]
                if not is_dict(e):
                    bad.append('MCID %d: parent-tree entry is %s' % (m, 'null' if e is None else 'not an element'))
                    continue
                got = refs.get(key_of(e))
                if got is None:
                    got = self.content_refs(e)
                if page_key is None:
                    ok = any(mm == m for _, mm in got)
                else:
                    ok = (page_key, m) in got
                if not ok:
                    bad.append('MCID %d: element %s (/%s) does not refer to it'
                               % (m, ref(e), name_str(get(e, '/S'))))
            for b in bad[:MAX_REASONS]:
                r_mc.fail('%s %s' % (where, b))
            if len(bad) > MAX_REASONS:
                r_mc.fail('%s: %d more' % (where, len(bad) - MAX_REASONS))

        unmarked_pages, no_sp = [], []
        counts = [0]
        paths = images = 0
        for n, page in enumerate(self.pages, 1):
            s = self.page_summary.get(n)
            if s is None:
                continue
            if s.mcids:
                check_mcids(page.obj, 'page %d' % n, s.mcids, page.obj.objgen)
            elif s.text_ops and get(page.obj, '/StructParents') is None:
                no_sp.append(n)
            if s.unmarked_text:
                unmarked_pages.append((n, s.unmarked_text))
            paths += s.unmarked_paths
            images += s.unmarked_images
        if no_sp:
            r_pt.info('%s: content without MCIDs and no /StructParents' % pages_label(no_sp))
        for fk, (xo, where, mcids) in self.form_mcids.items():
            check_mcids(xo, where, mcids, None)
        r_mc.info('%d MCIDs looked up in the parent tree (%d tree entries, %d elements)'
                  % (counts[0], len(tree), len(elems)))
        for n, c in unmarked_pages[:MAX_REASONS]:
            r_tc.fail('page %d: %d text operators outside MCID/Artifact marked content' % (n, c))
        if len(unmarked_pages) > MAX_REASONS:
            r_tc.fail('%d more pages (%d operators in all)' % (len(unmarked_pages) - MAX_REASONS,
                                                              sum(c for _, c in unmarked_pages)))
        r_tc.info('text operators: %d, %d unmarked; unmarked paths: %d, unmarked images: %d '
                  '(paths and images need not be marked here)'
                  % (sum(s.text_ops for s in self.page_summary.values()),
                     sum(c for _, c in unmarked_pages), paths, images))
        parts = []
        for d in sorted(levels):
            parts.append(', '.join('%s x%d' % (t, c) if c > 1 else t
                                   for t, c in sorted(levels[d].items(), key=lambda x: -x[1])))
        r_el.info('structure: %s' % (' > '.join(parts) if parts else '(empty)'))


# ------------------------------------------------------------------ XMP

class Xmp:
    def __init__(self, root):
        self.props = {}
        for desc in root.iter('{%s}Description' % NS_RDF):
            for k, v in desc.attrib.items():
                if k.startswith('{'):
                    ns, local = k[1:].split('}', 1)
                    if ns != NS_RDF:
                        self.props.setdefault((ns, local), v)
            for child in desc:
                if not child.tag.startswith('{'):
                    continue
                ns, local = child.tag[1:].split('}', 1)
                self.props.setdefault((ns, local), child)

    def find_local(self, local, hint):
        return [ns for (ns, l) in self.props if l == local and hint in ns]

    def simple(self, ns, local):
        v = self.props.get((ns, local))
        if v is None or isinstance(v, str):
            return v
        if len(v):
            return None
        return v.text or ''

    def _container(self, ns, local, kind):
        v = self.props.get((ns, local))
        if v is None or isinstance(v, str):
            return None
        c = v.find('{%s}%s' % (NS_RDF, kind))
        if c is None:
            return None
        return [(li.get(XML_LANG), li.text or '') for li in c.findall('{%s}li' % NS_RDF)]

    def alt_default(self, ns, local):
        items = self._container(ns, local, 'Alt')
        if items is None:
            return None
        for lang, t in items:
            if lang == 'x-default':
                return t
        return None

    def seq(self, ns, local):
        items = self._container(ns, local, 'Seq')
        return None if items is None else [t for _, t in items]


# ------------------------------------------------------------------ dates

PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
                      r"(?:([Zz+\-])(?:(\d{2})'?(?:(\d{2})'?)?)?)?\s*$")
XMP_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
                      r"(Z|[+\-]\d{2}:\d{2})?)?)?)?$")


def parse_pdf_date(s):
    m = PDF_DATE.match(s.strip())
    if not m:
        return None
    y, mo, d, h, mi, se, tzc, tzh, tzm = m.groups()
    try:
        dt = datetime(int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(se or 0))
    except ValueError:
        return None
    if tzc is None:
        return dt
    if tzc in 'Zz':
        return dt.replace(tzinfo=timezone.utc)
    off = timedelta(hours=int(tzh or 0), minutes=int(tzm or 0))
    return dt.replace(tzinfo=timezone(off if tzc == '+' else -off))


def parse_xmp_date(s):
    m = XMP_DATE.match(s.strip())
    if not m:
        return None
    y, mo, d, h, mi, se, tz = m.groups()
    try:
        dt = datetime(int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(se or 0))
    except ValueError:
        return None
    if tz is None:
        return dt
    if tz == 'Z':
        return dt.replace(tzinfo=timezone.utc)
    sign = 1 if tz[0] == '+' else -1
    off = timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6]))
    return dt.replace(tzinfo=timezone(sign * off))


# ------------------------------------------------------------------ main

def main(argv=None):
    ap = argparse.ArgumentParser(description='Check chosen PDF/A-2/-3 and tagged-PDF rules '
                                 '(not a validator; see the module docstring).')
    ap.add_argument('file')
    ap.add_argument('--part', type=int, choices=(2, 3), default=2,
                    help='the PDF/A part claimed (default 2)')
    ap.add_argument('--tagged', action='store_true', help='also check the tagged-PDF rules')
    ap.add_argument('--lang', help='the document language --tagged expects in /Lang')
    ap.add_argument('--attachments', action='store_true',
                    help='require Source and Data associated files (PDF/A-3)')
    args = ap.parse_args(argv)
    try:
        checker = Checker(args.file, args)
    except (OSError, pikepdf.PdfError, pikepdf.PasswordError) as e:
        print('cannot open %s: %s' % (args.file, e), file=sys.stderr)
        return 2
    try:
        checker.run()
    finally:
        try:
            checker.pdf.close()
        except Exception:
            pass
    failed = 0
    for r in checker.rules:
        if r.fails:
            failed += 1
            reasons = r.fails[:MAX_REASONS]
            more = len(r.fails) - len(reasons)
            print('FAIL %s %s: %s%s' % (r.clause, r.desc, '; '.join(reasons),
                                        '; and %d more' % more if more else ''))
        else:
            print('ok %s %s' % (r.clause, r.desc))
        for i in r.infos:
            print('info %s' % i)
    print('checked %d rules, %d failed (this checker does not establish PDF/A conformance: '
          'see the docstring for what is not checked)' % (len(checker.rules), failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
