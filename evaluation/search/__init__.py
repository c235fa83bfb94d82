"""The search evaluation: judged query sets (judgments), typed variants of queries, metrics, our engine, Material's
and MiniSearch's run on the same site, and a BM25 reference."""
