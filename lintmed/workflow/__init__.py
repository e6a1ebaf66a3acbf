"""Around the engine: files, config, changed lines, baselines, caches, the process pool, safe writes."""
