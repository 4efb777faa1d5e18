"""DrawingML and PresentationML fragments written as text: French runs, paragraphs, shapes, pictures, notes."""

from __future__ import annotations

from collections.abc import Sequence

from ..textfit import Level, Para, Run, level_size

EMU = 12700  # per point
NS = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)
DECORATIVE = (
    '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}"><adec:decorative '
    'xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/></a:ext></a:extLst>'
)
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def solid(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour.lstrip("#").upper()}"/></a:solidFill>' if colour else ""


def xfrm(left: float, top: float, width: float, height: float) -> str:
    return (
        f'<a:xfrm><a:off x="{round(left * EMU)}" y="{round(top * EMU)}"/>'
        f'<a:ext cx="{round(width * EMU)}" cy="{round(height * EMU)}"/></a:xfrm>'
    )


def bullet_colour(colour: str) -> str:
    return f'<a:buClr><a:srgbClr val="{colour.lstrip("#").upper()}"/></a:buClr>' if colour else ""


def runs(runs: Sequence[Run], size: float | None, font: str) -> str:
    sz = f' sz="{round(size * 100)}"' if size else ""
    out = []
    for run in runs:
        style = (' b="1"' if run.bold else "") + (' i="1"' if run.italic else "")
        out.append(
            f'<a:r><a:rPr lang="fr-FR"{sz}{style} dirty="0">{solid(run.colour)}<a:latin typeface="{font}"/>'
            f"</a:rPr><a:t>{esc(run.text)}</a:t></a:r>"
        )
    return "".join(out) + f'<a:endParaRPr lang="fr-FR"{sz} dirty="0"/>'


def paragraphs(paras: Sequence[Para], size: float | None, font: str, levels: Sequence[Level] = (),
               align: str = "", bullet: str = "") -> str:  # fmt: skip
    """DrawingML paragraphs, with the sizes and spacing they were measured with written out explicitly."""
    out = []
    for para in paras:
        level = levels[min(para.level, len(levels) - 1)] if levels else Level()
        attrs = (f' lvl="{para.level}"' if para.level else "") + (f' algn="{align}"' if align else "")
        attrs += ' marL="0" indent="0"' if para.flush else ""
        marks = "<a:buNone/>" if para.flush or not para.bullet else bullet_colour(bullet)
        if levels and level.space_before:
            marks = f'<a:spcBef><a:spcPts val="{round(level.space_before * 100)}"/></a:spcBef>' + marks
        elif levels and level.space_before_lines:
            marks = f'<a:spcBef><a:spcPct val="{round(level.space_before_lines * 100000)}"/></a:spcBef>' + marks
        own = level_size(level, size) if size else None
        out.append(f"<a:p><a:pPr{attrs}>{marks}</a:pPr>{runs(para.runs, own, font)}</a:p>")
    return "".join(out)


def shape(sid: int, box: tuple[float, float, float, float], text: str, fill: str, line: str, geometry: str,
          anchor: str, inset: float, name: str) -> str:  # fmt: skip
    """A rectangle or text box with `text` (paragraphs); without text it is marked decorative."""
    nv = f'<p:cNvPr id="{sid}" name="{esc(name)} {sid}">{"" if text else DECORATIVE}</p:cNvPr>'
    nv += '<p:cNvSpPr txBox="1"/>' if text and not fill else "<p:cNvSpPr/>"
    outline = f'<a:ln w="12700">{solid(line)}</a:ln>' if line else "<a:ln><a:noFill/></a:ln>"
    pad = round(inset * EMU)
    body = (
        f'<p:txBody><a:bodyPr wrap="square" lIns="{pad}" tIns="{pad}" rIns="{pad}" bIns="{pad}" '
        f'anchor="{anchor}" rtlCol="0"><a:noAutofit/></a:bodyPr><a:lstStyle/>{text}</p:txBody>'
    )
    return (
        f'<p:sp><p:nvSpPr>{nv}<p:nvPr/></p:nvSpPr><p:spPr>{xfrm(*box)}<a:prstGeom prst="{geometry}">'
        f"<a:avLst/></a:prstGeom>{solid(fill) or '<a:noFill/>'}{outline}</p:spPr>{body if text else ''}</p:sp>"
    )


def line(sid: int, x: float, top: float, bottom: float, colour: str, width: float) -> str:
    """A vertical rule, marked decorative."""
    return (
        f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{sid}" name="Trait">{DECORATIVE}</p:cNvPr>'
        f"<p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr><p:spPr>{xfrm(x, top, 0, max(0.0, bottom - top))}"
        f'<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="{round(width * EMU)}">{solid(colour)}'
        "</a:ln></p:spPr></p:cxnSp>"
    )


def picture(sid: int, rid: str, box: tuple[float, float, float, float], alt: str) -> str:
    """An embedded picture with real alt text (python-pptx would describe it by its file name)."""
    return (
        f'<p:pic><p:nvPicPr><p:cNvPr id="{sid}" name="Logo" descr="{esc(alt)}"/><p:cNvPicPr>'
        f'<a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip '
        f'r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>'
        f'{xfrm(*box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )


def notes(text: str) -> str:
    """A notes slide with `text` (paragraphs), as python-pptx would clone it from the notes master."""
    return (
        f'<p:notes {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
        '</p:nvGrpSpPr><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="2" name="Image de la diapositive"/><p:cNvSpPr>'
        '<a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldImg"/></p:nvPr>'
        '</p:nvSpPr><p:spPr/></p:sp><p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes"/><p:cNvSpPr><a:spLocks '
        'noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody>'
        f"<a:bodyPr/><a:lstStyle/>{text}</p:txBody></p:sp></p:spTree></p:cSld>"
        "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"
    )


def slide_number(number: int, font: str) -> str:
    rpr = f'<a:rPr lang="fr-FR" dirty="0"><a:latin typeface="{font}"/></a:rPr>'
    text = f'<a:p><a:fld id="{SLIDE_NUMBER_FIELD}" type="slidenum">{rpr}<a:t>{number}</a:t></a:fld>'
    return text + '<a:endParaRPr lang="fr-FR" dirty="0"/></a:p>'


def footer_text(text: str, font: str) -> str:
    rpr = f'<a:rPr lang="fr-FR" dirty="0"><a:latin typeface="{font}"/></a:rPr>'
    return f'<a:p><a:r>{rpr}<a:t>{esc(text)}</a:t></a:r><a:endParaRPr lang="fr-FR"/></a:p>'


def placeholder(sid: int, name: str, ph: str, geometry: str, footer: bool, text: str) -> str:
    """A placeholder filled on the slide (`geometry`: an a:xfrm when it moved from the layout's, else empty)."""
    body = "<a:bodyPr/>" if footer else "<a:bodyPr><a:noAutofit/></a:bodyPr>"
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="{esc(name)}"/><p:cNvSpPr><a:spLocks '
        f'noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph {ph}/></p:nvPr></p:nvSpPr><p:spPr>{geometry}</p:spPr>'
        f"<p:txBody>{body}<a:lstStyle/>{text}</p:txBody></p:sp>"
    )


def shape_tree(fragment: str) -> str:
    """Shapes wrapped in a p:spTree declaring the namespaces they use, to be parsed and moved onto a slide."""
    return f'<p:spTree {NS} xmlns:r="{R}">{fragment}</p:spTree>'
