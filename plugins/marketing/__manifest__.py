{
    "name": "marketing",
    "version": "1.0.0",
    "summary": "The marketing specialist (市场专员): monthly ad plan, price tracking, activities in 13 stages with "
    "budgets and evidence, store display, press rules, daily and weekly market information",
    "description": "Carries the MKT- duties of the manual (2.2, 3.2, 4.2) and the chains APR-ADPLAN, APR-PRICE, "
    "APR-ACTIVITY, APR-SIGNAGE and APR-DISPLAY; money goes through core's general chains.",
    "depends": [],
    "covers": [
        "MKT-M1",
        "MKT-M2",
        "MKT-ACT",
        "MKT-PR",
        "MKT-STORE",
        "MKT-D1",
        "MKT-D2",
        "MKT-W1",
        "MKT-M3",
        "MKT-ARCH",
        "MKT-FIN",
        "APR-ADPLAN",
        "APR-PRICE",
        "APR-ACTIVITY",
        "APR-SIGNAGE",
        "APR-DISPLAY",
    ],
    "author": "crdesk developers",
    "license": "Apache-2.0",
}
