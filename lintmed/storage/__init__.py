"""Files in and out, below everything else: collecting and reading files, the cache folder
(rule set, lemma table, prefilter, results), atomic writes, and the data codec the cache uses."""
