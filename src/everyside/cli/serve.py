"""``everyside serve``: the REST API and the web app."""

from __future__ import annotations

from typing import Annotated

import typer

from everyside.cli.output import err_console
from everyside.settings import API_KEY_ENV, ServeOptions

commands = typer.Typer()

# Names the server answers to, separated by spaces (as --allowed-host, repeated).
ALLOWED_HOSTS_ENV = "EVERYSIDE_ALLOWED_HOSTS"


@commands.command(
    "serve",
    epilog="Examples:\n\n  everyside serve\n\n  everyside --db news.db serve --port 8080\n\n"
    "  EVERYSIDE_API_KEY=secret everyside serve --host 0.0.0.0",
)
def serve_command(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    api_key: Annotated[
        str | None,
        typer.Option(envvar=API_KEY_ENV, show_envvar=True, help="Key that writes must carry."),
    ] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            envvar=ALLOWED_HOSTS_ENV,
            show_envvar=True,
            help="A name the server answers to (Host header), besides localhost and the "
            "address it listens on; repeatable. '.example.org' takes its subdomains too.",
        ),
    ] = None,
) -> None:
    """Serve the REST API (/api/v1, documented at /docs) and the web app."""
    import uvicorn  # imported here: every other command starts faster without it

    from everyside.web import create_app
    from everyside.web.security import serve_hosts

    hosts = serve_hosts(host, allowed_host or ())
    try:
        web_app = create_app(ServeOptions(db=ctx.obj, api_key=api_key or None, allowed_hosts=hosts))
    except Exception as error:  # a bad URL or an unreadable file: one clear line
        raise typer.BadParameter(f"cannot open the store: {error}", param_hint="--db") from None
    err_console.print(f"everyside at [bold]http://{host}:{port}/[/bold] (Ctrl+C stops it)")
    err_console.print(
        f"answers to the host names {', '.join(hosts)}", markup=False, highlight=False
    )
    uvicorn.run(web_app, host=host, port=port, log_level="warning")
