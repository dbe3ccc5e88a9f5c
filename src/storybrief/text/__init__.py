"""Language tools the pipeline and the analysis share: words and stop words
(:mod:`words`), sentence splitting (:mod:`sentences`), web-furniture phrases
(:mod:`furniture`), TF-IDF vectors (:mod:`vectors`) and stored ISO times (:mod:`times`).
Nothing here knows about clusters or summaries."""
