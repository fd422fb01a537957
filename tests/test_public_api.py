"""The public API keeps its import paths whatever the package layout: README's examples and the console script."""
import importlib.metadata

import sanderling


def test_coder_is_importable_from_where_the_readme_says():
    from sanderling.coder.pipeline import Coder as moved
    from sanderling.pipeline import Coder, DocumentResult, code_batch

    assert Coder is moved and sanderling.Coder is Coder
    assert sanderling.code_batch is code_batch and sanderling.DocumentResult is DocumentResult
    assert callable(Coder.load) and callable(Coder.code_text)


def test_query_layer_is_importable_from_the_store():
    from sanderling.store import Query
    from sanderling.store.query import Query as defined

    assert Query is defined and sanderling.Query is Query


def test_console_script_points_at_the_typer_app():
    (script,) = [e for e in importlib.metadata.entry_points(group="console_scripts") if e.name == "sanderling"]
    assert script.value == "sanderling.cli:app"
    from sanderling.cli import app

    names = [c.name for c in app.registered_commands]
    assert names == ["code", "ingest", "events", "last-contact", "timeline", "search", "export", "stats", "train", "eval"]


def test_data_files_are_found_from_the_package():
    assert (sanderling.DATA_DIR / "ontology" / "plover.yaml").is_file()
    assert (sanderling.DATA_DIR / "lexicon" / "triggers.yaml").is_file()
