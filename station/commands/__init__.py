"""One module per ``station`` subcommand; each exposes ``register(subparsers)``."""
