"""Build the Cython core, and compile quotes.py with Cython too.  Metadata
lives in pyproject.toml.

quotes.py stays plain Python: the source of truth, and what runs when it is
not compiled.  Compiled, its rule loop runs without the interpreter's
dispatch (about 1.15x faster attribution, bench/eval_quotes.py); the
compiled module is found before the .py on import.

Set TEXTKIT_DEBUG=1 to build with bounds, wraparound and initialisation
checks back on (the test suite can run against such a build), and
TEXTKIT_PURE_PYTHON=1 to leave quotes.py uncompiled (for profilers that
read Python frames: cProfile, line_profiler, py-spy).
"""
import os
import sys

import numpy as np
from Cython.Build import cythonize
from setuptools import Extension, setup

DEBUG = os.environ.get("TEXTKIT_DEBUG", "") not in ("", "0")
PURE_PYTHON = os.environ.get("TEXTKIT_PURE_PYTHON", "") not in ("", "0")

directives = {
    "language_level": 3,
    "boundscheck": DEBUG,
    "wraparound": DEBUG,
    "initializedcheck": DEBUG,
    "cdivision": True,
    "embedsignature": True,
}

if sys.platform == "win32":
    compile_args = ["/O2"]
else:
    compile_args = ["-O0", "-g"] if DEBUG else ["-O3"]

core = Extension(
    "textkit._core",
    ["textkit/_core.pyx"],
    include_dirs=[np.get_include()],
    define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
    extra_compile_args=compile_args,
)
modules = cythonize([core], compiler_directives=directives)
if not PURE_PYTHON:
    # Python semantics kept whole: negative indices and bounds checks on, and
    # annotations read as documentation, not as C types to enforce.
    python_semantics = {"language_level": 3, "annotation_typing": False}
    quotes = Extension("textkit.quotes", ["textkit/quotes.py"], extra_compile_args=compile_args)
    modules += cythonize([quotes], compiler_directives=python_semantics)

setup(ext_modules=modules)
