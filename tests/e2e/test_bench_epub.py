"""`publish bench --only epub`: the cold EPUB in turn with pandoc's, and their ratio (issue 28)."""
from __future__ import annotations

import json

import pytest

from publish.bench.epub import Pair, report
from publish.cli import main


@pytest.mark.slow
def test_only_epub_takes_turns_with_pandoc(tmp_path, capsys):
    """Each cold EPUB of ours is followed by pandoc's (a stand-in that notes whether our
    EPUB was there, i.e. made just before it); both sides' runs and the ratio are reported."""
    out, log = tmp_path / "bench.json", tmp_path / "pandoc.log"
    fake = tmp_path / "pandoc"
    fake.write_text(f"""#!/bin/sh
ours=$(ls book/build/*.epub 2>/dev/null | wc -l)
echo "$ours $*" >> {log}
while [ $# -gt 0 ]; do [ "$1" = "-o" ] && : > "$2"; shift; done
""")
    fake.chmod(0o755)
    code = main(["bench", "--only", "epub", "--chapters", "2", "--repeat", "2", "--pandoc",
                 str(fake), "--json", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    calls = log.read_text().splitlines()
    assert [c.split()[0] for c in calls] == ["1", "1"]            # ours made, then pandoc
    assert all(c.split()[2] == "-o" and c.split()[3].endswith("/p.epub") for c in calls)
    found = json.loads(out.read_text())
    assert found["chapters"] == 2
    assert len(found["ours"]["wall"]) == len(found["ours"]["cpu"]) == 2
    assert len(found["pandoc"]["wall"]) == 2
    assert all(c > 0 for c in found["ours"]["cpu"])      # a cold build uses the processor
    assert "cold EPUB / pandoc EPUB:" in printed and "target at most 1/3 of pandoc" in printed


def test_the_verdict_is_on_the_medians_of_wall_time():
    ours = Pair(wall=(1.0, 3.0, 1.2), cpu=(0.9, 1.0, 1.1))
    pandoc = Pair(wall=(4.0, 3.5, 3.7), cpu=(3.0, 3.1, 3.2))
    lines = report(ours, pandoc)
    assert "cold EPUB / pandoc EPUB: 0.324 wall, 0.323 processor" in lines[2]
    assert lines[3].endswith(": met")
    assert report(Pair((2.0,), (1.0,)), Pair((5.0,), (4.0,)))[3].endswith(": not met")
    assert report(ours, None)[-1] == "pandoc not run (--pandoc PATH)"
