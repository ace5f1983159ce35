"""The sales follow-up specialist's duties (SF-*)."""
