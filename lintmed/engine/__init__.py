"""One page in, findings out: readers' blocks -> sentences -> matches -> context -> findings."""
