"""The REST API and the web app: thin layers over the same library functions as the CLI.

An interface layer: may import the jobs, the report renderers, the store and the model,
never ``evaluate`` or ``training``.
"""

from everyside.web.app import create_app

__all__ = ["create_app"]
