"""One citation as the desktop program shows it in a tooltip (a finding's sides, a timeline
item): source, where in it, confidence, and the words it quotes."""

from __future__ import annotations

import html
from typing import Any


def citation_html(c: dict[str, Any]) -> str:
    """HTML for a citation as `serialize` gives it: "Source, p. 12 (confidence 2): <i>…</i>"."""
    where = html.escape(f"{c['locator_label'] or ''} {c['locator'] or ''}".strip())
    said = f": <i>{html.escape(c['text'])}</i>" if c["text"] else ""
    return f"{html.escape(c['source'])}, {where} (confidence {c['confidence']}){said}"
