from scheduler_app.core.text import like_pattern, normalise_query


def test_like_pattern_escapes_wildcards():
    assert like_pattern("50%_off\\") == "%50\\%\\_off\\\\%"


def test_normalise_query_collapses_space_and_caps_length():
    assert normalise_query("  เลย   เมือง ") == "เลย เมือง"
    assert len(normalise_query("ก" * 500)) == 100


def test_normalise_query_composes_thai_and_latin():
    # A decomposed é becomes the composed form people type.
    assert normalise_query("cafe\u0301") == "caf\u00e9"


def test_search_key_and_matches_for_the_door_list():
    from scheduler_app.core.text import matches, search_key

    assert search_key("นายสมชาย  ใจดี", None, "", "Palat ปลัด") == "นายสมชาย ใจดี palat ปลัด"
    assert matches("", "anything")
    assert matches("สมชาย", "นายสมชาย ใจดี")  # Thai: a substring, no word spaces
    assert matches("SOM ใจ", "Somchai", "ใจดี")  # every word, in any field, any case
    assert not matches("สมชาย ครู", "นายสมชาย ใจดี", "ปลัด")
