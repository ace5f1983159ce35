{
    "name": "service_followup",
    "version": "1.0.0",
    "summary": "The after-sales follow-up specialist (售后回访专员): intake satisfaction calls N+3..N+5, repair and "
               "insurance callbacks, face-to-face surveys, after-sales complaints, first-maintenance cohorts and "
               "differentiated service (差异化服务)",
    "description": "Carries every SV- duty of the manual (2.5, 3.5, 4.5) on top of the follow-up base and core's "
                   "vehicle history.",
    "depends": ["followup"],
    "covers": ["SV-D1", "SV-D2", "SV-D3", "SV-D4", "SV-D5", "SV-D6", "SV-W1", "SV-W2", "SV-M1", "SV-M2", "SV-INFO",
               "SV-CALL", "SV-COMPL", "SV-RPT"],
    "author": "crdesk developers",
    "license": "Apache-2.0",
}
