{
    "name": "alpha",
    "version": "1.0.0",
    "summary": "Test plugin with a table of its own",
    "depends": [],
    "covers": ["CR-M4"],
}
