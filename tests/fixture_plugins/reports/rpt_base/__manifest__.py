{
    "name": "rpt_base",
    "version": "1.0.0",
    "summary": "Report engine test plugin: a callback report, a weekly ad report and thank-you letters",
    "depends": [],
    "covers": ["SF-RPT", "CR-D2"],
}
