"""Engines: run the pipeline over many clusters (``storybrief batch``), locally or on Ray."""
