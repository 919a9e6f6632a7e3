"""The Spark engine gives the embedded engine's clusters (marked ``spark``; needs
pyspark, pyarrow and Java 17, which CI installs)."""
import json
import os
import sys

import numpy as np
import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")

from textkit import _core, dedup  # noqa: E402
from textkit.cli import main  # noqa: E402
from textkit.spark import connected_components  # noqa: E402
from textkit.spark import dedup as spark_dedup  # noqa: E402

pytestmark = pytest.mark.spark


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    from pyspark.sql import SparkSession
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # Spark's Python workers run in the JVM's working folder with it first on
    # sys.path: started from the checkout, they would import the uncompiled
    # source tree instead of the installed textkit.
    here = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("spark-cwd"))
    try:
        session = (SparkSession.builder.master("local[2]").appName("textkit-tests")
                   .config("spark.ui.enabled", "false")
                   .config("spark.sql.shuffle.partitions", "4")
                   .config("spark.default.parallelism", "4")
                   .config("spark.driver.memory", "1g")
                   .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                   .getOrCreate())
    finally:
        os.chdir(here)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def rows_of(corpus):
    return [(f"d{i:03d}", text, i) for i, text in enumerate(corpus)]


def test_connected_components_match_the_kernel(spark):
    rng = np.random.default_rng(11)
    for nodes, count in ((30, 25), (200, 150), (60, 0)):
        a, b = rng.integers(0, nodes, count), rng.integers(0, nodes, count)
        # a long path as well: many rounds of stars
        a = np.concatenate((a, np.arange(nodes, nodes + 40)))
        b = np.concatenate((b, np.arange(nodes + 1, nodes + 41)))
        edges = spark.createDataFrame([(int(x), int(y)) for x, y in zip(a, b)], "src long, dst long")
        got = {r.node: r.label for r in connected_components(edges).collect()}
        want = _core.component_labels(nodes + 41, a.astype(np.int64), b.astype(np.int64))
        touched = set(a.tolist()) | set(b.tolist())
        assert got == {n: int(want[n]) for n in touched}


@pytest.mark.parametrize("keep,verify", [("first", "exact"), ("longest", "exact"),
                                         ("first", "estimate")])
def test_same_clusters_as_the_embedded_engine(spark, corpus, keep, verify):
    df = spark.createDataFrame(rows_of(corpus), "id string, text string, n long").repartition(3)
    out = spark_dedup(df, "text", "id", 0.6, keep=keep, verify=verify, order_col="n").collect()
    embedded = dedup(corpus, 0.6, keep=keep, verify=verify)
    assert [r.n for r in out] == list(range(len(corpus)))
    assert [r.reason for r in out] == [d.reason for d in embedded.decisions]
    assert [r.keep for r in out] == [d.kept for d in embedded.decisions]
    assert [r.duplicate_of for r in out] == [
        None if d.duplicate_of is None else f"d{d.duplicate_of:03d}" for d in embedded.decisions]
    sims = [r.similarity for r in out]
    for got, d in zip(sims, embedded.decisions):
        assert (got is None) == (d.similarity is None)
        if got is not None:
            assert got == pytest.approx(d.similarity, abs=1e-12)
    clusters = {}
    for r in out:
        if r.cluster is not None:
            clusters.setdefault(r.cluster, []).append(r.n)
    assert sorted(clusters.values()) == sorted([m[0] for m in c.members] for c in embedded.clusters)
    assert len(clusters) > 10


def test_only_kept_and_default_order(spark, corpus):
    df = spark.createDataFrame(rows_of(corpus), "id string, text string, n long").coalesce(1)
    kept = spark_dedup(df, threshold=0.6, only_kept=True).collect()
    embedded = dedup(corpus, 0.6)
    assert [r.n for r in kept] == embedded.kept
    assert kept[0].asDict().keys() == {"id", "text", "n"}


def test_bad_input_is_named(spark):
    df = spark.createDataFrame([("a", "one two three"), ("b", None)], "id string, text string")
    with pytest.raises(ValueError, match="no column 'body'"):
        spark_dedup(df, "body")
    with pytest.raises(ValueError, match="no column 'key'.*id_col=None"):
        spark_dedup(df, "text", "key")
    no_ids = spark_dedup(df.drop("id").where("text is not null"), id_col=None).collect()
    assert [r.reason for r in no_ids] == ["unique"]
    with pytest.raises(Exception, match="null in column 'text'"):
        spark_dedup(df, "text").collect()
    clash = spark.createDataFrame([("x", True)], "text string, keep boolean")
    with pytest.raises(ValueError, match="already has column"):
        spark_dedup(clash, id_col=None)


def test_cli_spark_engine_over_jsonl_and_parquet(spark, runner, corpus, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i:03d}", "text": t}) + "\n"
                           for i, t in enumerate(corpus)))
    pq.write_table(pa.table({"id": [f"d{i:03d}" for i in range(len(corpus))], "text": corpus}),
                   tmp_path / "in.parquet", row_group_size=50)
    embedded = runner.invoke(main, ["dedup", str(src), "--threshold", "0.6", "-q"])
    want = [json.loads(line)["id"] for line in embedded.stdout.splitlines()]
    for name, out_name in (("in.jsonl", "out-json"), ("in.parquet", "out-parquet-as-json"),
                           ("in.parquet", "out.parquet")):
        out = tmp_path / out_name
        result = runner.invoke(main, ["dedup", str(tmp_path / name), "--engine", "spark", "-o", str(out),
                                      "--threshold", "0.6", "--spark-master", "local[2]"])
        assert result.exit_code == 0, result.output
        if out_name.endswith(".parquet"):
            got = pq.read_table(sorted(out.glob("part-*.parquet"))).column("id").to_pylist()
        else:
            got = [json.loads(line)["id"] for p in sorted(out.glob("part-*.json"))
                   for line in p.read_text().splitlines()]
        assert got == want
        assert f"kept: {len(want)}," in result.stderr
