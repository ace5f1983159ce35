"""The SMS outbox: queue messages to customers, send them once, honour opt-outs.

The gateway is a plugin's choice (``resolve_sms_gateway``); core's default
writes each message to a local JSON-lines file for a person or a script to
hand to the operator.
"""

from core.sms.gateways import FileGateway, GatewayResult, SmsGateway
from core.sms.outbox import QueueResult, SendResult, compose, queue, send_pending, settle

__all__ = [
    "FileGateway",
    "GatewayResult",
    "QueueResult",
    "SendResult",
    "SmsGateway",
    "compose",
    "queue",
    "send_pending",
    "settle",
]
