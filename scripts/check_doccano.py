"""Import both doccano exports with doccano's own import pipeline, into the projects they name.

doccano is not a dependency of annotator, so this runs by hand, with annotator's Python::

    .venv/bin/python scripts/check_doccano.py [--venv DIR] [--keep]

It makes a temporary folder with its own virtual environment (``pip install doccano``;
``--venv DIR`` reuses or fills DIR), exports the multilingual test corpus
(``tests/io/export_corpus.py``) as ``doccano`` and ``doccano-relations``, and then, inside
doccano's Django application (its settings, a fresh SQLite database, its migrations):

1. creates a Sequence Labeling project with doccano's default settings and imports the
   ``doccano`` file as JSONL through ``data_import.datasets.load_dataset`` (what doccano's
   upload task runs, without the web server and Celery around it);
2. creates a Sequence Labeling project with "Use relation labeling" and "Allow overlapping
   entity" on, as the ``doccano-relations`` report asks, and imports that file as
   JSONL(Relation) the same way;
3. reads back what doccano stored (examples, spans with their UTF-16 offsets and labels,
   relations) and compares it with the files: every span and relation must be there, none
   cleaned away, and doccano must report no import errors.

Exit code 0 when doccano stored everything; the findings are printed either way.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def install(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not (venv / "bin" / "doccano").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        # doccano 1.8.4's loose pins pull in marshmallow 4 (its environs breaks on it) and
        # numpy 2 (its pandas 1.5 was built for numpy 1).
        pip = [str(venv / "bin" / "pip"), "install", "-q", "doccano", "marshmallow<4", "numpy<2"]
        subprocess.run(["nice", "-n", "19", *pip], check=True)
    return python


def export(folder: Path) -> None:
    """Both doccano files of the test corpus (runs under annotator's Python)."""
    sys.path.insert(0, str(REPO))
    from annotator.core.model import Status
    from annotator.io import exporters
    from tests.io.export_corpus import build

    corpus = build(folder / "source.sqlite3", folder)
    for name in ("doccano", "doccano-relations"):
        report = exporters.get(name).write(
            corpus.store,
            folder / f"{name}.jsonl",
            exporters.ExportOptions(statuses=frozenset({Status.DONE})),
        )
        print(f"{name}: " + " ".join(report.notes))
    corpus.store.close()


def inside(folder: Path) -> int:
    """Runs under doccano's Python: import both files and compare what doccano stored."""
    import backend  # doccano's Django project, as the pip package installs it

    sys.path.append(str(Path(backend.__file__).parent))  # as doccano's own cli.py does
    os.environ.update(
        STANDALONE="True",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL=f"sqlite:///{folder / 'doccano.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        SECRET_KEY="check-doccano",
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from data_import.datasets import load_dataset
    from data_import.pipeline.catalog import RELATION_EXTRACTION, create_file_format
    from data_import.pipeline.readers import FileName
    from examples.models import Example
    from labels.models import Relation, Span
    from projects.models import ProjectType, SequenceLabelingProject

    SEQUENCE_LABELING = ProjectType.SEQUENCE_LABELING
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    problems: list[str] = []
    for name, relations, task in (
        ("doccano", False, SEQUENCE_LABELING),
        ("doccano-relations", True, RELATION_EXTRACTION),
    ):
        path = folder / f"{name}.jsonl"
        project = SequenceLabelingProject.objects.create(
            name=name,
            project_type=SEQUENCE_LABELING,
            created_by=user,
            use_relation=relations,
            allow_overlapping=relations,
        )
        dataset = load_dataset(
            task,
            create_file_format("JSONL"),
            [FileName(full_path=str(path), generated_name=path.name, upload_name=path.name)],
            project,
            encoding="utf_8",  # the upload form's default; "Auto" guesses cp1254 here
        )
        dataset.save(user, batch_size=1000)
        errors = [str(e.dict() if hasattr(e, "dict") else e) for e in dataset.errors]
        expected_spans, expected_relations = set(), 0
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            triples = record.get("label") or [
                [e["start_offset"], e["end_offset"], e["label"]] for e in record["entities"]
            ]
            expected_spans |= {(record["text"], s, e, label) for s, e, label in triples}
            expected_relations += len(record.get("relations", []))
        stored = {
            (span.example.text, span.start_offset, span.end_offset, span.label.text)
            for span in Span.objects.filter(example__project=project)
        }
        stored_relations = Relation.objects.filter(example__project=project).count()
        examples = Example.objects.filter(project=project).count()
        print(
            f"{name}: doccano stored {examples} examples, {len(stored)} spans (file: "
            f"{len(expected_spans)}), {stored_relations} relations (file: {expected_relations}); "
            f"import errors: {errors or 'none'}"
        )
        if stored != expected_spans:
            problems.append(f"{name}: spans differ: {sorted(expected_spans ^ stored)[:5]}")
        if stored_relations != expected_relations:
            problems.append(f"{name}: {stored_relations} relations of {expected_relations}")
        if errors:
            problems.append(f"{name}: doccano reported {errors}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print("doccano stored everything" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--venv", type=Path, help="doccano's environment (made if missing)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--inside", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside is not None:
        return inside(args.inside)
    folder = Path(tempfile.mkdtemp(prefix="check-doccano-"))
    python = install(args.venv or folder / "venv")
    export(folder)
    done = subprocess.run(["nice", "-n", "10", str(python), __file__, "--inside", str(folder)])
    if args.keep:
        print(f"kept {folder}")
    else:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
