"""Language tools the pipeline and the analysis share: words and stop words
(:mod:`words`), sentence splitting (:mod:`sentences`), web-furniture phrases
(:mod:`furniture`) and TF-IDF vectors (:mod:`vectors`).  Nothing here knows about clusters
or summaries."""
