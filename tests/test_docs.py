"""Docstring examples run, and every public name documents itself with one."""
import doctest
import importlib
import inspect

import pytest

import textkit

MODULES = ["textkit", "textkit._core", "textkit.minhash", "textkit.lsh", "textkit.dedup",
           "textkit.records", "textkit.cli", "textkit.unionfind", "textkit.normalize",
           "textkit.boilerplate", "textkit.clean", "textkit.repeated", "textkit.atomic",
           "textkit.quotemarks", "textkit.quotes", "textkit.quote_groups", "textkit.engine",
           "textkit.dedup_files", "textkit.shards", "textkit.spark", "textkit.pipeline",
           "textkit.report"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_pass(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


@pytest.mark.parametrize("name", [n for n in textkit.__all__ if n not in ("__version__", "EMPTY_SLOT")])
def test_public_names_have_docstrings_with_an_example(name):
    obj = getattr(textkit, name)
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{name} has no docstring"
    if inspect.isroutine(obj) or name in ("MinHasher", "LSHIndex", "RepeatedLineFilter", "CleanConfig"):
        assert ">>>" in doc, f"{name}'s docstring has no example"


def test_core_functions_are_documented_in_the_stub():
    from pathlib import Path

    import textkit._core as core
    stub = (Path(textkit.__file__).parent / "_core.pyi").read_text()
    for name in dir(core):
        obj = getattr(core, name)
        if callable(obj) and not name.startswith("_") and getattr(obj, "__module__", "") == "textkit._core":
            kind = "class" if isinstance(obj, type) else "def"
            assert f"{kind} {name}" in stub, f"_core.{name} is missing from _core.pyi"


def test_readme_python_quick_start_runs(tmp_path, monkeypatch):
    from pathlib import Path
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("```python\n", 1)[1].split("```", 1)[0]
    import shutil
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)  # the example reads seeds/ and saves an index file
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["index"].query(namespace["hasher"].signature("first text")) == [("doc-1", 1.0)]
    assert (tmp_path / "news.tklsh").exists()


def test_every_module_has_its_examples_run():
    import pkgutil
    found = {f"textkit.{m.name}" for m in pkgutil.iter_modules(textkit.__path__)}
    assert found - {"textkit.__main__"} <= set(MODULES)
