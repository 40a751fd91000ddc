"""Build small hand-written PDFs (content streams as written) for hidden-text tests."""
import zlib

def make_pdf(pages, rotate=0, ocg_off=False, form=None, mediabox=(0, 0, 612, 792)):
    objs = []
    def add(body):
        objs.append(body)
        return len(objs)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
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
