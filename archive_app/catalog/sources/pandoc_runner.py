"""Running pandoc: the binary that the `pypandoc-binary` wheel ships, on documents given as
pandoc's JSON syntax tree.

The tree is built in Python and never parsed from Markdown, so no text of the catalogue (a title
with `*`, `@`, `[` or `<script>`) can be read as markup or as a citation by mistake.
"""

from __future__ import annotations

import json
import subprocess
from functools import lru_cache
from typing import Any

from archive_app.catalog.errors import CatalogError

TIMEOUT_SECONDS = 600


class EngineError(CatalogError):
    """The citation engine is missing or failed on the input."""


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    try:
        import pypandoc
    except ImportError as exc:
        raise EngineError("citations need pandoc: pip install pypandoc-binary") from exc
    try:
        return str(pypandoc.get_pandoc_path())
    except OSError as exc:
        raise EngineError(f"pandoc is not available: {exc}") from exc


@lru_cache(maxsize=1)
def api_version() -> list[int]:
    """The version of pandoc's JSON syntax tree, which a document sent to it must carry."""
    output = run_pandoc(["-f", "markdown", "-t", "json"], b"")
    return json.loads(output)["pandoc-api-version"]


def run_pandoc(arguments: list[str], data: bytes) -> bytes:
    try:
        done = subprocess.run(
            [pandoc_path(), *arguments],
            input=data,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EngineError(f"pandoc could not run: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EngineError(f"pandoc failed: {message[-1] if message else done.returncode}")
    return done.stdout


def document(blocks: list[Any], meta: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"pandoc-api-version": api_version(), "meta": meta or {}, "blocks": blocks}


def run_on_tree(tree: dict[str, Any], arguments: list[str]) -> dict[str, Any]:
    """Send a tree through pandoc (e.g. with --citeproc) and read the tree it gives back."""
    data = json.dumps(tree, ensure_ascii=False).encode("utf-8")
    return json.loads(run_pandoc(["-f", "json", "-t", "json", *arguments], data))


def write_tree(tree: dict[str, Any], to: str, standalone: bool = True) -> bytes:
    """Write a tree in one of pandoc's output formats (rtf, docx ...)."""
    data = json.dumps(tree, ensure_ascii=False).encode("utf-8")
    arguments = ["-f", "json", "-t", to, "-o", "-"]
    if standalone:
        arguments.append("--standalone")
    return run_pandoc(arguments, data)


def text_inlines(text: str) -> list[dict[str, Any]]:
    """Plain text as pandoc inlines (words and spaces), with no markup interpreted."""
    inlines: list[dict[str, Any]] = []
    for index, line in enumerate(text.split("\n")):
        if index:
            inlines.append({"t": "LineBreak"})
        for number, word in enumerate(line.split(" ")):
            if number:
                inlines.append({"t": "Space"})
            if word:
                inlines.append({"t": "Str", "c": word})
    return inlines
