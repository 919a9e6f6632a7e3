"""Near-duplicate detection on Apache Spark, with the embedded engine's kernels and results.

``dedup(df, ...)`` takes a PySpark DataFrame with a text column and returns
its rows with the dedup decision of each (or only the kept rows).  It needs
``pip install 'textkit[spark]'`` on the driver and textkit on every executor
(README: "Running on a Spark cluster").

The steps are those of ``textkit.engine``, written with the DataFrame API:

1. sketches on the executors (``mapInArrow`` calling
   ``_core.dedup_sketch_batch``): band keys, fingerprint, length, payload;
2. exact groups: rows with the same fingerprint, each linked to the first;
3. candidate pairs: the first rows grouped by (band, key), each member
   linked to its bucket's smallest order number and to the member before it
   (the embedded engine's rule), verified by the same kernel
   (``_core.payload_overlaps``);
4. connected components of verified pairs and exact links by the
   large-star / small-star algorithm (Kiveris et al., "Connected Components
   in MapReduce and Beyond", SoCC 2014), each round checkpointed so the
   plan stays short; no GraphFrames needed;
5. the kept row of each cluster (first or longest) and each member's
   similarity to it.

Order: "first" means first in the DataFrame's order, taken once with
``monotonically_increasing_id`` (file order for files read by Spark);
``order_col`` names a column to use instead.  The clusters are the same as
the embedded engine's on the same rows in the same order and settings.
"""
from __future__ import annotations

from typing import Iterator, Optional

import numpy as np

from textkit import _core
from textkit.engine import DedupSettings, similarities
from textkit.minhash import nfc_batch

#: Columns ``dedup`` adds to the rows it returns.
OUTPUT_COLUMNS = ("cluster", "keep", "reason", "duplicate_of", "similarity")


def _require_pyspark():
    try:
        import pyspark  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise ImportError("textkit.spark needs pyspark and pyarrow: pip install 'textkit[spark]'") from exc


def _sketch_batches(batches: Iterator, text_col: str, settings: DedupSettings) -> Iterator:
    """mapInArrow body: each Arrow batch of (order, text) to its sketch rows."""
    import pyarrow as pa
    bands, rows = settings.params
    for batch in batches:
        order = batch.column("_tk_order")
        texts = batch.column(text_col).to_pylist()
        bad = [i for i, t in enumerate(texts) if not isinstance(t, str)]
        if bad:
            i = bad[0]
            raise ValueError(f"textkit.spark.dedup: row with order {order[i].as_py()} has "
                             f"{'a null' if texts[i] is None else type(texts[i]).__name__} in "
                             f"column {text_col!r}, expected a string; filter or fill such rows first")
        texts = nfc_batch(texts)
        keys, fps, values, counts = _core.dedup_sketch_batch(
            texts, settings.shingle, settings.n, settings.num_perm, settings.seed, bands, rows,
            settings.payload)
        offsets = np.zeros(counts.shape[0] + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        payloads = pa.LargeBinaryArray.from_buffers(
            pa.large_binary(), counts.shape[0], [None, pa.py_buffer(offsets * 4),
                                                 pa.py_buffer(values.tobytes())])
        band_list = pa.ListArray.from_arrays(
            pa.array(np.arange(0, keys.size + 1, bands, dtype=np.int32)),
            pa.array(keys.reshape(-1).view(np.int64)))
        yield pa.RecordBatch.from_arrays(
            [order, pa.array(fps[:, 0].view(np.int64)), pa.array(fps[:, 1].view(np.int64)),
             pa.array(np.fromiter((len(t) for t in texts), np.int64, len(texts))), band_list,
             payloads.cast(pa.binary())],
            names=["order", "fp_a", "fp_b", "length", "bands", "payload"])


def _similarity_batches(batches: Iterator, settings: DedupSettings) -> Iterator:
    """mapInArrow body: rows (a, b, payload_a, payload_b) to (a, b, similarity)."""
    import pyarrow as pa
    for batch in batches:
        first = batch.column("payload_a").to_pylist()
        second = batch.column("payload_b").to_pylist()
        count = len(first)
        blobs = [np.frombuffer(p, dtype="<u4") for p in first + second]
        sizes = np.array([b.shape[0] for b in blobs], dtype=np.int64)
        offsets = np.zeros(2 * count + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        values = np.concatenate(blobs).astype(np.uint32) if blobs else np.empty(0, np.uint32)
        la = np.arange(count, dtype=np.int64)
        common = _core.payload_overlaps(values, offsets, la, la + count, settings.payload)
        sims = similarities(common, sizes[:count], sizes[count:], settings)
        yield pa.RecordBatch.from_arrays([batch.column("a"), batch.column("b"), pa.array(sims)],
                                         names=["a", "b", "similarity"])


def connected_components(edges, checkpoint: bool = True, max_rounds: int = 100):
    """Label of every node in ``edges`` (columns ``src``, ``dst``, long): the
    smallest node of its component, by alternating large-star and small-star.

    Returns a DataFrame (node, label) over the nodes that appear in an edge.
    Each round is checkpointed (``localCheckpoint`` unless the session has a
    checkpoint folder, when ``checkpoint``) to keep the plan short.
    """
    from pyspark.sql import functions as F

    def cut(df):
        if not checkpoint:
            return df
        context = df.sparkSession.sparkContext
        return df.checkpoint() if context.getCheckpointDir() else df.localCheckpoint()

    def both_ways(df):
        return df.select("src", "dst").union(df.select(F.col("dst").alias("src"), F.col("src").alias("dst")))

    e = cut(edges.select(F.col("src").cast("long"), F.col("dst").cast("long"))
            .where(F.col("src") != F.col("dst")).distinct())
    for _ in range(max_rounds):
        # large-star: every larger neighbour of u points to the smallest of u's neighbourhood
        undirected = both_ways(e)
        smallest = undirected.groupBy("src").agg(F.min("dst").alias("m"))
        smallest = smallest.select("src", F.least("src", "m").alias("m"))
        large = (undirected.join(smallest, "src").where(F.col("dst") > F.col("src"))
                 .select(F.col("dst").alias("src"), F.col("m").alias("dst")).distinct())
        # small-star: u and its smaller neighbours point to the smallest of them
        directed = large.select(F.greatest("src", "dst").alias("src"), F.least("src", "dst").alias("dst"))
        low = directed.groupBy("src").agg(F.min("dst").alias("m"))
        small = (directed.join(low, "src").select(F.col("dst").alias("src"), F.col("m").alias("dst"))
                 .union(low.select("src", F.col("m").alias("dst")))
                 .where(F.col("src") != F.col("dst")).distinct())
        e = cut(small)
        # Converged when the edges are disjoint stars: every node points at
        # one node, and that node points nowhere (it is its component's least).
        pointing = e.select(F.col("src").alias("dst")).distinct()
        if (e.join(pointing, "dst").limit(1).count() == 0
                and e.count() == e.select("src").distinct().count()):
            break
    else:
        raise RuntimeError(f"connected components did not converge in {max_rounds} rounds")
    nodes = both_ways(e).select(F.col("src").alias("node")).distinct()
    labels = e.select(F.col("src").alias("node"), F.col("dst").alias("label"))
    return (nodes.join(labels, "node", "left")
            .select("node", F.coalesce("label", "node").alias("label")))


def dedup(df, text_col: str = "text", id_col: Optional[str] = "id", threshold: float = 0.8, *,
          shingle: str = "word", n: int = 5, num_perm: int = 128, seed: int = 1,
          params: Optional[tuple[int, int]] = None, verify: str = "exact", keep: str = "first",
          order_col: Optional[str] = None, only_kept: bool = False, checkpoint: bool = True):
    """Find exact and near duplicates among the rows of a Spark DataFrame.

    Args:
        df: a PySpark DataFrame with a string column ``text_col``.
        id_col: the column naming each row (default "id"): ``duplicate_of``
            holds the kept row's id.  None: it holds the kept row's order
            number instead.
        threshold, shingle, n, num_perm, seed, params, verify, keep: as in
            ``textkit.dedup``.
        order_col: a column giving the rows' order for keep="first" and
            ties of "longest"; by default the DataFrame's own order.
        only_kept: return only the kept rows (input columns only).
        checkpoint: checkpoint each round of the components (set a
            checkpoint folder on the SparkContext for reliable checkpoints;
            local checkpoints are used otherwise).

    Returns:
        The input rows with ``cluster`` (the order number of the cluster's
        first row, null for a unique row), ``keep`` (bool), ``reason``
        ("unique", "kept", "exact" or "near"), ``duplicate_of`` and
        ``similarity`` (to the kept row), or only the kept rows.

    Example:
        >>> from textkit.spark import dedup          # doctest: +SKIP
        >>> df = spark.read.parquet("news/")          # doctest: +SKIP
        >>> dedup(df, "text", "id", 0.8, only_kept=True).write.parquet("news-dedup/")  # doctest: +SKIP
    """
    _require_pyspark()
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    settings = DedupSettings.make(threshold, shingle=shingle, n=n, num_perm=num_perm, seed=seed,
                                  params=params, verify=verify, keep=keep)
    columns = df.columns
    if text_col not in columns:
        raise ValueError(f"the DataFrame has no column {text_col!r} (columns: {', '.join(columns)})")
    for name, option in ((id_col, "id_col"), (order_col, "order_col")):
        if name is not None and name not in columns:
            raise ValueError(f"the DataFrame has no column {name!r} (columns: {', '.join(columns)}); "
                             f"pass {option}= to name one" + (", or id_col=None" if option == "id_col" else ""))
    clash = [c for c in OUTPUT_COLUMNS + ("_tk_order",) if c in columns]
    if clash:
        raise ValueError(f"the DataFrame already has column(s) {', '.join(clash)}; rename them first")
    order = F.col(order_col).cast("long") if order_col else F.monotonically_increasing_id()
    rows = df.withColumn("_tk_order", order)
    if checkpoint:
        # monotonically_increasing_id must be computed once, not once per use
        rows = rows.localCheckpoint()

    sketch_schema = T.StructType([
        T.StructField("order", T.LongType()), T.StructField("fp_a", T.LongType()),
        T.StructField("fp_b", T.LongType()), T.StructField("length", T.LongType()),
        T.StructField("bands", T.ArrayType(T.LongType())), T.StructField("payload", T.BinaryType())])
    sketches = rows.select("_tk_order", text_col).mapInArrow(
        lambda batches: _sketch_batches(batches, text_col, settings), sketch_schema)
    if checkpoint:
        sketches = sketches.localCheckpoint()

    # 2. exact groups
    groups = sketches.groupBy("fp_a", "fp_b").agg(F.min("order").alias("group_first"))
    docs = sketches.join(groups, ["fp_a", "fp_b"]).select("order", "group_first", "length", "payload",
                                                         "bands")
    if checkpoint:
        docs = docs.localCheckpoint()
    exact_links = docs.where(F.col("order") != F.col("group_first")).select(
        F.col("order").alias("src"), F.col("group_first").alias("dst"))

    # 3. candidates among group firsts, verified
    firsts = docs.where(F.col("order") == F.col("group_first"))
    buckets = firsts.select("order", F.posexplode("bands").alias("band", "key"))
    # each member with its bucket's first and with its predecessor, as the
    # embedded engine (textkit.engine._bucket_pairs): at most 2k pairs a bucket
    in_bucket = Window.partitionBy("band", "key").orderBy("order")
    ranked = buckets.select("order", F.first("order").over(in_bucket).alias("first"),
                            F.lag("order").over(in_bucket).alias("prev"))
    star = ranked.where(F.col("order") != F.col("first")).select(
        F.col("first").alias("a"), F.col("order").alias("b"))
    chain = ranked.where(F.col("prev").isNotNull() & (F.col("prev") != F.col("first"))).select(
        F.col("prev").alias("a"), F.col("order").alias("b"))
    pairs = star.union(chain).distinct()
    payloads = docs.select("order", "payload")

    def with_similarity(pair_rows):
        joined = (pair_rows.join(payloads.select(F.col("order").alias("a"), F.col("payload").alias("payload_a")), "a")
                  .join(payloads.select(F.col("order").alias("b"), F.col("payload").alias("payload_b")), "b"))
        schema = T.StructType([T.StructField("a", T.LongType()), T.StructField("b", T.LongType()),
                               T.StructField("similarity", T.DoubleType())])
        return joined.select("a", "b", "payload_a", "payload_b").mapInArrow(
            lambda batches: _similarity_batches(batches, settings), schema)

    verified = with_similarity(pairs).where(F.col("similarity") >= settings.threshold)
    edges = verified.select(F.col("a").alias("src"), F.col("b").alias("dst")).union(exact_links)

    # 4. components
    labels = connected_components(edges, checkpoint)

    # 5. kept row and similarity
    members = docs.select("order", "group_first", "length").join(
        labels.select(F.col("node").alias("order"), "label"), "order", "left")
    members = members.withColumn("label", F.coalesce("label", "order"))
    sizes = members.groupBy("label").agg(F.count("*").alias("size"))
    if settings.keep == "first":
        reps = members.groupBy("label").agg(F.min("order").alias("rep"))
    else:
        best = members.groupBy("label").agg(F.max("length").alias("best"))
        reps = (members.join(best, "label").where(F.col("length") == F.col("best"))
                .groupBy("label").agg(F.min("order").alias("rep")))
    decided = members.join(sizes, "label").join(reps, "label")
    rep_group = decided.select(F.col("order").alias("rep"), F.col("group_first").alias("rep_group"))
    decided = decided.join(rep_group, "rep")
    reason = (F.when(F.col("size") == 1, "unique").when(F.col("order") == F.col("rep"), "kept")
              .when(F.col("group_first") == F.col("rep_group"), "exact").otherwise("near"))
    decided = decided.withColumn("reason", reason)
    near = decided.where(F.col("reason") == "near").select(
        F.col("group_first").alias("a"), F.col("rep_group").alias("b")).distinct()
    near_sims = with_similarity(near)
    decided = (decided.join(near_sims, (decided.group_first == near_sims.a) & (decided.rep_group == near_sims.b), "left")
               .select("order", "label", "size", "rep", "reason",
                       F.when(decided.reason == "exact", F.lit(1.0)).otherwise(near_sims.similarity)
                       .alias("similarity")))
    out = rows.join(decided.withColumnRenamed("order", "_tk_order"), "_tk_order")
    if id_col is not None:
        rep_ids = rows.select(F.col("_tk_order").alias("rep"), F.col(id_col).alias("_tk_rep_id"))
        out = out.join(rep_ids, "rep", "left")
        duplicate_of = F.col("_tk_rep_id")
    else:
        duplicate_of = F.col("rep")
    is_dup = F.col("reason").isin("exact", "near")
    out = out.select(
        *columns,
        F.when(F.col("size") > 1, F.col("label")).alias("cluster"),
        (~is_dup).alias("keep"),
        F.col("reason"),
        F.when(is_dup, duplicate_of).alias("duplicate_of"),
        F.when(is_dup, F.col("similarity")).alias("similarity"),
        "_tk_order").orderBy("_tk_order").drop("_tk_order")
    if only_kept:
        return out.where(F.col("keep")).select(*columns)
    return out



def dedup_paths(paths: list[str], output: str, clusters: Optional[str] = None, *,
                text_col: str = "text", id_col: Optional[str] = "id", master: Optional[str] = None,
                **options) -> dict[str, int]:
    """``textkit dedup --engine spark``: read JSONL (optionally .gz) or Parquet
    files with Spark, dedup them, and write the kept rows to the folder
    ``output`` (JSON lines, or Parquet when it ends in .parquet) and, with
    ``clusters``, the decisions of rows in clusters to that folder.  Returns
    the count of each reason.  Rows keep the files' order; JSON rows are
    written back by Spark (fields in its order, nulls left out).
    """
    _require_pyspark()
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    parquet = [p for p in paths if p.endswith(".parquet")]
    jsonl = [p for p in paths if p.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"))]
    other = [p for p in paths if p not in parquet and p not in jsonl]
    if other or (parquet and jsonl):
        raise ValueError("--engine spark reads either .jsonl/.ndjson (optionally .gz) files or "
                         f".parquet files, not both or others; got {(other or paths)[0]}")
    builder = SparkSession.builder.appName("textkit dedup").config("spark.ui.showConsoleProgress", "false")
    if master:
        builder = builder.master(master)
    spark = builder.getOrCreate()
    context = spark.sparkContext
    if context.master.startswith("local") and not context.getConf().contains("spark.sql.shuffle.partitions"):
        # 200 shuffle partitions (Spark's default, sized for clusters) make a
        # local run mostly task overhead.
        spark.conf.set("spark.sql.shuffle.partitions", str(max(4, 2 * context.defaultParallelism)))
    df = spark.read.parquet(*parquet) if parquet else spark.read.json(jsonl)
    if id_col is not None and id_col not in df.columns:
        id_col = None
    result = dedup(df, text_col, id_col, **options).cache()
    columns = df.columns
    kept = result.where(F.col("keep")).select(*columns)
    if output.endswith(".parquet"):
        kept.write.parquet(output)
    else:
        kept.write.json(output)
    if clusters:
        named = [id_col] if id_col else []
        (result.where(F.col("cluster").isNotNull())
         .select(*named, "cluster", "reason", "duplicate_of", "similarity").write.json(clusters))
    counts = {row["reason"]: row["count"] for row in result.groupBy("reason").count().collect()}
    result.unpersist()
    return counts
