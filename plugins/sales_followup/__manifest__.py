{
    "name": "sales_followup",
    "version": "1.0.0",
    "summary": "The sales follow-up specialist (销售回访专员): new-owner callbacks N+3..N+5, satisfaction surveys, "
               "complaints, the invalid-number loop with 销售部, members, ads log and the monthly reports",
    "description": "Carries every SF- duty of the manual (2.4, 3.4, 4.4) on top of the follow-up base.",
    "depends": ["followup"],
    "covers": ["SF-D1", "SF-D2", "SF-D3", "SF-D4", "SF-D5", "SF-D6", "SF-W1", "SF-W2", "SF-M1", "SF-M2", "SF-M3",
               "SF-M4", "SF-Q1", "SF-MEM", "SF-INFO", "SF-COMPL", "SF-RPT"],
    "author": "crdesk developers",
    "license": "Apache-2.0",
}
