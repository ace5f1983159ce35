"""``python -m core`` runs the ``crdesk`` CLI."""
from core.cli import main

main()
