"""crdesk core: the headless platform every role's plugin stands on.

Core holds customers, vehicles, staff, tasks, approvals, forms, reports and the
plugin host, and knows no role's duties: those arrive through hooks.
"""
from __future__ import annotations

import pluggy

__version__ = "0.1.0"

PROJECT = "crdesk"
#: Decorator marking a plugin's hook implementations.
hookimpl = pluggy.HookimplMarker(PROJECT)

__all__ = ["PROJECT", "__version__", "hookimpl"]
