"""`python -m cwh docs`: generate the dbt documentation site and serve it on localhost.

`dbt docs generate --static` writes the site into the dbt target folder: `index.html` (a single-page
app that loads `manifest.json` and `catalog.json`) and `static_index.html` (the same page with both
files built in, so it opens from disk or a mail attachment). The catalog (column types, row counts)
is read from the built warehouse, so build it first. The server is a plain static file server bound
to 127.0.0.1: the site contains column names and descriptions and is for the local user only.
"""

from __future__ import annotations

import argparse
import errno
import functools
import http.server
import socketserver
import webbrowser
from pathlib import Path

from rich.console import Console

from cwh.settings import Settings

console = Console(stderr=True, soft_wrap=True)

SITE_FILES = ("index.html", "manifest.json", "catalog.json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8080, help="port of the local server (default 8080)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1, this machine only)")
    parser.add_argument("--no-generate", action="store_true", help="serve the site already generated")
    parser.add_argument("--no-serve", action="store_true", help="only generate the site, then exit")
    parser.add_argument("--open", action="store_true", help="open the site in the default web browser")
    parser.set_defaults(func=run)


def generate(settings: Settings) -> int:
    """`dbt docs generate --static` into the target folder; returns dbt's exit code."""
    from cwh.build import run_dbt

    if not settings.warehouse_path.exists():
        console.print(f"[red]error:[/red] no warehouse at {settings.warehouse_path}. Run `make build` first "
                      "(the docs read column types and row counts from the built warehouse), "
                      "or set WAREHOUSE_PATH to an existing warehouse file.")
        return 2
    code = run_dbt(settings, "docs", "generate", "--static")
    if code != 0:
        console.print("[red]error:[/red] dbt docs generate failed (see the dbt output above). A YAML or "
                      "Jinja error names the file to fix (`dbt parse` reproduces it quickly); a lock error "
                      "means another program has the warehouse open: close it, or wait for the build.")
    return code


def missing_site_files(site_dir: Path) -> list[str]:
    return [name for name in SITE_FILES if not (site_dir / name).exists()]


class _Server(socketserver.ThreadingTCPServer):
    # a restarted server may bind at once, while the old socket is still in TIME_WAIT
    allow_reuse_address = True
    daemon_threads = True


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        pass


def serve(site_dir: Path, host: str, port: int, open_browser: bool = False) -> int:
    """Serve site_dir over HTTP until Ctrl-C; returns a process exit code."""
    missing = missing_site_files(site_dir)
    if missing:
        console.print(f"[red]error:[/red] {site_dir} has no {', '.join(missing)}. "
                      "Run `make docs` (or `python -m cwh docs`) without --no-generate first.")
        return 2
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    try:
        server = _Server((host, port), handler)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            console.print(f"[red]error:[/red] port {port} is in use. Stop the other server or choose another "
                          "port: `make docs DOCS_PORT=8081` or `python -m cwh docs --port 8081`.")
            return 2
        raise
    url = f"http://{host}:{port}/index.html"
    console.print(f"Serving the dbt docs at [bold]{url}[/bold] "
                  f"(static copy: {site_dir / 'static_index.html'}). Press Ctrl-C to stop.")
    if open_browser:
        webbrowser.open(url)
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            console.print("Stopped.")
    return 0


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if not args.no_generate:
        code = generate(settings)
        if code != 0:
            return code
    if args.no_serve:
        console.print(f"Docs site written to {settings.target_path} "
                      f"(open {settings.target_path / 'static_index.html'} in a browser).")
        return 0
    return serve(settings.target_path, args.host, args.port, open_browser=args.open)
