"""Finding a Chinese font through fontconfig, or refusing to render.

Without a CJK font WeasyPrint prints every 汉字 as an empty box and says
nothing, so rendering a PDF first asks fontconfig for one and fails with an
install hint when there is none.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from core.errors import CrdeskError

#: Preferred families, best first: Noto/Source Han have real bold weights, WenQuanYi is small but regular-only.
PREFERRED = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
             "WenQuanYi Zen Hei", "Noto Serif CJK SC", "AR PL UMing CN")

INSTALL_HINT = ("install one with `apt-get install fonts-noto-cjk` (real bold weights) or "
                "`apt-get install fonts-wqy-microhei` (5 MB, regular only), or run scripts/bootstrap.sh")


class FontMissing(CrdeskError):
    """No font that covers Chinese is installed; PDFs would show boxes instead of text."""


@dataclass(frozen=True)
class CjkFont:
    family: str
    path: str
    has_bold: bool

    @property
    def pdf_name(self) -> str:
        """The name WeasyPrint embeds (spaces become hyphens), to check PDFs against."""
        return self.family.replace(" ", "-")


def _fc(*args: str) -> list[str]:
    exe = shutil.which(args[0])
    if exe is None:
        raise FontMissing(f"fontconfig ({args[0]}) is not installed, so no Chinese font can be found; {INSTALL_HINT}")
    out = subprocess.run([exe, *args[1:]], capture_output=True, text=True, check=False, timeout=30)
    return [line for line in out.stdout.splitlines() if line.strip()]


@lru_cache(maxsize=1)
def find_cjk_font() -> CjkFont:
    """The best installed family covering simplified Chinese (cached per process)."""
    families: dict[str, tuple[str, set[str]]] = {}
    for line in _fc("fc-list", ":lang=zh-cn", "family", "style", "file"):
        path, _, rest = line.partition(": ")
        fam_part, _, style_part = rest.partition(":style=")
        styles = {s.strip().lower() for s in style_part.split(",")}
        for fam in fam_part.split(","):
            fam = fam.strip()
            if fam:
                entry = families.setdefault(fam, (path, set()))
                entry[1].update(styles)
    if not families:
        raise FontMissing(f"no Chinese (CJK) font is installed, so the PDF would print boxes instead of 汉字; "
                          f"{INSTALL_HINT}")
    for fam in PREFERRED:
        if fam in families:
            path, styles = families[fam]
            return CjkFont(fam, path, "bold" in styles)
    fam = sorted(families)[0]
    path, styles = families[fam]
    return CjkFont(fam, path, "bold" in styles)
