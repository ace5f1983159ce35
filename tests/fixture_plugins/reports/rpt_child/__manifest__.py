{
    "name": "rpt_child",
    "version": "1.0.0",
    "summary": "Report engine test plugin that overrides rpt_base's callback template",
    "depends": ["rpt_base"],
    "covers": [],
}
