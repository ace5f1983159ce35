{
    "name": "dealer_chains",
    "version": "1.0.0",
    "summary": "Test plugin: the eight approval chains of the catalogue core does not own",
    "depends": [],
    "covers": ["APR-PROMO-ORDER", "APR-PROMO-REIMB", "APR-ADPLAN", "APR-PRICE", "APR-SIGNAGE", "APR-DISPLAY", "APR-ACTIVITY",
               "APR-LETTER"],
}
