"""SMS gateways: what actually hands a message to an operator."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from core import config
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
    """Appends each message as one JSON line to ``sms_outbox`` (``$CRDESK_SMS_OUTBOX``).

    The default is ``sms-outbox.jsonl`` in the data folder; the file is mode
    0600 because it holds full phone numbers.
    """

    name = "file"

    def __init__(self, path: Path | None = None, *, database_url: str | None = None) -> None:
        self._path = path
        self._database_url = database_url

    @property
    def path(self) -> Path:
        if self._path is None:
            settings = config.current()
            if settings.sms_outbox is not None:
                config.ensure_private_dir(settings.sms_outbox.parent)
                self._path = settings.sms_outbox
            else:
                self._path = config.data_dir(database_url=self._database_url, settings=settings) / "sms-outbox.jsonl"
        return self._path

    def send(self, phone: str, body: str, *, message_id: int) -> GatewayResult:
        line = json.dumps(
            {"id": message_id, "phone": phone, "body": body, "at": utcnow().isoformat()}, ensure_ascii=False
        )
        config.append_private(self.path, line + "\n")
        return GatewayResult(True, reference=f"file:{self.path.name}:{message_id}")
