"""Pieces of tests/interop/harness.py: namespace (the private network), browsers (how each
browser is started headless), relay (the HTTP server the page talks to and the lucid program)."""
