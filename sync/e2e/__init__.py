"""Private notes the server cannot read (docs/spec/e2e-notes.md).

Pure functions only: no database, no HTTP, no Qt. ``seal`` holds the notes key and
the AEAD over one annotation; ``wrap`` carries the notes key to a device's X25519
key from enrollment (and to the recovery key); ``approval`` is the commit-then-reveal
short code a reader compares when she approves a new device; ``recovery`` encodes the
recovery key she writes down; ``wire`` is the e2e part of the wire format, which the
server imports like ``sync.protocol``.
"""
