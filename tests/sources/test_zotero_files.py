"""RIS and BibTeX as Zotero's own translators write them (RIS.js, BibTeX.js) come in as Zotero
reads them back: item types, creators by role, dates (with seasons and "circa"), identifiers,
archive fields and the fields Zotero keeps only in a note. The files are written here, in the
shape Zotero's exports have."""

from __future__ import annotations

import re
from typing import Any

from archive_app.catalog.database import Catalog
from archive_app.catalog.sources import bibtex, ris
from archive_app.catalog.sources.csljson import source_items
from archive_app.catalog.sources.import_sources import import_items

ZOTERO_RIS = """TY  - JOUR
TI  - 12 Generals You Won't Believe
AU  - Elhassan, Khalid
AU  - United Nations
T2  - History Today
J2  - Hist. Today
DA  - 2017/11/15/
PY  - 2017
DO  - 10.1000/xyz
VL  - 12
IS  - 3
SP  - 10
EP  - 20
SN  - 0028-0836
UR  - https://example.org/a
Y2  - 2020/01/02/10:00:00
LA  - en
KW  - war
KW  - generals
N1  - Some note
AN  - Box 3, folder 2
CN  - D25 .E4
DB  - Imperial War Museum
DP  - Library of Congress
AD  - Somewhere 12
ER  -

TY  - BOOK
TI  - Letters
AU  - Roe, Ann
A2  - Doe, Series
A3  - Poe, Editor
A4  - Moe, Translator
T2  - Family Papers
SP  - 300
DA  - 1999///Spring
M1  - 4
SN  - 978-3-16-148410-0
ER  -

TY  - CHAP
TI  - A chapter
A2  - Book, Editor
T2  - The Book
T3  - The Series
SP  - 5
EP  - 9
DA  - 1950///circa
ER  -

TY  - PCOMM
TI  - Letter to Anna
AU  - Roe, Ann
A2  - Lee, Anna
M3  - Postcard
DA  - 1943/05//
ER  -
""".replace("ER  -\n", "ER  - \n")  # Zotero ends a record with "ER  - " and a space

ZOTERO_BIBTEX = r"""
@article{elhassan_12_2017,
	title = {12 {Generals} {You} {Won}'t {Believe}: {A} subtitle},
	volume = {12},
	issn = {0028-0836},
	url = {https://example.org/a},
	doi = {10.1000/xyz},
	language = {en},
	number = {3},
	urldate = {2020-01-02},
	journal = {History Today},
	author = {Elhassan, Khalid and {United Nations}},
	collaborator = {Roe, Ann},
	month = nov,
	year = {2017},
	note = {PMID: 123
Some note},
	keywords = {war, generals},
	pages = {10--20},
	file = {Full Text:/tmp/x.pdf:application/pdf},
}

@book{roe_letters_1999,
	address = {London},
	series = {Family {Papers}},
	title = {Letters},
	isbn = {978-3-16-148410-0},
	number = {4},
	publisher = {Faber},
	author = {Roe, Ann},
	editor = {Poe, Edgar},
	year = {1999},
	pages = {300},
}

@mastersthesis{zed_thesis_2001,
	title = {A Thesis},
	school = {Uni},
	author = {Zed, Zoe},
	year = {2001},
}

@techreport{army_report_1945,
	title = {After-action report},
	institution = {U.S. Army},
	number = {7},
	type = {Report},
	year = {1945},
}
"""


def _by_title(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["title"]: item for item in items}


def test_zotero_ris_reads_as_zotero_reads_it() -> None:
    items = _by_title(ris.loads(ZOTERO_RIS))
    article = items["12 Generals You Won't Believe"]
    assert article["type"] == "article-journal"
    assert article["author"] == [
        {"family": "Elhassan", "given": "Khalid"},
        {"literal": "United Nations"},
    ]
    assert article["container-title"] == "History Today"
    assert article["container-title-short"] == "Hist. Today"
    assert article["issued"] == {"date-parts": [[2017, 11, 15]]}
    assert article["accessed"] == {"date-parts": [[2020, 1, 2]]}
    assert article["page"] == "10-20"
    assert article["ISSN"] == "0028-0836" and "ISBN" not in article
    assert article["archive"] == "Imperial War Museum"
    assert article["archive_location"] == "Box 3, folder 2"
    assert article["call-number"] == "D25 .E4"
    assert article["source"] == "Library of Congress"
    assert article["keyword"] == "war, generals"
    assert article["note"] == "Some note\nAuthor Address: Somewhere 12"
    book = items["Letters"]
    assert book["collection-editor"] == [{"family": "Doe", "given": "Series"}]
    assert book["editor"] == [{"family": "Poe", "given": "Editor"}]
    assert book["translator"] == [{"family": "Moe", "given": "Translator"}]
    assert book["collection-title"] == "Family Papers" and "container-title" not in book
    assert book["number-of-pages"] == "300" and book["collection-number"] == "4"
    assert book["ISBN"] == "978-3-16-148410-0"
    assert book["issued"] == {"date-parts": [[1999]], "season": 1}
    chapter = items["A chapter"]
    assert chapter["editor"] == [{"family": "Book", "given": "Editor"}]
    assert chapter["container-title"] == "The Book"
    assert chapter["collection-title"] == "The Series"
    assert chapter["issued"] == {"date-parts": [[1950]], "circa": True}
    letter = items["Letter to Anna"]
    assert letter["type"] == "personal_communication"
    assert letter["recipient"] == [{"family": "Lee", "given": "Anna"}]
    assert letter["genre"] == "Postcard"
    assert letter["issued"] == {"date-parts": [[1943, 5]]}


def test_our_ris_reads_back_the_same_items() -> None:
    items = ris.loads(ZOTERO_RIS)
    again = ris.loads(ris.dumps(items))
    strip = [{k: v for k, v in item.items() if k not in ("id", "note")} for item in items]
    assert [{k: v for k, v in i.items() if k not in ("id", "note")} for i in again] == strip


def test_zotero_bibtex_reads_as_zotero_reads_it() -> None:
    items = _by_title(bibtex.loads(ZOTERO_BIBTEX))
    article = items["12 Generals You Won't Believe: A subtitle"]
    assert article["type"] == "article-journal"
    assert article["author"][1] == {"literal": "United Nations"}
    assert article["contributor"] == [{"family": "Roe", "given": "Ann"}]
    assert article["issued"] == {"date-parts": [[2017, 11]]}
    assert article["accessed"] == {"date-parts": [[2020, 1, 2]]}
    assert article["issue"] == "3" and article["page"] == "10-20"
    assert article["ISSN"] == "0028-0836" and article["PMID"] == "123"
    assert article["note"] == "Some note"
    assert article["keyword"] == "war, generals"
    book = items["Letters"]
    assert book["collection-title"] == "Family Papers"
    assert book["collection-number"] == "4" and book["number-of-pages"] == "300"
    assert book["publisher-place"] == "London"
    thesis = items["A Thesis"]
    assert thesis["genre"] == "Master's Thesis" and thesis["publisher"] == "Uni"
    report = items["After-action report"]
    assert report["type"] == "report" and report["number"] == "7"
    assert report["publisher"] == "U.S. Army" and report["genre"] == "Report"


def test_zotero_files_import_whole(catalog: Catalog) -> None:
    for reader, text in ((ris.loads, ZOTERO_RIS), (bibtex.loads, ZOTERO_BIBTEX)):
        report = import_items(reader(text))
        assert not report.refused
    assert len(source_items()) == 8 - 2  # the article and the book: same DOI, same ISBN+title


def test_a_zotero_citation_key_comes_back_out_in_bibtex(catalog: Catalog) -> None:
    import_items(bibtex.loads(ZOTERO_BIBTEX))
    written = bibtex.dumps(source_items())
    keys = re.findall(r"^@\w+\{([^,]+),", written, re.M)
    assert keys == ["elhassan_12_2017", "roe_letters_1999", "zed_thesis_2001", "army_report_1945"]
