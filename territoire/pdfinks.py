"""Where a PDF still paints in RGB, page by page: operators, colour spaces, shadings and images (pikepdf).

Every content stream of a page is walked, with the form XObjects, tiling patterns and soft masks it reaches,
so an RGB colour hidden in a nested drawing is found as surely as one on the page itself.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pikepdf

_RGB_NAMES = {"/DeviceRGB", "/CalRGB", "/RGB"}
_OPERATORS = "rg RG cs CS sh Do gs scn SCN BI ID EI"
"""The only operators that can set or paint an RGB colour (qpdf skips the others without making objects)."""


def is_rgb_space(space: Any, resources: Any = None) -> bool:
    """True for DeviceRGB, CalRGB, an ICC profile with three components, or a space built on one of them."""
    if isinstance(space, pikepdf.Name):
        name = str(space)
        if name in _RGB_NAMES:
            return True
        spaces = resources.get("/ColorSpace") if resources is not None else None
        if spaces is not None and name in spaces:
            return is_rgb_space(spaces[name])
        return False
    if isinstance(space, pikepdf.Array) and len(space):
        family = str(space[0])
        if family == "/ICCBased":
            return int(space[1].get("/N", 0)) == 3
        if family in ("/Indexed", "/Pattern") and len(space) > 1:
            return is_rgb_space(space[1], resources)
        if family in ("/Separation", "/DeviceN") and len(space) > 2:
            return is_rgb_space(space[-2] if family == "/DeviceN" and len(space) > 4 else space[2], resources)
        return family in _RGB_NAMES
    return False


class _Walker:
    def __init__(self) -> None:
        self.found: Counter[str] = Counter()
        self.seen: set[tuple[int, int]] = set()

    def _once(self, obj: Any) -> bool:
        key = obj.objgen
        if key != (0, 0) and key in self.seen:
            return False
        self.seen.add(key)
        return True

    def xobject(self, xobj: Any, parent_resources: Any) -> None:
        if not self._once(xobj):
            return
        subtype = str(xobj.get("/Subtype", ""))
        if subtype == "/Image":
            if is_rgb_space(xobj.get("/ColorSpace"), parent_resources):
                self.found["image RVB"] += 1
        elif subtype == "/Form":
            group = xobj.get("/Group")
            if group is not None and is_rgb_space(group.get("/CS")):
                self.found["groupe de transparence RVB"] += 1
            self.content(xobj, xobj.get("/Resources", parent_resources))

    def shading(self, shading: Any, resources: Any) -> None:
        if is_rgb_space(shading.get("/ColorSpace"), resources):
            self.found["dégradé RVB"] += 1

    def content(self, owner: Any, resources: Any) -> None:
        """Every colour an owner of content (page, form, pattern) sets or paints."""
        resources = resources if resources is not None else pikepdf.Dictionary()
        for instruction in pikepdf.parse_content_stream(owner, _OPERATORS):
            operands, op = instruction.operands, str(instruction.operator)
            if op in ("rg", "RG"):
                self.found[f"opérateur {op}"] += 1
            elif op in ("cs", "CS") and is_rgb_space(operands[0], resources):
                self.found["espace de couleur RVB"] += 1
            elif op == "INLINE IMAGE":
                image = operands[0].obj
                if is_rgb_space(image.get("/CS", image.get("/ColorSpace")), resources):
                    self.found["image RVB"] += 1
            elif op == "sh":
                self.shading(resources.Shading[operands[0]], resources)
            elif op == "Do":
                self.xobject(resources.XObject[operands[0]], resources)
            elif op == "gs":
                mask = resources.ExtGState[operands[0]].get("/SMask")
                if isinstance(mask, pikepdf.Dictionary) and "/G" in mask:
                    self.xobject(mask.G, resources)
            elif op in ("scn", "SCN") and operands and isinstance(operands[-1], pikepdf.Name):
                pattern = resources.get("/Pattern", {}).get(str(operands[-1]))
                if pattern is not None and self._once(pattern):
                    if int(pattern.get("/PatternType", 0)) == 2:
                        self.shading(pattern.Shading, resources)
                    else:
                        self.content(pattern, pattern.get("/Resources", resources))


def rgb_on_page(page: pikepdf.Page) -> Counter[str]:
    """What paints in RGB on one page (French descriptions with their counts); empty when none."""
    walker = _Walker()
    group = page.obj.get("/Group")
    if group is not None and is_rgb_space(group.get("/CS")):
        walker.found["groupe de transparence RVB"] += 1
    walker.content(page, page.obj.get("/Resources"))
    return walker.found


def rgb_by_page(pdf: pikepdf.Pdf) -> dict[int, list[str]]:
    """Page number (from 1) -> what still paints in RGB there, for the pages where something does."""
    findings = {}
    for number, page in enumerate(pdf.pages, start=1):
        found = rgb_on_page(page)
        if found:
            findings[number] = [f"{what} ×{count}" for what, count in sorted(found.items())]
    return findings
