{"name": "ca", "version": "1.0", "summary": "cycle a", "depends": ["cb"]}
