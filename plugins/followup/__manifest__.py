{
    "name": "followup",
    "version": "1.0.0",
    "summary": "Shared follow-up base: call log and outcomes, the three-failure invalid-number rule and its "
    "verification loop, complaint cases, the newspaper competitor-ad log, ceremony gifts",
    "description": "Used by sales_followup and service_followup; carries the callback rule of the manual "
    "(4.4.1 E, 4.5.1 E) once for both.",
    "depends": [],
    "covers": [],
    "author": "crdesk developers",
    "license": "Apache-2.0",
}
