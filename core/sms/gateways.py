"""SMS gateways: what actually hands a message to an operator."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from core.db.base import utcnow

ENV_OUTBOX = "CRDESK_SMS_OUTBOX"


@dataclass(frozen=True)
class GatewayResult:
    accepted: bool
    reference: str | None = None
    error: str | None = None


class SmsGateway(Protocol):
    """Send one message; return whether the gateway accepted it. Must not raise for a refused number."""

    name: str

    def send(self, phone: str, body: str, *, message_id: int) -> GatewayResult: ...


class FileGateway:
    """Appends each message as one JSON line to ``$CRDESK_SMS_OUTBOX`` (default ``sms-outbox.jsonl``)."""

    name = "file"

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(os.environ.get(ENV_OUTBOX, "sms-outbox.jsonl"))

    def send(self, phone: str, body: str, *, message_id: int) -> GatewayResult:
        line = json.dumps(
            {"id": message_id, "phone": phone, "body": body, "at": utcnow().isoformat()}, ensure_ascii=False
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        return GatewayResult(True, reference=f"file:{self.path.name}:{message_id}")
