"""Renderings for people and scripts: terminal (Rich), Markdown, HTML, and JSON shapes.

An interface layer: may import the jobs (their report types), the stages' records and
the store's read records; the CLI, the web app and the watcher use it.
"""
