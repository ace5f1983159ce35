{"name": "needy", "version": "1.0", "summary": "needs a plugin nobody installed", "depends": ["ghost"]}
