"""sanderling: news reports in, PLOVER event records out, with evidence for every field."""
__version__ = "0.3.2"
