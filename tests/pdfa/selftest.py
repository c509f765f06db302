#!/usr/bin/python3
"""Prove that every rule of check.py can fail, and that a good file passes.

usage: selftest.py [-v] [-k SUBSTRING] [--keep DIR]

It builds small PDFs with pikepdf in a temporary directory: good ones (PDF/A-2
and PDF/A-3 with attachments, tagged) that pass every rule, then one broken
copy per rule, and asserts that check.py reports exactly the expected clause
(or, where one fault breaks several rules, exactly the expected set) as FAIL.
Output is TAP-like: `ok N - ...` or `not ok N - ...`, then `1..N`; the exit
status is 1 if any test failed.

It needs Debian's python3-pikepdf and python3-fonttools, a TrueType font
(DejaVu Serif from fonts-dejavu-core, which has U+2211; else DejaVu Sans)
and /usr/share/color/icc/sRGB.icc (icc-profiles-free).
"""

import argparse
import contextlib
import io
import os
import re
import subprocess
import sys
import tempfile
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name, String

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True     # no __pycache__ in the source tree
import check  # noqa: E402

FONTS = ['/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf',
         '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf']
SRGB = '/usr/share/color/icc/sRGB.icc'
CMYK_PROFILES = ['/usr/share/color/icc/ghostscript/ps_cmyk.icc',
                 '/usr/share/color/icc/ghostscript/default_cmyk.icc']

TEXT1 = 'Archive\u2211'            # Type0 font; U+2211 is mapped to U+1D6BA
TEXT2 = 'Hello World 1 Form'       # simple TrueType font ('F' only in a form)
TITLE = 'Folio \u6863\u6848 \U00020000 test'   # a character above U+FFFF
AUTHOR = '\u6797\u6653'


# ------------------------------------------------------------------ inputs

def setkeys(obj, d):
    """obj.update(d) for pikepdf 6 streams, which have no update()."""
    for k in d.keys():
        obj[Name(k)] = d[k]


def font_program():
    """A small subset of a TrueType font, its glyph ids and advance widths."""
    import logging
    from fontTools import subset
    logging.getLogger('fontTools.subset').setLevel(logging.ERROR)
    from fontTools.ttLib import TTFont
    path = next((p for p in FONTS if os.path.exists(p)), None)
    if path is None:
        raise SystemExit('Bail out! no TrueType font in %s' % ', '.join(FONTS))
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.notdef_outline = True
    opts.name_IDs = ['*']
    font = TTFont(path)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[ord(c) for c in set(TEXT1 + TEXT2)])
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    font = TTFont(io.BytesIO(buf.getvalue()))
    cmap = font.getBestCmap()
    upem = font['head'].unitsPerEm
    gids, widths = {}, {}
    for c in set(TEXT1 + TEXT2):
        g = cmap[ord(c)]
        gids[c] = font.getGlyphID(g)
        widths[c] = round(font['hmtx'][g][0] * 1000 / upem)
    return buf.getvalue(), gids, widths


def lzw(data):
    """LZWDecode data (9-bit codes suffice for the few bytes used here)."""
    assert len(data) < 200
    table = {bytes([i]): i for i in range(256)}
    codes, nxt, w = [256], 258, b''
    for c in data:
        wc = w + bytes([c])
        if wc in table:
            w = wc
        else:
            codes.append(table[w])
            table[wc] = nxt
            nxt += 1
            w = bytes([c])
    if w:
        codes.append(table[w])
    codes.append(257)
    bits = ''.join(format(c, '09b') for c in codes)
    bits += '0' * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, 'big')


def xmp_packet(part=2, conformance='U', title=TITLE, creators=(AUTHOR,),
               create='2019-01-08T02:30:00Z', modify='2019-01-08T10:30:00+00:00',
               pdfaid_ns=check.NS_PDFAID, header='begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"',
               trailer='<?xpacket end="w"?>', extra=''):
    seq = ''.join('<rdf:li>%s</rdf:li>' % c for c in creators)
    dates = ''
    if create is not None:
        dates += '<xmp:CreateDate>%s</xmp:CreateDate>' % create
    if modify is not None:
        dates += '<xmp:ModifyDate>%s</xmp:ModifyDate>' % modify
    return ('<?xpacket %s?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            '<rdf:Description rdf:about="" xmlns:pdfaid="%s">'
            '<pdfaid:part>%s</pdfaid:part><pdfaid:conformance>%s</pdfaid:conformance>'
            '</rdf:Description>\n'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">%s</rdf:li></rdf:Alt></dc:title>'
            '<dc:creator><rdf:Seq>%s</rdf:Seq></dc:creator>'
            '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Selftest subject</rdf:li>'
            '</rdf:Alt></dc:description></rdf:Description>\n'
            # pdf:Producer in attribute form, the rest as elements
            '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
            'pdf:Producer="folio selftest producer"><pdf:Keywords>a, b</pdf:Keywords>'
            '</rdf:Description>\n'
            '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
            '<xmp:CreatorTool>folio</xmp:CreatorTool>%s</rdf:Description>\n%s'
            '</rdf:RDF>\n</x:xmpmeta>\n%s\n%s'
            % (header, pdfaid_ns, part, conformance, title, seq, dates, extra,
               ' ' * 200, trailer)).encode('utf-8')


TOUNICODE1 = b'''/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
%(nchar)d beginbfchar
%(chars)s
endbfchar
2 beginbfrange
<0068> <0069> <0068>
<0076> <0076> [<0076>]
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
'''

TOUNICODE2 = b'''/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS2 def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
1 beginbfrange
<20> <7E> <0020>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
'''

CHARS1 = {'A': b'<0041>', 'r': b'<0072>', 'c': b'<0063>', 'e': b'<0065>',
          '\u2211': b'<D835DEBA>'}     # U+1D6BA as a surrogate pair


def content(text1_hex, extra=b'', before=b''):
    return (before +
            b'/Artifact BMC 0.5 g 0 0 200 12 re f EMC\n'
            b'/Heading <</MCID 0>> BDC BT /F1 12 Tf 10 170 Td <' + text1_hex + b'> Tj ET EMC\n'
            b'/P <</MCID 1>> BDC BT /F2 10 Tf 10 150 Td (Hello) Tj 0 0 1 rg '
            b'/Span <</ActualText (World)>> BDC [( W) 40 (orld)] TJ EMC ( 1) \' ET '
            b'q 1 0 0 1 10 130 cm /Fm1 Do Q EMC\n'
            b'/Figure <</MCID 2>> BDC q /GS1 gs 50 0 0 50 10 60 cm /Im1 Do Q EMC\n'
            b'/Artifact <</Type /Pagination>> BDC BT /F2 8 Tf 95 3 Td (1) Tj ET EMC\n'
            + extra)


# ------------------------------------------------------------------ builder

class Build:
    """A PDF/A-2u (or -3u), tagged, built from scratch; the knobs and the
    hooks (xmp, content, mutate, raw) make the broken copies."""

    font_data = gids = widths = None

    def __init__(self, part=2, attachments=False, xmp=None, content=None, mutate=None,
                 raw=None, save=None):
        if Build.font_data is None:
            Build.font_data, Build.gids, Build.widths = font_program()
        self.part, self.attachments = part, attachments
        self.xmp_hook, self.content_hook = xmp, content
        self.mutate, self.raw, self.save_opts = mutate, raw, save or {}

    def flate(self, pdf, data, **keys):
        s = pikepdf.Stream(pdf, zlib.compress(data))
        s.Filter = Name.FlateDecode
        for k, v in keys.items():
            s[Name('/' + k)] = v
        return s

    def write(self, path):
        pdf = pikepdf.new()
        self.pdf = pdf
        gids, widths = self.gids, self.widths
        fontfile = self.flate(pdf, self.font_data, Length1=len(self.font_data))
        self.fontfile = pdf.make_indirect(fontfile)

        def descriptor(name, flags):
            return pdf.make_indirect(Dictionary(
                Type=Name.FontDescriptor, FontName=Name('/' + name), Flags=flags,
                FontBBox=[-200, -250, 1200, 950], ItalicAngle=0, Ascent=900, Descent=-250,
                CapHeight=700, StemV=80, FontFile2=self.fontfile))

        # F1: Type0, CIDFontType2, Identity-H, CID = Unicode, CIDToGIDMap stream
        cid2gid = bytearray(2 * 0x2212)
        for ch in TEXT1:
            cid2gid[2 * ord(ch):2 * ord(ch) + 2] = gids[ch].to_bytes(2, 'big')
        self.cid2gid = cid2gid
        w = Array()
        for ch in sorted(set(TEXT1), key=ord):
            w.extend([ord(ch), Array([widths[ch]])])
        self.cidfont = pdf.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name('/AAAAAA+SelftestSerif'),
            CIDSystemInfo=Dictionary(Registry=String('Adobe'), Ordering=String('Identity'),
                                     Supplement=0),
            FontDescriptor=descriptor('AAAAAA+SelftestSerif', 4), DW=1000, W=w,
            CIDToGIDMap=pdf.make_indirect(self.flate(pdf, bytes(cid2gid)))))
        chars = b'\n'.join(b'<%04X> %s' % (ord(c), d) for c, d in CHARS1.items())
        self.tounicode1 = TOUNICODE1 % {b'nchar': len(CHARS1), b'chars': chars}
        self.font1 = pdf.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.Type0, BaseFont=Name('/AAAAAA+SelftestSerif'),
            Encoding=Name('/Identity-H'), DescendantFonts=[self.cidfont]))
        # F2: simple TrueType, WinAnsiEncoding
        ws = [widths.get(chr(c), 0) for c in range(32, 127)]
        self.font2 = pdf.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.TrueType, BaseFont=Name('/BBBBBB+SelftestSerif'),
            FirstChar=32, LastChar=126, Widths=pdf.make_indirect(Array(ws)),
            Encoding=Name.WinAnsiEncoding, FontDescriptor=descriptor('BBBBBB+SelftestSerif', 32)))
        self.font2.ToUnicode = pdf.make_indirect(self.flate(pdf, TOUNICODE2))

        smask = pikepdf.Stream(pdf, b'\x80')
        setkeys(smask, Dictionary(Type=Name.XObject, Subtype=Name.Image, Width=1, Height=1,
                                ColorSpace=Name.DeviceGray, BitsPerComponent=8))
        image = pikepdf.Stream(pdf, b'\xff\x00\x00')
        setkeys(image, Dictionary(Type=Name.XObject, Subtype=Name.Image, Width=1, Height=1,
                                ColorSpace=Name.DeviceRGB, BitsPerComponent=8,
                                SMask=pdf.make_indirect(smask)))
        self.image = pdf.make_indirect(image)
        form = pikepdf.Stream(pdf, b'BT /F2 8 Tf 0 0 Td (Form) Tj ET')
        setkeys(form, Dictionary(Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 100, 10],
                                 Resources=Dictionary(Font=Dictionary(F2=self.font2))))
        self.form = pdf.make_indirect(form)
        self.resources = Dictionary(
            Font=Dictionary(F1=self.font1, F2=self.font2),
            ExtGState=Dictionary(GS1=Dictionary(Type=Name.ExtGState, ca=0.5, CA=1,
                                                BM=Name.Normal)),
            XObject=Dictionary(Im1=self.image, Fm1=self.form))
        text1 = b''.join(b'%04X' % ord(c) for c in TEXT1)
        data = content(text1)
        if self.content_hook:
            data = self.content_hook(data)
        page = pikepdf.Dictionary(Type=Name.Page, MediaBox=[0, 0, 200, 200],
                                  Resources=self.resources,
                                  Contents=pdf.make_indirect(self.flate(pdf, data)),
                                  StructParents=0)
        pdf.pages.append(pikepdf.Page(page))
        self.page = pdf.pages[0].obj
        self.resources = self.page.Resources

        # annotations: a Link with a URI action, a Square with an appearance
        self.link = pdf.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=[10, 140, 60, 160], F=4, Border=[0, 0, 0],
            A=Dictionary(S=Name.URI, URI=String('https://example.org/'))))
        ap = pikepdf.Stream(pdf, b'0.5 G 1 w 1 1 18 18 re S')
        setkeys(ap, Dictionary(Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 20, 20]))
        self.ap = pdf.make_indirect(ap)
        self.square = pdf.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Square, Rect=[150, 150, 170, 170], F=4,
            AP=Dictionary(N=self.ap)))
        self.page.Annots = Array([self.link, self.square])

        # output intent
        icc = pikepdf.Stream(pdf, open(SRGB, 'rb').read())
        icc.N = 3
        self.icc = pdf.make_indirect(icc)
        self.intent = pdf.make_indirect(Dictionary(
            Type=Name.OutputIntent, S=Name.GTS_PDFA1,
            OutputConditionIdentifier=String('sRGB IEC61966-2.1'),
            Info=String('sRGB IEC61966-2.1'), DestOutputProfile=self.icc))
        root = pdf.Root
        root.OutputIntents = Array([self.intent])

        # structure
        st = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        doc = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=st))
        h = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name('/Heading'), P=doc,
                                         K=Dictionary(Type=Name.MCR, Pg=self.page, MCID=0)))
        p = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, P=doc,
                                         Pg=self.page, K=1))
        fig = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Figure, P=doc,
                                           Pg=self.page, K=2, Alt=String('A red square')))
        doc.K = Array([h, p, fig])
        st.K = doc
        st.RoleMap = Dictionary(Heading=Name.H1)
        st.ParentTree = pdf.make_indirect(Dictionary(Nums=Array([0, Array([h, p, fig])])))
        st.ParentTreeNextKey = 1
        self.struct_root, self.doc, self.h, self.p, self.fig = st, doc, h, p, fig
        root.StructTreeRoot = st
        root.MarkInfo = Dictionary(Marked=True)
        root.Lang = String('zh-CN')
        root.ViewerPreferences = Dictionary(DisplayDocTitle=True)

        # attachments (PDF/A-3)
        self.filespecs = []
        if self.attachments:
            for name, mime, rel, data in (('article.md', '/text#2Fmarkdown', 'Source',
                                           b'# Title\n\nText.\n'),
                                          ('article.json', '/application#2Fjson', 'Data',
                                           b'{"title": "Title"}\n')):
                ef = pikepdf.Stream(pdf, data)
                setkeys(ef, Dictionary(Type=Name.EmbeddedFile, Subtype=Name(mime),
                                     Params=Dictionary(Size=len(data))))
                fs = pdf.make_indirect(Dictionary(
                    Type=Name.Filespec, F=String(name), UF=String(name),
                    AFRelationship=Name('/' + rel), Desc=String(rel + ' of the article'),
                    EF=Dictionary(F=pdf.make_indirect(ef))))
                self.filespecs.append((name, fs))
            root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array(
                [x for name, fs in sorted(self.filespecs) for x in (String(name), fs)])))
            root.AF = Array([fs for _, fs in self.filespecs])

        # metadata and Info
        self.info = pdf.make_indirect(Dictionary(
            Title=String(TITLE), Author=String(AUTHOR), Subject=String('Selftest subject'),
            Keywords=String('a, b'), Creator=String('folio'),
            Producer=String('folio selftest producer'),
            CreationDate=String("D:20190108103000+08'00'"),
            ModDate=String('D:20190108103000Z')))
        self.xmp = xmp_packet(part=self.part)
        if self.xmp_hook:
            self.xmp = self.xmp_hook(self.xmp)
        md = pikepdf.Stream(pdf, self.xmp)
        md.Type = Name.Metadata
        md.Subtype = Name.XML
        self.metadata = pdf.make_indirect(md)
        root.Metadata = self.metadata
        pdf.trailer.Info = self.info
        # the ToUnicode of F1 last, so that hooks can change it
        if self.mutate:
            self.mutate(self)
        if getattr(self, 'tounicode1', None) is not None and '/ToUnicode' not in self.font1:
            self.font1.ToUnicode = pdf.make_indirect(self.flate(pdf, self.tounicode1))
        opts = dict(compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none,
                    force_version='1.7', static_id=True,
                    fix_metadata_version=False)
        opts.update(self.save_opts)
        pdf.save(path, **opts)
        pdf.close()
        if self.raw:
            with open(path, 'rb') as f:
                data = f.read()
            new = self.raw(data)
            assert new != data, 'the raw hook changed nothing'
            with open(path, 'wb') as f:
                f.write(new)


# ------------------------------------------------------------------ hooks

def sub_once(pattern, repl):
    """A raw/xmp hook replacing exactly one match of a byte pattern."""
    def hook(data):
        new, n = re.subn(pattern, repl, data, count=1)
        assert n == 1, 'pattern %r not found' % pattern
        return new
    return hook


def set_(path, value):
    """A mutate hook: b.<obj>.<Key> = value (value may be a function of b)."""
    obj, key = path.split('.')

    def hook(b):
        getattr(b, obj)[Name('/' + key)] = value(b) if callable(value) else value
    return hook


def delete(path):
    obj, key = path.split('.')

    def hook(b):
        del getattr(b, obj)[Name('/' + key)]
    return hook


def incremental(objnum, new_object):
    """A raw hook appending an incremental update that replaces one object."""
    def hook(data):
        m = list(re.finditer(rb'trailer\s*<<(.*?)>>\s*startxref\s*(\d+)', data, re.S))[-1]
        trailer = re.sub(rb'/Prev \d+', b'', m.group(1))
        body = b'%d 0 obj\n' % objnum + new_object + b'\nendobj\n'
        at = len(data)
        xref = len(data) + len(body)
        return (data + body + b'xref\n%d 1\n%010d 00000 n \ntrailer\n<<%s /Prev %s >>\n'
                b'startxref\n%d\n%%%%EOF\n' % (objnum, at, trailer, m.group(2), xref))
    return hook


def compressed_metadata(data):
    """Replace the metadata stream, in an update, by a Flate-compressed one."""
    m = re.search(rb'(\d+) 0 obj\s*<<[^>]*/Type /Metadata[^>]*>>\s*stream\r?\n', data)
    end = data.index(b'endstream', m.end())
    xmp = data[m.end():end].rstrip(b'\r\n')
    z = zlib.compress(xmp)
    obj = (b'<< /Type /Metadata /Subtype /XML /Filter /FlateDecode /Length %d >>\nstream\n'
           % len(z) + z + b'\nendstream')
    return incremental(int(m.group(1)), obj)(data)


def bump_length(data):
    """Make one direct stream /Length one too big, keeping the byte offsets."""
    for m in re.finditer(rb'/Length (\d+)', data):
        n = int(m.group(1))
        if len(str(n + 1)) == len(str(n)) and n > 20:
            return data[:m.start(1)] + str(n + 1).encode() + data[m.end(1):]
    raise AssertionError('no suitable /Length')


def two_intents(b):
    other = pikepdf.Stream(b.pdf, open(SRGB, 'rb').read())
    other.N = 3
    b.pdf.Root.OutputIntents.append(Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFX, OutputConditionIdentifier=String('x'),
        DestOutputProfile=b.pdf.make_indirect(other)))


def icc_version5(b):
    data = bytearray(b.icc.read_bytes())
    data[8] = 5
    b.icc.write(bytes(data))


def cmyk_indexed(b):
    b.resources.ColorSpace = Dictionary(CS0=Array([Name.Indexed, Name.DeviceCMYK, 0,
                                                   String(b'\x00\x00\x00\x00')]))


def default_cmyk(b):
    path = next(p for p in CMYK_PROFILES if os.path.exists(p))
    icc = pikepdf.Stream(b.pdf, open(path, 'rb').read())
    icc.N = 4
    b.resources.ColorSpace = Dictionary(DefaultCMYK=Array([Name.ICCBased,
                                                           b.pdf.make_indirect(icc)]))


def lzw_image(filt):
    def hook(b):
        im = pikepdf.Stream(b.pdf, lzw(b'\x80') if filt == 'LZWDecode' else b'\x80')
        setkeys(im, Dictionary(Type=Name.XObject, Subtype=Name.Image, Width=1, Height=1,
                             ColorSpace=Name.DeviceGray, BitsPerComponent=8,
                             Filter=Name('/' + filt)))
        b.resources.XObject.Im2 = b.pdf.make_indirect(im)
    return hook


def tounicode(old, new):
    def hook(b):
        assert old in b.tounicode1
        b.tounicode1 = b.tounicode1.replace(old, new)
    return hook


def drop_tounicode_char(b):
    b.tounicode1 = b.tounicode1.replace(b'5 beginbfchar', b'4 beginbfchar').replace(
        b'<0063> <0063>\n', b'')


def wrong_w(b):
    w = b.cidfont.W
    for i in range(0, len(w), 2):
        if int(w[i]) == ord('A'):
            w[i + 1] = Array([int(w[i + 1][0]) + 50])


def wrong_widths(b):
    ws = b.font2.Widths
    k = ord('H') - 32
    ws[k] = int(ws[k]) + 30


def notdef(b):
    data = bytearray(b.cid2gid)
    data[2 * ord('r'):2 * ord('r') + 2] = b'\x00\x00'
    b.cidfont.CIDToGIDMap.write(zlib.compress(bytes(data)), filter=Name.FlateDecode)


def add_annot(subtype, **keys):
    def hook(b):
        d = Dictionary(Type=Name.Annot, Subtype=Name('/' + subtype), Rect=[100, 100, 120, 120],
                       F=4, AP=Dictionary(N=b.ap))
        for k, v in keys.items():
            d[Name('/' + k)] = v
        b.page.Annots.append(b.pdf.make_indirect(d))
    return hook


def ap_with_d(b):
    b.square.AP = Dictionary(N=b.ap, D=b.ap)


def js_name_tree(b):
    js = Dictionary(S=Name.JavaScript, JS=String('app.alert(1)'))
    b.pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String('a'), js])))


def part2_attachment(b):
    ef = pikepdf.Stream(b.pdf, b'hello')
    setkeys(ef, Dictionary(Type=Name.EmbeddedFile, Subtype=Name('/text#2Fplain')))
    fs = b.pdf.make_indirect(Dictionary(Type=Name.Filespec, F=String('a.txt'),
                                        UF=String('a.txt'), AFRelationship=Name.Data,
                                        EF=Dictionary(F=b.pdf.make_indirect(ef))))
    b.pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array([String('a.txt'), fs])))
    b.pdf.Root.AF = Array([fs])


def attachment_hook(fn):
    def hook(b):
        fn(b, dict(b.filespecs))
    return hook


def not_in_af(b, fs):
    b.pdf.Root.AF = Array([fs['article.md']])


def only_data(b, fs):
    b.pdf.Root.AF = Array([fs['article.json']])
    b.pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=Array(
        [String('article.json'), fs['article.json']])))


def swap_parent_tree(b):
    b.struct_root.ParentTree.Nums = Array([0, Array([b.h, b.fig, b.p])])


def page_without_structparents(b):
    del b.page[Name.StructParents]


def info_date(key, value):
    def hook(b):
        b.info[Name('/' + key)] = String(value)
    return hook


def unmapped_figure(b):
    b.fig.S = Name('/Picture')
    b.struct_root.RoleMap.Picture = Name.Figure
    del b.fig[Name.Alt]


# ------------------------------------------------------------------ tests

P2 = ['--part', '2', '--tagged', '--lang', 'zh-CN']
P3 = ['--part', '3', '--tagged', '--lang', 'zh-CN', '--attachments']


def tests():
    have_cmyk = any(os.path.exists(p) for p in CMYK_PROFILES)
    t = [
        # (description, expected failing clauses, check.py arguments, Build keywords)
        ('good PDF/A-2u, tagged, passes every rule', set(), P2, {}),
        ('good PDF/A-3u with Source and Data attachments passes every rule', set(), P3,
         dict(part=3, attachments=True)),
        ('the good file without --tagged passes the PDF/A rules', set(), ['--part', '2'], {}),
        # 6.1.2
        ('header %PDF-1.3', {'6.1.2'}, P2, dict(raw=sub_once(rb'^%PDF-1\.7', b'%PDF-1.3'))),
        ('header comment without bytes > 127', {'6.1.2'}, P2,
         dict(raw=sub_once(rb'(?<=^%PDF-1\.7\n)%[\x80-\xff]{4}', b'%abcd'))),
        # 6.1.3
        ('data after %%EOF', {'6.1.3'}, P2, dict(raw=lambda d: d + b'\n% trailing junk\n')),
        ('trailer without /ID', {'6.1.3'}, P2, dict(raw=sub_once(rb'/ID \[', b'/IX ['))),
        ('encrypted file (empty user password)', {'6.1.3'}, P2,
         dict(save=dict(encryption=pikepdf.Encryption(owner='o', user='', R=4, aes=True,
                                                      metadata=False),
                        stream_decode_level=None))),
        # 6.1.7.1
        ('external stream key /F in an appearance stream', {'6.1.7.1'}, P2,
         dict(mutate=set_('ap.F', String('external.dat')))),
        ('stream /Length one byte too long', {'6.1.7.1'}, P2, dict(raw=bump_length)),
        ('no EOL before endstream', {'6.1.7.1'}, P2,
         dict(raw=sub_once(rb'\nendstream', b' endstream'))),
        # 6.1.7.2
        ('an LZWDecode image stream', {'6.1.7.2'}, P2, dict(mutate=lzw_image('LZWDecode'))),
        ('a non-standard filter', {'6.1.7.2'}, P2, dict(mutate=lzw_image('Bogus'))),
        # (qpdf drops /Crypt filters when writing, so it is patched in afterwards)
        ('a Crypt filter stream', {'6.1.7.2'}, P2,
         dict(mutate=lzw_image('Bogus'), raw=sub_once(rb'/Bogus', b'/Crypt'))),
        # 6.1.10
        ('an inline image with /F /LZW', {'6.1.10'}, P2,
         dict(content=lambda c: c + b'/Artifact BMC q 10 0 0 10 0 0 cm BI /W 1 /H 1 /CS /G '
              b'/BPC 8 /F /LZW ID ' + lzw(b'\x80') + b'\nEI Q EMC\n')),
        # 6.2.3
        ('output intent profile /N 4 for an RGB profile', {'6.2.3'}, P2,
         dict(mutate=set_('icc.N', 4))),
        ('output intent profile ICC version 5', {'6.2.3'}, P2, dict(mutate=icc_version5)),
        ('two output intents with different profile objects', {'6.2.3'}, P2,
         dict(mutate=two_intents)),
        ('output intent /S /GTS_PDFX only: device colour and transparency fail too',
         {'6.2.3', '6.2.4.3', '6.2.10'}, P2, dict(mutate=set_('intent.S', Name.GTS_PDFX))),
        # 6.2.4.3
        ('DeviceCMYK operator k with an RGB output intent', {'6.2.4.3'}, P2,
         dict(content=lambda c: c + b'/Artifact BMC 0 0 0 1 k 0 0 5 5 re f EMC\n')),
        ('DeviceCMYK as the base of an Indexed colour space resource', {'6.2.4.3'}, P2,
         dict(mutate=cmyk_indexed)),
        # 6.2.10
        ('page /Group /CS /DeviceCMYK with an RGB output intent', {'6.2.10'}, P2,
         dict(mutate=set_('page.Group', Dictionary(S=Name.Transparency,
                                                    CS=Name.DeviceCMYK)))),
        ('page /Group /S is not /Transparency', {'6.2.10'}, P2,
         dict(mutate=set_('page.Group', Dictionary(S=Name('/Knockout'))))),
        ('ExtGState blend mode /Bogus', {'6.2.10'}, P2,
         dict(mutate=lambda b: b.resources.ExtGState.GS1.__setitem__(Name.BM, Name('/Bogus')))),
        # 6.2.11.3.3
        ('Type0 /Encoding neither predefined nor embedded', {'6.2.11.3.3'}, P2,
         dict(mutate=set_('font1.Encoding', Name('/Bogus-H')))),
        # 6.2.11.4.1
        ('simple TrueType font without FontFile2', {'6.2.11.4.1'}, P2,
         dict(mutate=lambda b: b.font2.FontDescriptor.__delitem__(Name.FontFile2))),
        # 6.2.11.5
        ('Type0 /W width 50 units off', {'6.2.11.5'}, P2, dict(mutate=wrong_w)),
        ('simple font /Widths 30 units off', {'6.2.11.5'}, P2, dict(mutate=wrong_widths)),
        # 6.2.11.7.2
        ('font without /ToUnicode', {'6.2.11.7.2'}, P2, dict(mutate=delete('font2.ToUnicode'))),
        ('ToUnicode maps a shown code to U+0000', {'6.2.11.7.2'}, P2,
         dict(mutate=tounicode(b'<0041> <0041>', b'<0041> <0000>'))),
        ('ToUnicode maps a shown code to U+FEFF', {'6.2.11.7.2'}, P2,
         dict(mutate=tounicode(b'<0065> <0065>', b'<0065> <FEFF>'))),
        ('ToUnicode leaves a shown code unmapped', {'6.2.11.7.2'}, P2,
         dict(mutate=drop_tounicode_char)),
        ('ToUnicode with a lone surrogate', {'6.2.11.7.2'}, P2,
         dict(mutate=tounicode(b'<D835DEBA>', b'<D835>'))),
        ('ToUnicode bfrange array entry to U+FFFE', {'6.2.11.7.2'}, P2,
         dict(mutate=tounicode(b'[<0076>]', b'[<FFFE>]'))),
        # 6.2.11.8
        ('a shown CID mapped to GID 0 by CIDToGIDMap', {'6.2.11.8'}, P2, dict(mutate=notdef)),
        # 6.3
        ('a Sound annotation', {'6.3.1'}, P2, dict(mutate=add_annot('Sound'))),
        ('an unknown annotation type', {'6.3.1'}, P2, dict(mutate=add_annot('Bogus'))),
        ('annotation /F with Hidden set', {'6.3.2'}, P2, dict(mutate=set_('square.F', 6))),
        ('annotation without /F', {'6.3.2'}, P2, dict(mutate=delete('link.F'))),
        ('annotation with NoView set', {'6.3.2'}, P2, dict(mutate=set_('link.F', 36))),
        ('Square annotation without /AP', {'6.3.3'}, P2, dict(mutate=delete('square.AP'))),
        ('/AP with /D besides /N', {'6.3.3'}, P2, dict(mutate=ap_with_d)),
        # 6.5
        ('catalog /OpenAction JavaScript', {'6.5.1'}, P2,
         dict(mutate=lambda b: b.pdf.Root.__setitem__(Name.OpenAction, Dictionary(
             S=Name.JavaScript, JS=String('app.alert(1)'))))),
        ('Link annotation with a Launch action', {'6.5.1'}, P2,
         dict(mutate=set_('link.A', Dictionary(S=Name.Launch, F=String('calc.exe'))))),
        ('URI action followed by /Next JavaScript', {'6.5.1'}, P2,
         dict(mutate=lambda b: b.link.A.__setitem__(Name.Next, Dictionary(
             S=Name.JavaScript, JS=String('1'))))),
        ('a /JavaScript name tree', {'6.5.1'}, P2, dict(mutate=js_name_tree)),
        ('catalog /AA', {'6.5.2'}, P2,
         dict(mutate=lambda b: b.pdf.Root.__setitem__(Name.AA, Dictionary(
             WC=Dictionary(S=Name.GoTo, D=Array([b.page, Name.Fit])))))),
        ('page /AA', {'6.5.2'}, P2,
         dict(mutate=set_('page.AA', lambda b: Dictionary(
             O=Dictionary(S=Name.GoTo, D=Array([b.page, Name.Fit])))))),
        # 6.6.2.1
        # (qpdf always writes metadata uncompressed, so this is an incremental update)
        ('metadata stream with /Filter', {'6.6.2.1'}, P2, dict(raw=compressed_metadata)),
        ('metadata stream without /Subtype /XML', {'6.6.2.1'}, P2,
         dict(mutate=delete('metadata.Subtype'))),
        ('xpacket header with bytes=', {'6.6.2.1'}, P2,
         dict(xmp=sub_once(rb'id="W5M0MpCehiHzreSzNTczkc9d"',
                           b'id="W5M0MpCehiHzreSzNTczkc9d" bytes="1234"'))),
        ('xpacket header with encoding=', {'6.6.2.1'}, P2,
         dict(xmp=sub_once(rb'(?<=begin=")', b'" encoding="UTF-8'))),
        ('no xpacket end', {'6.6.2.1'}, P2, dict(xmp=sub_once(rb'<\?xpacket end="w"\?>', b''))),
        ('XMP not well-formed: identification and Info agreement cannot be read either',
         {'6.6.2.1', '6.6.4', '6.6.3'}, P2,
         dict(xmp=sub_once(rb'</dc:title>', b''))),
        # 6.6.4
        ('pdfaid:part 3 in a file checked as part 2', {'6.6.4'}, P2,
         dict(xmp=sub_once(rb'<pdfaid:part>2<', b'<pdfaid:part>3<'))),
        ('pdfaid:conformance B', {'6.6.4'}, P2,
         dict(xmp=sub_once(rb'>U</pdfaid:conformance>', b'>B</pdfaid:conformance>'))),
        ('pdfaid in a wrong namespace', {'6.6.4'}, P2,
         dict(xmp=sub_once(rb'http://www.aiim.org/pdfa/ns/id/', b'http://www.aiim.org/pdfa/ns/id'))),
        # 6.6.3
        ('dc:title differs in a character above U+FFFF', {'6.6.3'}, P2,
         dict(xmp=sub_once('\U00020000'.encode(), '\U00020001'.encode()))),
        ('dc:creator with two entries', {'6.6.3'}, P2,
         dict(xmp=sub_once(rb'</rdf:Seq>', b'<rdf:li>Other</rdf:li></rdf:Seq>'))),
        ('xmp:CreateDate an hour off', {'6.6.3'}, P2,
         dict(xmp=sub_once(rb'2019-01-08T02:30:00Z', b'2019-01-08T03:30:00Z'))),
        ('Info /ModDate without xmp:ModifyDate', {'6.6.3'}, P2,
         dict(xmp=sub_once(rb'<xmp:ModifyDate>.*?</xmp:ModifyDate>', b''))),
        ('Info /CreationDate without a time zone, XMP with one', {'6.6.3'}, P2,
         dict(mutate=info_date('CreationDate', 'D:20190108023000'))),
        ('pdf:Producer attribute differs from Info /Producer', {'6.6.3'}, P2,
         dict(mutate=info_date('Producer', 'another producer'))),
        # 6.8
        ('PDF/A-2 with an embedded file', {'6.8'}, P2, dict(mutate=part2_attachment)),
        ('PDF/A-3 attachment without /AFRelationship', {'6.8'}, P3,
         dict(part=3, attachments=True,
              mutate=attachment_hook(lambda b, fs: fs['article.md'].__delitem__(
                  Name.AFRelationship)))),
        ('PDF/A-3 attachment without /UF', {'6.8'}, P3,
         dict(part=3, attachments=True,
              mutate=attachment_hook(lambda b, fs: fs['article.md'].__delitem__(Name.UF)))),
        ('PDF/A-3 embedded file stream without /Subtype', {'6.8'}, P3,
         dict(part=3, attachments=True,
              mutate=attachment_hook(lambda b, fs: fs['article.json'].EF.F.__delitem__(
                  Name.Subtype)))),
        ('PDF/A-3 attachment in no /AF array', {'6.8'}, P3,
         dict(part=3, attachments=True, mutate=attachment_hook(not_in_af))),
        ('--attachments but no Source attachment', {'6.8'}, P3,
         dict(part=3, attachments=True, mutate=attachment_hook(only_data))),
        # tagged
        ('/MarkInfo /Marked false', {'tagged-markinfo'}, P2,
         dict(mutate=lambda b: b.pdf.Root.MarkInfo.__setitem__(Name.Marked, False))),
        ('/StructTreeRoot without /K', {'tagged-structtree'}, P2,
         dict(mutate=delete('struct_root.K'))),
        ('/Lang en when zh-CN is expected', {'tagged-lang'}, P2,
         dict(mutate=lambda b: b.pdf.Root.__setitem__(Name.Lang, String('en')))),
        ('/DisplayDocTitle false', {'tagged-doctitle'}, P2,
         dict(mutate=lambda b: b.pdf.Root.ViewerPreferences.__setitem__(
             Name.DisplayDocTitle, False))),
        ('marked page without /StructParents', {'tagged-parenttree'}, P2,
         dict(mutate=page_without_structparents)),
        ('parent tree entries swapped', {'tagged-mcid'}, P2, dict(mutate=swap_parent_tree)),
        ('MCR without /Pg on an element without /Pg', {'tagged-mcid'}, P2,
         dict(mutate=lambda b: b.h.K.__delitem__(Name.Pg))),
        ('structure type /Fancy not role-mapped', {'tagged-elements'}, P2,
         dict(mutate=set_('p.S', Name('/Fancy')))),
        ('structure element /P pointing to the wrong parent', {'tagged-elements'}, P2,
         dict(mutate=set_('p.P', lambda b: b.fig))),
        ('Figure without /Alt', {'tagged-figure-alt'}, P2, dict(mutate=delete('fig.Alt'))),
        ('role-mapped Figure (/Picture) without /Alt', {'tagged-figure-alt'}, P2,
         dict(mutate=unmapped_figure)),
        ('text outside marked content', {'tagged-content'}, P2,
         dict(content=lambda c: c + b'BT /F2 8 Tf 10 20 Td (Hello) Tj ET\n')),
        ('a form with text drawn outside marked content', {'tagged-content'}, P2,
         dict(content=lambda c: c + b'q 1 0 0 1 10 30 cm /Fm1 Do Q\n')),
        ('a width error in a glyph shown only in a form XObject', {'6.2.11.5'}, P2,
         dict(mutate=lambda b: b.font2.Widths.__setitem__(ord('F') - 32, 1))),
    ]
    if have_cmyk:
        t.insert(19, ('DeviceCMYK with DefaultCMYK in the resources passes', set(), P2,
                      dict(mutate=default_cmyk,
                           content=lambda c: c + b'/Artifact BMC 0 0 0 1 k 0 0 5 5 re f EMC\n')))
    return t


def run_check(path, args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = check.main([path] + args)
    return status, out.getvalue()


def failing(output):
    return {line.split()[1] for line in output.splitlines() if line.startswith('FAIL ')}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-v', '--verbose', action='store_true', help="show check.py's output")
    ap.add_argument('-k', help='only the tests whose description contains this')
    ap.add_argument('--keep', help='write the PDFs into this directory and keep them')
    a = ap.parse_args()
    n = bad = 0
    proved = set()
    all_rules = set()
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = a.keep or tmp
        os.makedirs(out_dir, exist_ok=True)
        for i, (desc, want, args, kw) in enumerate(tests(), 1):
            if a.k and a.k not in desc:
                continue
            n += 1
            path = os.path.join(out_dir, 't%02d.pdf' % i)
            try:
                Build(**kw).write(path)
                status, output = run_check(path, args)
            except Exception as e:             # a broken test, not a broken rule
                print('not ok %d - %s: %s: %s' % (n, desc, type(e).__name__, e))
                bad += 1
                continue
            got = failing(output)
            all_rules |= {line.split()[1] for line in output.splitlines()
                          if line.split()[:1] in (['ok'], ['FAIL'])}
            problems = []
            if got != want:
                problems.append('expected FAIL %s, got FAIL %s' % (sorted(want) or 'none',
                                                                  sorted(got) or 'none'))
            if status != (1 if want else 0):
                problems.append('exit status %d' % status)
            if re.search(r'(?i)pdf/a valid|is valid|conforms', output):
                problems.append('the output claims validity')
            if not re.search(r'(?m)^checked \d+ rules, \d+ failed \(', output):
                problems.append('no summary line')
            if problems:
                bad += 1
                print('not ok %d - %s (%s)' % (n, desc, '; '.join(problems)))
                for line in output.splitlines():
                    if line.startswith('FAIL') or a.verbose:
                        print('#   ' + line)
            else:
                if len(want) == 1:
                    proved |= want
                print('ok %d - %s%s' % (n, desc, ' [%s]' % ', '.join(sorted(want)) if want else ''))
                if a.verbose:
                    for line in output.splitlines():
                        print('#   ' + line)
        # the command line: exit status 2, and 0 for the good file
        if not a.k:
            n += 1
            junk = os.path.join(out_dir, 'junk.pdf')
            with open(junk, 'wb') as f:
                f.write(b'this is not a PDF\n')
            r = subprocess.run([sys.executable, os.path.join(HERE, 'check.py'), junk],
                               capture_output=True, text=True)
            if r.returncode == 2:
                print('ok %d - check.py exits 2 on a file it cannot open' % n)
            else:
                bad += 1
                print('not ok %d - check.py exits %d on a file it cannot open' % (n, r.returncode))
            n += 1
            good = os.path.join(out_dir, 'good.pdf')
            Build().write(good)
            r = subprocess.run([sys.executable, os.path.join(HERE, 'check.py'), good] + P2,
                               capture_output=True, text=True)
            if r.returncode == 0 and 'FAIL' not in r.stdout:
                print('ok %d - check.py run as a program exits 0 on the good file' % n)
            else:
                bad += 1
                print('not ok %d - check.py as a program: status %d\n%s' % (n, r.returncode,
                                                                        r.stdout))
            # every rule check.py prints has a test that makes it fail alone
            n += 1
            missing = sorted(all_rules - proved)
            if missing:
                bad += 1
                print('not ok %d - rules never failed alone: %s' % (n, ', '.join(missing)))
            else:
                print('ok %d - each of the %d rules failed alone in some test' % (n, len(all_rules)))
    print('1..%d' % n)
    if bad:
        print('# %d of %d failed' % (bad, n))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
