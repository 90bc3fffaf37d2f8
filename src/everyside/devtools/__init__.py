"""Tools for demos and development, never imported by the product.

- ``replay``: serves the demo corpus as growing RSS feeds on 127.0.0.1 (and receives
  webhooks and mail) for ``make watch-demo``; ``python -m everyside.devtools.replay``.

Modules here may import anything in ``everyside``; nothing in ``everyside`` imports them.
"""
