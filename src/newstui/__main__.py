"""Entry point for ``python -m newstui``."""

from newstui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
