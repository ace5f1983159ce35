"""Backups and restores of a whole crdesk site: the database plus the data folder (see archive.py)."""
from core.backup.archive import BackupResult, backed_up_today, create, read_manifest, restore

__all__ = ["BackupResult", "backed_up_today", "create", "read_manifest", "restore"]
