"""Build small hand-written PDFs (content streams as written) for hidden-text tests."""
import zlib

def make_pdf(pages, rotate=0, ocg_off=False, form=None, mediabox=(0, 0, 612, 792), to_unicode=None):
    """``to_unicode``: {byte: character} the font's ToUnicode map gives codes (a ligature or a
    Cyrillic letter a typesetter's font draws, written in the content as that byte)."""
    objs = []
    def add(body):
        objs.append(body)
        return len(objs)
    cmap_ref = b""
    if to_unicode:
        pairs = " ".join(f"<{code:02X}> <{ord(char):04X}>" for code, char in sorted(to_unicode.items()))
        cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) "
                "/Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def "
                f"1 begincodespacerange <00> <FF> endcodespacerange {len(to_unicode)} beginbfchar {pairs} endbfchar "
                "endcmap CMapName currentdict /CMap defineresource pop end end").encode()
        cmap_ref = b" /ToUnicode %d 0 R" % add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding%s >>" % cmap_ref)
    ocg = add(b"<< /Type /OCG /Name (Secret) >>")
    form_id = None
    if form is not None:
        data = form.encode("latin-1")
        form_id = add(b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> /Length %d >>\nstream\n" % (font, len(data)) + data + b"\nendstream")
    pages_id = len(objs) + 1 + 2 * len(pages)
    kids = []
    for content in pages:
        data = content.encode("latin-1")
        c = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        xo = b" /XObject << /Fm1 %d 0 R >>" % form_id if form_id else b""
        res = b"<< /Font << /F1 %d 0 R >> /Properties << /OC1 %d 0 R >>%s >>" % (font, ocg, xo)
        p = add(b"<< /Type /Page /Parent %d 0 R /MediaBox [%d %d %d %d] /Rotate %d /Resources %s /Contents %d 0 R >>" % ((pages_id,) + tuple(mediabox) + (rotate, res, c)))
        kids.append(p)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))) == pages_id
    oc = b" /OCProperties << /OCGs [%d 0 R] /D << /OFF [%d 0 R] >> >>" % (ocg, ocg) if ocg_off else b""
    root = add(b"<< /Type /Catalog /Pages %d 0 R%s >>" % (pages_id, oc))
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, root, xref)
    return bytes(out)

def text_lines(lines, x=72, y=720, leading=16, size=11):
    ops = [f"BT /F1 {size} Tf {leading} TL {x} {y} Td"]
    for line in lines:
        if isinstance(line, tuple):  # (prefix ops, text, suffix ops)
            pre, text, post = line
            ops.append(f"{pre} ({text}) Tj {post} T*")
        else:
            ops.append(f"({line}) Tj T*")
    ops.append("ET")
    return "\n".join(ops)


def with_annotation(pdf: bytes, text: str) -> bytes:
    """``pdf`` (from make_pdf, one page) with a sticky-note annotation on its page, added as an
    incremental update."""
    import re

    page = int(re.search(rb"(\d+) 0 obj\n<< /Type /Page ", pdf).group(1))
    body = re.search(rb"%d 0 obj\n(<< /Type /Page .*?)\nendobj" % page, pdf, re.S).group(1)
    size = int(re.search(rb"/Size (\d+)", pdf).group(1))
    root = re.search(rb"/Root (\d+) 0 R", pdf).group(1)
    prev = int(re.search(rb"startxref\n(\d+)", pdf).group(1))
    note = size
    out = bytearray(pdf)
    offsets = {}
    offsets[note] = len(out)
    out += b"%d 0 obj\n<< /Type /Annot /Subtype /Text /Rect [0 0 20 20] /Contents (%s) >>\nendobj\n" % (note, text.encode("latin-1"))
    offsets[page] = len(out)
    out += b"%d 0 obj\n" % page + body[:-2] + b" /Annots [%d 0 R] >>\nendobj\n" % note
    xref = len(out)
    out += b"xref\n"
    for number in sorted(offsets):
        out += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
    out += b"trailer\n<< /Size %d /Root %s 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (size + 1, root, prev, xref)
    return bytes(out)
