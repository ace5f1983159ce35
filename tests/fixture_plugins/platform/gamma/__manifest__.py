{"name": "gamma", "version": "0.1", "summary": "Depends on beta", "depends": ["beta"]}
