{
    "name": "manager",
    "version": "1.0.0",
    "summary": "The customer relations manager (客户经理): meetings and action items, kanban check, OEM reports, "
    "department reports, budgets, plans, team records, contact log, access review, one approvals inbox",
    "description": "Carries the MGR- duties of the manual (2.1, 3.1, 4.1) and the chain APR-PROMO-ORDER; reads "
    "what the marketing and CR-system plugins hold.",
    "depends": ["marketing", "cr_system"],
    "covers": [
        "MGR-D1", "MGR-D2", "MGR-W1", "MGR-W2", "MGR-W3", "MGR-W4",
        "MGR-M1", "MGR-M2", "MGR-M3", "MGR-M4", "MGR-M5", "MGR-M6", "MGR-Q1",
        "MGR-PLAN", "MGR-INFO", "MGR-TEAM", "MGR-FUND", "MGR-PR", "MGR-CRM", "MGR-SEC",
        "APR-PROMO-ORDER",
    ],
    "author": "crdesk developers",
    "license": "Apache-2.0",
}
