{"name": "beta", "version": "0.2", "summary": "Depends on alpha", "depends": ["alpha"]}
