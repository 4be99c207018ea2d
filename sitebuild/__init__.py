"""Build pipeline for the site: content loading and validation, rendering, assets, and the build swap."""
