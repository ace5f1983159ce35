{"name": "broken", "version": "0.1.0", "summary": "fails on import"}
