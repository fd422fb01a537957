"""The HTTP API (placeholder: the server is being written on its own branch)."""
