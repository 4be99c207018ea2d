"""The one rule for a build id: a short hash of named inputs, so the same inputs always give the same id and any
change to one of them gives a new id. The screener's id (form.json, manifest.json: which wheel, runtime and form
belong together) and the service worker's cache name (every file of the site) are both made here."""
import hashlib

LENGTH = 20  # hex characters: 80 bits, far beyond any chance of two builds colliding


def build_id(parts) -> str:
    """parts: (name, bytes) pairs, in a stable order."""
    digest = hashlib.sha256()
    for name, data in parts:
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()[:LENGTH]
