"""The follow-up base plugin: what the sales and after-sales follow-up specialists share."""
