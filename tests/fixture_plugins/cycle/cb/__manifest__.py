{"name": "cb", "version": "1.0", "summary": "cycle b", "depends": ["ca"]}
