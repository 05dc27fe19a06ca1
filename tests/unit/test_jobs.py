"""publish/jobs.py: an edition made as a job comes back whole (the files a writer puts
beside it too) and its warnings name the output folder, not the job's scratch folder."""
from __future__ import annotations

import logging
from pathlib import Path

from publish import jobs, writers
from publish.outcomes import Job


class _Writer:
    def write(self, book, target: Path, workers) -> int:
        target.write_bytes(b"%PDF-interior")
        (target.parent / (target.stem + "-cover.pdf")).write_bytes(b"%PDF-cover")
        logging.getLogger("publish").warning("%s: 3 pages: too few", target)
        return 3


def test_a_job_brings_back_the_files_beside_its_output_and_names_the_real_folder(
        tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(writers, "get_writer", lambda fmt: _Writer())
    out = tmp_path / "out"
    with caplog.at_level(logging.WARNING, logger="publish"):
        made = jobs.make_output(None, "pdf", "book-en.pdf", str(out))
    assert made.data == b"%PDF-interior" and made.pages == 3
    assert made.beside == (("book-en-cover.pdf", b"%PDF-cover"),)
    assert [r.getMessage() for r in caplog.records] == [f"{out}/book-en.pdf: 3 pages: too few"]
    results, failed = [], []
    job = Job("en", "pdf", out / "book-en.pdf", "key")
    out.mkdir()
    jobs._record(job, made, 1, results, failed, lambda event, value: None)
    assert not failed and (out / "book-en-cover.pdf").read_bytes() == b"%PDF-cover"
    assert (out / "book-en.pdf").read_bytes() == b"%PDF-interior"
