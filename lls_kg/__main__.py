"""``python -m lls_kg`` runs the ``lls-kg`` command line."""

from .cli import main

main()
