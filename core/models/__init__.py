"""Core tables. Importing this package registers them on :data:`core.db.Base.metadata`."""
from core.models.approvals import ApprovalAttachment, ApprovalDecision, ApprovalRequest, ApprovalStep
from core.models.audit import AuditEntry
from core.models.customers import Customer, CustomerConsent
from core.models.forms import Attachment, FormAnswer, FormSubmission, FormVersion
from core.models.history import Delivery, ServiceType, ServiceTypeAlias, ServiceVisit
from core.models.people import Department, Role, Store, User, UserRole, UserStore
from core.models.plugin_state import PluginState
from core.models.reports import ReportArchive
from core.models.settings import SettingValue
from core.models.sms import SmsMessage
from core.models.tasks import CalendarNotice, CalendarOverride, Task, TaskWatermark
from core.models.vehicles import Vehicle, VehicleOwnership

__all__ = ["ApprovalAttachment", "ApprovalDecision", "ApprovalRequest", "ApprovalStep", "Attachment",
           "FormAnswer", "FormSubmission", "FormVersion",
           "AuditEntry", "CalendarNotice", "CalendarOverride", "Department", "PluginState", "Role", "Store", "Task",
           "TaskWatermark", "User", "UserRole", "UserStore", "ReportArchive", "SettingValue", "SmsMessage",
           "Customer", "CustomerConsent", "Delivery", "ServiceType", "ServiceTypeAlias", "ServiceVisit",
           "Vehicle", "VehicleOwnership"]
