{
    "name": "walkin",
    "version": "1.0.0",
    "summary": "Walk-in / call-in log kept by the front desk (来店来电登记)",
    "description": "An example plugin to copy: one table with its migration, a command group, JSON output.",
    "depends": [],
    "covers": [],
    "author": "crdesk developers",
    "license": "Apache-2.0",
}
