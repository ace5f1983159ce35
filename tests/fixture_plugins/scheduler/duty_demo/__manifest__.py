{
    "name": "duty_demo",
    "version": "1.0",
    "summary": "scheduler test plugin: every schedule kind over its own delivery table",
    "covers": ["SV-D1", "MGR-W3", "MGR-M2", "MKT-M2", "MGR-M4", "MGR-M5", "MGR-M1", "MGR-Q1", "SF-D4", "SV-D4",
               "CR-M1"],
}
