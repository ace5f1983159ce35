"""crdesk's built-in plugins: one folder per plugin, each with its ``__manifest__.py``."""
