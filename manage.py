#!/usr/bin/env python
"""Django's command-line utility; `jazari` (installed with the package) does the same."""

from jazari.cli import main

if __name__ == "__main__":
    main()
