"""The query language of the search box: a tokenizer and a recursive-descent parser.

    vlasov himmler            every word, prefix-matched (as you type), folded
    "2nd shock army"          an exact phrase
    person:vlasov  event:capture  place:moscow  tag:defector  collection:"fonds 12"  source:elhassan
    type:photo                one record type
    date:1942  date:1942-06  date:1942..1945  date:..1945  date:1944?
    -word  OR  ( … )          exclusion, alternatives, grouping (AND and NOT are accepted too)

The parser turns the text into a small tree (the AST below); execute.py turns the tree into SQL
with bound parameters. No part of what the user typed ever reaches the database as query syntax,
so FTS operators typed by a user (`NEAR(`, `*`, `^`) are either plain words or a message saying
where the query is wrong. Grammar:

    query   := or EOF
    or      := and ( "OR" and )*
    and     := unary ( ["AND"] unary )*
    unary   := ( "-" | "NOT" ) unary | primary
    primary := "(" or ")" | PHRASE | FIELD ":" (WORD | PHRASE) | WORD
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from archive_app.catalog.dates import parse_date
from archive_app.catalog.errors import CatalogError, InvalidField
from archive_app.catalog.search.folding import tokens as fold_tokens

#: filters on linked records, each a field name of the language.
LINK_FIELDS = ("person", "event", "place", "tag", "collection", "source")
FIELDS = (*LINK_FIELDS, "type", "date")

#: record types a query can name with type:, and the spellings accepted for them.
RECORD_TYPES = ("photo", "person", "event", "place", "source", "citation", "collection", "tag")
TYPE_ALIASES = {
    "photograph": "photo",
    "photographs": "photo",
    "photos": "photo",
    "image": "photo",
    "people": "person",
    "persons": "person",
    "events": "event",
    "places": "place",
    "sources": "source",
    "citations": "citation",
    "collections": "collection",
    "tags": "tag",
}

MAX_QUERY_LENGTH = 1000
MAX_DEPTH = 32
MAX_TERMS = 64


class QueryError(CatalogError):
    """A query that cannot be understood; `position` is the 0-based offset of the problem."""

    def __init__(self, message: str, position: int) -> None:
        self.message = message
        self.position = position
        super().__init__(f"query error at column {position + 1}: {message}")


# --- the tree ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Words to find in the index. `prefix` means the last word is matched as a prefix (as the
    user types); a quoted phrase has prefix False and is matched exactly, word for word."""

    words: tuple[str, ...]
    prefix: bool
    source: str
    position: int


@dataclass(frozen=True)
class LinkFilter:
    """`person:vlasov`: records linked to the people (events, places …) the value matches."""

    field: str
    value: Text
    position: int


@dataclass(frozen=True)
class TypeFilter:
    record_type: str
    position: int


@dataclass(frozen=True)
class DateFilter:
    """Records whose date range [earliest, latest] overlaps [earliest, latest] here; None for
    an open end (`date:..1945`)."""

    earliest: str | None
    latest: str | None
    source: str
    position: int


@dataclass(frozen=True)
class Not:
    child: Node
    position: int


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Text | LinkFilter | TypeFilter | DateFilter | Not | And | Or


# --- the tokenizer -------------------------------------------------------------------------

Kind = Literal["word", "phrase", "field", "lparen", "rparen", "minus", "or", "and", "not", "end"]


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str
    position: int
    #: for a field token: the value that follows the colon (word or phrase), else None.
    value: Token | None = field(default=None)


_SPECIAL = set('()"')


def _read_phrase(text: str, start: int) -> tuple[Token, int]:
    """A quoted phrase starting at the quote at `start`; returns the token and the next offset."""
    end = text.find('"', start + 1)
    if end < 0:
        raise QueryError('this quote is never closed; add a closing "', start)
    return Token("phrase", text[start + 1 : end], start), end + 1


def _read_word(text: str, start: int) -> tuple[str, int]:
    end = start
    while end < len(text) and not text[end].isspace() and text[end] not in _SPECIAL:
        end += 1
    return text[start:end], end


def _field_token(word: str, start: int, text: str, end: int) -> tuple[Token, int] | None:
    """A `name:value` token when the word is a field name followed by a colon, else None."""
    name, colon, rest = word.partition(":")
    if not colon or not name.isalpha():
        return None
    lowered = name.lower()
    if lowered not in FIELDS:
        known = ", ".join(f"{f}:" for f in FIELDS)
        raise QueryError(
            f"{name}: is not a search field (use one of {known}, or put the text in quotes)",
            start,
        )
    value_start = start + len(name) + 1
    if rest:
        return Token("field", lowered, start, Token("word", rest, value_start)), end
    if end < len(text) and text[end] == '"':
        value, after = _read_phrase(text, end)
        return Token("field", lowered, start, value), after
    raise QueryError(
        f"{lowered}: needs a value right after the colon (for example {lowered}:"
        f"{'1942' if lowered == 'date' else 'photo' if lowered == 'type' else 'vlasov'})",
        start,
    )


def tokenize(text: str) -> list[Token]:
    """Split a query into tokens; raise QueryError at the first thing that cannot be a token."""
    found: list[Token] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char.isspace():
            index += 1
        elif char in "()":
            found.append(Token("lparen" if char == "(" else "rparen", char, index))
            index += 1
        elif char == '"':
            token, index = _read_phrase(text, index)
            found.append(token)
        elif char == "-" and (index + 1 >= len(text) or text[index + 1].isspace()):
            raise QueryError("a '-' must stand right before the word it excludes (-word)", index)
        elif char == "-" and text[index + 1] == "-":
            raise QueryError("'--' is not allowed; write a single '-' before a word", index)
        elif char == "-":
            found.append(Token("minus", char, index))
            index += 1
        else:
            word, end = _read_word(text, index)
            token_and_end = _field_token(word, index, text, end)
            if token_and_end is not None:
                token, index = token_and_end
            else:
                kind = {"OR": "or", "AND": "and", "NOT": "not"}.get(word, "word")
                token, index = Token(kind, word, index), end  # type: ignore[arg-type]
            found.append(token)
    found.append(Token("end", "", len(text)))
    return found


# --- the parser ----------------------------------------------------------------------------


def _text_node(token: Token) -> Text | None:
    """The words of a word or phrase token, folded; None for a word with no letters or digits
    (such as `*` or `&`), which is left out of the query."""
    words = tuple(fold_tokens(token.text))
    if not words:
        if token.kind == "phrase":
            raise QueryError("this phrase has no letters or digits to search for", token.position)
        return None
    return Text(words, prefix=token.kind == "word", source=token.text, position=token.position)


def _date_end(text: str, position: int, which: Literal["earliest", "latest"]) -> str | None:
    if not text:
        return None
    try:
        bounds = parse_date(text, "date")
    except InvalidField:
        raise QueryError(
            f"date:{text} is not a date (use a year, a month, an EDTF date such as 1942-06 or "
            f"1944?, or a range such as 1942..1945)",
            position,
        ) from None
    return bounds.earliest if which == "earliest" else bounds.latest


def _date_filter(value: Token, position: int) -> DateFilter:
    text = value.text.strip()
    if ".." in text and "/" not in text:
        start, _, end = text.partition("..")
        if not start and not end:
            raise QueryError("date:.. needs a start or an end (date:1942..1945)", position)
        earliest = _date_end(start, value.position, "earliest")
        latest = _date_end(end, value.position + len(start) + 2, "latest")
        if earliest and latest and earliest > latest:
            raise QueryError(f"date:{text} ends before it starts", position)
    else:
        earliest = _date_end(text, value.position, "earliest")
        latest = _date_end(text, value.position, "latest")
    return DateFilter(earliest, latest, text, position)


def _type_filter(value: Token, position: int) -> TypeFilter:
    name = value.text.strip().lower()
    name = TYPE_ALIASES.get(name, name)
    if name not in RECORD_TYPES:
        raise QueryError(
            f"type:{value.text} is not a record type (use one of {', '.join(RECORD_TYPES)})",
            position,
        )
    return TypeFilter(name, position)


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0
        self.terms = 0
        self.skipped: list[Token] = []

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Node | None:
        node = self.parse_or()
        if self.current.kind == "rparen":
            raise QueryError("this ')' has no '(' to close", self.current.position)
        if self.current.kind != "end":  # pragma: no cover - every other token starts a term
            raise QueryError(f"unexpected {self.current.text!r}", self.current.position)
        return node

    def parse_or(self) -> Node | None:
        if self.current.kind == "or":
            raise QueryError("OR needs something to search for on its left", self.current.position)
        children = [self.parse_and()]
        while self.current.kind == "or":
            operator = self.advance()
            if self.current.kind in ("end", "rparen", "or"):
                raise QueryError("OR needs something to search for on its right", operator.position)
            children.append(self.parse_and())
        kept = tuple(c for c in children if c is not None)
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else Or(kept)

    def parse_and(self) -> Node | None:
        children: list[Node | None] = []
        while self.current.kind not in ("end", "rparen", "or"):
            if self.current.kind == "and":
                if not children:
                    raise QueryError(
                        "AND needs something to search for on its left", self.current.position
                    )
                operator = self.advance()
                if self.current.kind in ("end", "rparen", "or", "and"):
                    raise QueryError(
                        "AND needs something to search for on its right", operator.position
                    )
            children.append(self.parse_unary())
        kept = tuple(c for c in children if c is not None)
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else And(kept)

    def parse_unary(self) -> Node | None:
        token = self.current
        if token.kind in ("minus", "not"):
            self.advance()
            if self.current.kind in ("end", "rparen", "or", "and", "minus", "not"):
                raise QueryError(
                    f"{token.text!r} must be followed by what it excludes", token.position
                )
            child = self.parse_unary()
            if child is None:
                raise QueryError(
                    f"{token.text!r} must be followed by a word with letters or digits",
                    token.position,
                )
            return Not(child, token.position)
        return self.parse_primary()

    def parse_primary(self) -> Node | None:
        token = self.advance()
        if token.kind == "lparen":
            return self.parse_group(token)
        if token.kind == "rparen":
            raise QueryError("this ')' has no '(' to close", token.position)
        self.count_term(token)
        if token.kind == "field":
            return self.parse_field(token)
        node = _text_node(token)
        if node is None:
            self.skipped.append(token)
        return node

    def parse_group(self, opening: Token) -> Node | None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"parentheses nest deeper than {MAX_DEPTH} levels", opening.position)
        if self.current.kind == "rparen":
            raise QueryError("these parentheses hold nothing to search for", opening.position)
        node = self.parse_or()
        if self.current.kind != "rparen":
            raise QueryError("this '(' is never closed; add a ')'", opening.position)
        self.advance()
        self.depth -= 1
        return node

    def parse_field(self, token: Token) -> Node:
        assert token.value is not None
        if token.text == "type":
            return _type_filter(token.value, token.position)
        if token.text == "date":
            return _date_filter(token.value, token.position)
        value = _text_node(token.value)
        if value is None:
            raise QueryError(
                f"{token.text}:{token.value.text} has no letters or digits to search for",
                token.position,
            )
        return LinkFilter(token.text, value, token.position)

    def count_term(self, token: Token) -> None:
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"a query can hold at most {MAX_TERMS} terms", token.position)


def parse(text: str) -> Node:
    """The tree of a query; raise QueryError (with the position) for a malformed one."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"a query can be at most {MAX_QUERY_LENGTH} characters", MAX_QUERY_LENGTH)
    parser = _Parser(text)
    node = parser.parse()
    if node is None:
        where = parser.skipped[0].position if parser.skipped else 0
        if parser.skipped:
            raise QueryError(
                f"{parser.skipped[0].text!r} has no letters or digits to search for", where
            )
        raise QueryError("the query is empty; type a word to search for", where)
    _refuse_only_exclusions(node)
    return node


def _refuse_only_exclusions(node: Node) -> None:
    """`-vlasov` alone would list the whole catalogue but one name; it is almost always a
    query typed halfway, so say so instead of listing everything."""
    children = node.children if isinstance(node, And) else (node,)
    if all(isinstance(child, Not) for child in children):
        first = children[0]
        assert isinstance(first, Not)
        raise QueryError(
            "a query cannot only exclude; add a word or filter to search for", first.position
        )
