{
    "name": "dealer_chains",
    "version": "1.0.0",
    "summary": "Test plugin: the fourteen approval chains of the catalogue besides APR-SMS",
    "depends": [],
    "covers": ["APR-APPLY", "APR-CONTRACT", "APR-STAMP", "APR-PAY", "APR-LOAN", "APR-REIMB", "APR-PROMO-ORDER",
               "APR-PROMO-REIMB", "APR-ADPLAN", "APR-PRICE", "APR-SIGNAGE", "APR-DISPLAY", "APR-ACTIVITY",
               "APR-LETTER"],
}
