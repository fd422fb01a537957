"""One home per vocabulary: category groupings in plover.yaml, word lists in data/language/words.yaml."""
import ast
from pathlib import Path

import pytest

from sanderling import ontology
from sanderling.coder.vocabulary import WORDS_FILE, words
from sanderling.eval.scoring import CATEGORY_ROOT

PACKAGE = Path(__file__).resolve().parents[1] / "sanderling"


def test_categories_and_roots_come_from_the_ontology_file():
    onto = ontology.load()
    assert ontology.CATEGORIES == tuple(onto.categories) and len(ontology.CATEGORIES) == 16
    assert {c for c, root in CATEGORY_ROOT.items() if root != c} == {"CONCEDE", "RETREAT"}
    assert set(CATEGORY_ROOT.values()) == set(ontology.CATEGORIES) - {"CONCEDE", "RETREAT"} | {"YIELD"}


def test_groupings_name_only_categories():
    onto = ontology.load()
    assert onto.group("harm") == {"ASSAULT", "COERCE", "SANCTION"}
    assert onto.group("contact") == {"CONSULT"}
    for name, members in onto.groupings.items():
        assert members and members <= set(onto.categories), name
    with pytest.raises(KeyError):
        onto.group("no such grouping")


def test_word_lists_are_data():
    assert {"say", "tell", "urge"} <= words("speech_verbs")
    assert words("recipient_prepositions")["CONSULT"] == frozenset()
    assert words("recipient_prepositions")["AGREE"] == {"with", "to"}
    with pytest.raises(KeyError, match="no word list"):
        words("no_such_list")
    assert WORDS_FILE.name == "words.yaml"


def test_no_set_of_category_names_is_spelt_out_in_code():
    """A set of two or more PLOVER categories bound to a module-level name belongs in plover.yaml's groupings."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.parse(path.read_text("utf-8")).body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Set):
                members = {e.value for e in node.value.elts if isinstance(e, ast.Constant)}
                if len(members) >= 2 and members <= set(ontology.CATEGORIES):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
