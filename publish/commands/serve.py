"""`publish serve`: a live preview in the browser and an OPDS catalog for e-readers, over HTTP."""
from __future__ import annotations

import argparse
import sys

from publish.commands import add_source_arguments, languages, load_config, out_dir

HELP = "preview the books in a browser (live reload) and serve them to e-readers over OPDS"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_source_arguments(parser)
    parser.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                        help="address to listen on (default: 127.0.0.1, this machine only; "
                             "0.0.0.0 lets e-readers on the network in)")
    parser.add_argument("--port", type=int, default=8000, metavar="N",
                        help="port (default: 8000; 0 picks a free one)")
    parser.add_argument("--no-watch", action="store_true",
                        help="serve what is built; do not rebuild when sources change")


def run(args: argparse.Namespace) -> int:
    from publish.serve.server import WILDCARD_HOSTS, make_server

    if not 0 <= args.port <= 65535:
        from publish.errors import ConfigError
        raise ConfigError(f"expected a port from 0 to 65535, got {args.port}", key="--port")
    config = load_config(args)
    langs = languages(args, config)
    print("building the previews and books…", file=sys.stderr)
    server = make_server(config, out_dir(args, config), args.host, args.port,
                         langs=langs, strict=args.strict, report=_say,
                         log=_say if args.verbose else None, reload=lambda: load_config(args))
    try:
        if not args.no_watch:
            server.watch()
        print(f"preview: {server.url}")
        print(f"OPDS catalog: {server.url}opds (OPDS 2.0: {server.url}opds2)")
        if args.host in WILDCARD_HOSTS:
            address = lan_address()
            if address:
                print(f"on the network: http://{address}:{server.port}/opds")
        print("press Ctrl-C to stop", file=sys.stderr)
        sys.stdout.flush()
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def lan_address() -> str | None:
    """This machine's address on its network (a UDP socket is aimed, nothing is sent)."""
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 9))
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address
