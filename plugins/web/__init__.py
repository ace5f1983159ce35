"""The browser front: login, sessions and the department's pages, over the same functions the CLI calls."""
