{"name": "bench_sched", "version": "1.0",
 "summary": "benchmark plugin: delivery and service-visit callbacks over core's tables",
 "covers": ["SF-D4", "SV-D4"]}
