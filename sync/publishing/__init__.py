"""The publishing-folder format: a meeting pack as a folder the secretariat fills."""
