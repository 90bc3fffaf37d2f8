"""The REST API and the web app: thin layers over the same library functions as the CLI."""

from everyside.web.app import create_app

__all__ = ["create_app"]
