"""The parser: the tree of every query form, and a message with a position for broken ones."""

from __future__ import annotations

import pytest

from archive_app.catalog.search.query import (
    MAX_DEPTH,
    And,
    DateFilter,
    LinkFilter,
    Not,
    Or,
    QueryError,
    Text,
    TypeFilter,
    parse,
    tokenize,
)


def words(node):
    return node.words


def test_words_are_folded_and_prefix_matched():
    tree = parse("Vlasov HIMMLER")
    assert isinstance(tree, And)
    assert [(c.words, c.prefix) for c in tree.children] == [
        (("vlasov",), True),
        (("himmler",), True),
    ]


def test_a_phrase_keeps_its_words_in_order_without_prefix():
    tree = parse('"2nd Shock Army"')
    assert tree == Text(("2nd", "shock", "army"), False, "2nd Shock Army", 0)


def test_a_word_with_inner_punctuation_is_one_term_of_several_tokens():
    tree = parse("Kai-shek")
    assert isinstance(tree, Text) and tree.words == ("kai", "shek") and tree.prefix


@pytest.mark.parametrize("field", ["person", "event", "place", "tag", "collection", "source"])
def test_linked_record_filters(field):
    tree = parse(f"{field}:Власов")
    assert isinstance(tree, LinkFilter)
    assert tree.field == field and tree.value.words == ("vlasov",)


def test_a_filter_value_may_be_a_phrase():
    tree = parse('collection:"fonds 12"')
    assert isinstance(tree, LinkFilter)
    assert tree.value.words == ("fonds", "12") and not tree.value.prefix


def test_field_names_are_case_insensitive():
    assert parse("PERSON:vlasov") == parse("person:vlasov")


@pytest.mark.parametrize(
    ("text", "record_type"),
    [("type:photo", "photo"), ("type:Photographs", "photo"), ("type:people", "person")],
)
def test_type_filter(text, record_type):
    assert parse(text) == TypeFilter(record_type, 0)


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("date:1942", "1942-01-01", "1942-12-31"),
        ("date:1942-06", "1942-06-01", "1942-06-30"),
        ("date:1942..1945", "1942-01-01", "1945-12-31"),
        ("date:1942-06..1942-08-15", "1942-06-01", "1942-08-15"),
        ("date:..1945", None, "1945-12-31"),
        ("date:1942..", "1942-01-01", None),
        ("date:1944?", "1944-01-01", "1944-12-31"),
        ("date:194X", "1940-01-01", "1949-12-31"),
        ("date:1946-22", "1946-06-01", "1946-08-31"),
        ("date:1942/1945", "1942-01-01", "1945-12-31"),
    ],
)
def test_date_filter_bounds(text, earliest, latest):
    tree = parse(text)
    assert isinstance(tree, DateFilter)
    assert (tree.earliest, tree.latest) == (earliest, latest)


def test_exclusion_alternatives_and_grouping():
    tree = parse("vlasov -himmler (moscow OR berlin)")
    assert isinstance(tree, And)
    first, second, third = tree.children
    assert words(first) == ("vlasov",)
    assert isinstance(second, Not) and words(second.child) == ("himmler",)
    assert isinstance(third, Or) and [words(c) for c in third.children] == [
        ("moscow",),
        ("berlin",),
    ]


def test_or_binds_looser_than_and():
    tree = parse("a b OR c")
    assert isinstance(tree, Or)
    assert isinstance(tree.children[0], And)


def test_lower_case_or_and_not_are_words():
    tree = parse("war or peace")
    assert isinstance(tree, And) and len(tree.children) == 3


def test_words_without_letters_are_left_out_when_others_remain():
    assert parse("vlasov * &") == parse("vlasov")


def test_a_hyphen_inside_a_word_is_not_an_exclusion():
    assert parse("PH-000042").words == ("ph", "000042")


def test_tokens_carry_their_positions():
    kinds = [(t.kind, t.position) for t in tokenize('a -"b c" OR (d)')]
    assert kinds == [
        ("word", 0),
        ("minus", 2),
        ("phrase", 3),
        ("or", 9),
        ("lparen", 12),
        ("word", 13),
        ("rparen", 14),
        ("end", 15),
    ]


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        ('"2nd shock army', 0, "quote"),
        ('vlasov "', 7, "quote"),
        ("(vlasov", 0, "never closed"),
        ("vlasov)", 6, "no '('"),
        ("((a)", 0, "never closed"),
        ("NEAR(", 4, "never closed"),
        ("NEAR(vlasov himmler", 4, "never closed"),
        ("*", 0, "no letters or digits"),
        ("-", 0, "'-'"),
        ("vlasov -", 7, "'-'"),
        ("- vlasov", 0, "'-'"),
        ("--vlasov", 0, "'--'"),
        ("-vlasov", 0, "only exclude"),
        ("-(vlasov OR stalin)", 0, "only exclude"),
        ("person:", 0, "needs a value"),
        ("person: vlasov", 0, "needs a value"),
        ("date:", 0, "needs a value"),
        ('person:""', 7, "no letters"),
        ("person:*", 0, "no letters"),
        ("OR vlasov", 0, "left"),
        ("vlasov OR", 7, "right"),
        ("vlasov OR OR stalin", 7, "right"),
        ("vlasov OR )", 7, "right"),
        ("AND vlasov", 0, "left"),
        ("vlasov AND", 7, "right"),
        ("NOT", 0, "followed"),
        ("vlasov NOT", 7, "followed"),
        ("()", 0, "nothing"),
        ("", 0, "empty"),
        ("   ", 0, "empty"),
        ('""', 0, "no letters"),
        ("colour:red", 0, "not a search field"),
        ("type:cat", 0, "not a record type"),
        ("date:banana", 5, "not a date"),
        ("date:1945..1942", 0, "ends before"),
        ("date:..", 0, "start or an end"),
        ("date:1942..x", 11, "not a date"),
    ],
)
def test_malformed_queries_say_where_they_are_wrong(text, position, fragment):
    with pytest.raises(QueryError) as caught:
        parse(text)
    assert caught.value.position == position
    assert fragment in caught.value.message
    assert str(caught.value).startswith(f"query error at column {position + 1}: ")


def test_hostile_sizes_are_refused_with_a_message():
    with pytest.raises(QueryError, match="nest deeper"):
        parse("(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1))
    with pytest.raises(QueryError, match="at most"):
        parse("a " * 600)
    with pytest.raises(QueryError, match="terms"):
        parse(" ".join(f"w{i}" for i in range(100)))


def test_control_characters_and_nul_are_just_separators_or_text():
    assert parse("vlasov\x00himmler").words == ("vlasov", "himmler")
    assert parse("vlasov\thimmler") == parse("vlasov himmler")
