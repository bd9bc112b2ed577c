"""What a search looks for: folded words, stop words out, synonyms in, the last word open."""

from marketplace.search.dutch import query_words, stems


def test_accents_and_case_are_folded():
    assert stems("Café RUÏNE") == stems("cafe ruine")


def test_stop_words_are_left_out_of_the_index_text():
    assert stems("de het een") == ""


def test_a_word_brings_its_synonyms():
    (word,) = query_words("geldzorgen ")
    assert {"schuld", "schuldhulp"} <= set(word.alternatives)


def test_the_typed_word_comes_before_its_synonyms():
    (word,) = query_words("schulden")
    assert word.alternatives[0] == "schulden"


def test_only_the_last_word_is_open_while_typing():
    first, last = query_words("hond uitl")
    assert (first.prefix, last.prefix) == (False, True)
    assert not query_words("hond uitl ")[-1].prefix


def test_punctuation_and_operators_are_no_words():
    assert [w.alternatives[0] for w in query_words('"hond" OR * (kat)')] == ["hond", "or", "kat"]
