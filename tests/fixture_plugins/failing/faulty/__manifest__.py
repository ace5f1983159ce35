{"name": "faulty", "version": "1.0", "summary": "its migration fails half-way"}
