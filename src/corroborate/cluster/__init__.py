"""Cluster: analyses in, stories out; each new article joins the best story or opens one.

`clusterer.py` makes the decision over the channel vectors (`features`, `centroid`, `score`),
the candidates come from an inverted index (`index`), copies from MinHash LSH (`copies`), and
`state.py` saves and restores a clusterer so a later run continues the stream.
"""

from corroborate.cluster.clusterer import Clusterer
from corroborate.cluster.score import PARAMS, ClusterParams
from corroborate.cluster.state import load_state, save_state

__all__ = ["PARAMS", "ClusterParams", "Clusterer", "load_state", "save_state"]
