"""Core tables. Importing this package registers them on :data:`core.db.Base.metadata`."""
from core.models.people import Department, Role, Store, User, UserRole
from core.models.plugin_state import PluginState

__all__ = ["Department", "PluginState", "Role", "Store", "User", "UserRole"]
