"""Approval chains: specs plugins contribute, and the engine that moves requests along them.

A plugin returns :class:`ChainSpec` objects from ``register_approval_chains``;
:class:`Approvals` (``core.approvals.engine``) submits, decides and withdraws.
"""
from __future__ import annotations

from core.approvals.spec import (DEPARTMENT_HEAD, REQUESTING_DEPARTMENT_HEAD, ChainSpec, Condition, FollowUp,
                                 RequiredAttachment, Step, department_manager, requesting_department, role_step)

__all__ = ["DEPARTMENT_HEAD", "REQUESTING_DEPARTMENT_HEAD", "ChainSpec", "Condition", "FollowUp",
           "RequiredAttachment", "Step", "department_manager", "requesting_department", "role_step"]
