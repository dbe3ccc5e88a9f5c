"""Web app and HTTP API (``storybrief serve``; needs the ``web`` extra)."""
