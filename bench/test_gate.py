"""The speed gate (bench/gate.py) passes on this code and fails on a slowed hot path."""
import gate


def test_hot_paths_are_within_their_limits():
    measured = gate.measure()
    failures = gate.check(measured, gate.load_limits())
    assert failures == [], "\n".join(failures)


def test_the_gate_catches_a_hot_path_doing_twice_its_work():
    paths = gate.hot_paths()
    slow = dict(paths)
    sign = paths["signatures"]
    slow["signatures"] = lambda texts: (sign(texts), sign(texts))
    attribute = paths["attribute"]
    slow["attribute"] = lambda texts: (attribute(texts), attribute(texts[: len(texts) // 2]))
    failures = gate.check(gate.measure(slow, rounds=5), gate.load_limits())
    assert [line.split(":")[0] for line in failures] == ["signatures", "attribute"], failures
