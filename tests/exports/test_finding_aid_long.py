"""A finding aid of a thousand pages or more prints no fpdf warning and numbers its pages."""

from __future__ import annotations

import io
import warnings

from pypdf import PdfReader

from archive_app.catalog.exports.finding_aid_pdf import _new_document


def test_a_thousand_page_finding_aid_prints_no_warning_and_counts_its_pages():
    pdf = _new_document("Archiv")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # fpdf's "wider than the reserved alias width"
        for _ in range(1001):
            pdf.add_page()
        data = bytes(pdf.output())
    last = PdfReader(io.BytesIO(data)).pages[-1].extract_text()
    assert "page 1001 of 1001" in last
