{"name": "bad", "version": "one", "summary": "a bad version"}
