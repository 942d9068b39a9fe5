"""The one part of the build that pyproject.toml cannot say: the bundled data folders.

``schemas/`` and ``resources/samples/`` stay top-level folders of the repository (the docs,
the tests and a checkout's app read them there). The wheel carries them inside the package,
as ``annotator/_schemas`` and ``annotator/_samples``, mapped here with ``package_dir``: no
copies in the tree and no ``data_files``. ``annotator.paths`` looks in both places.
"""

from setuptools import find_packages, setup

DATA_PACKAGES = {"annotator._schemas": "schemas", "annotator._samples": "resources/samples"}

setup(
    packages=[*find_packages(include=["annotator", "annotator.*"]), *DATA_PACKAGES],
    package_dir=DATA_PACKAGES,
)
