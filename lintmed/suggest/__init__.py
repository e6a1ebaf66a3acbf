"""Wording: suggestions that fit the claim's sentence, and the fixes built from them."""
