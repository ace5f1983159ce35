"""Example third-party crdesk plugin: the front desk's walk-in / call-in log (来店来电登记)."""
