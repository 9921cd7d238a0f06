"""One element of an archival XML export (EAD3, EAC-CPF): its text and attributes written as
Dublin Core writes them, and an empty value left out rather than written as an empty one."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from archive_app.catalog.exports.dublin_core import xml_text


def sub_element(
    parent: ET.Element, tag: str, text: object = None, **attributes: object
) -> ET.Element:
    element = ET.SubElement(parent, tag)
    for name, value in attributes.items():
        if value not in (None, ""):
            element.set(name, xml_text(value))
    if text not in (None, ""):
        element.text = xml_text(text)
    return element
