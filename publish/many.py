"""Building many projects at once (`publish all DIR...`, `publish all --catalog FILE`).

Every project is planned and read first (each with its own build cache), then every
output to write goes to the executor together, and each project's outputs are recorded
as one project's build records them (build.Editions). A project or an edition that is
refused stays out, and is listed; two projects that would write the same file are
refused before any work.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from publish import build
from publish.errors import ConfigError, PublishError
from publish.projects import Project

log = logging.getLogger("publish")


@dataclass(frozen=True)
class Row:
    """One line of the final table: an output written, up to date, or not built."""

    project: str
    edition: str
    format: str
    file: str
    pages: int | None
    size: int | None
    seconds: float
    warnings: int
    status: str                 # "built", "up to date", "refused"
    error: str = ""
    code: int = 0               # the refusal's exit code


@dataclass
class _Planned:
    project: Project
    slug: str
    editions: list[build.Editions] = field(default_factory=list)
    warned: dict[str, int] = field(default_factory=dict)      # language -> warnings read


def build_all(projects: list[Project], out: Path | None = None, *, strict: bool = False,
              force: bool = False, jobs: int = 1,
              progress: build.Progress | None = None) -> list[Row]:
    """Builds every project: the table's rows (a refused project or output among them)."""
    rows: list[Row] = []
    found = _configs(_unique(projects), strict, rows)
    _same_outputs(found, out)
    planned = [_plan(project, config, _out_dir(config, out), strict, force)
               for project, config in found]
    todo = [(job, editions.books[job.lang], editions)
            for plan in planned for editions in plan.editions for job in editions.ready]
    say = progress or (lambda event, value: None)
    say("planned", len(todo) + sum(len(e.derived) for p in planned for e in p.editions))
    if len(todo) <= 1 or build.here(jobs):
        results, broken = build.write_here([(job, book) for job, book, _ in todo], say)
    else:
        from publish.jobs import write_as_jobs

        results, broken = write_as_jobs([(job, book) for job, book, _ in todo], jobs, say)
    for plan in planned:
        rows += _rows(plan, results, broken, say)
    return rows


def _unique(projects: list[Project]) -> list[Project]:
    """Each folder once (a glob may name a folder an entry names too): its first entry."""
    seen: dict[Path, Project] = {}
    for project in projects:
        seen.setdefault(project.path.resolve(), project)
    return list(seen.values())


def _configs(projects: list[Project], strict: bool, rows: list[Row]) -> list[tuple]:
    """(project, config) of each project whose config loads, with the languages asked for;
    each other one is a refused row."""
    from publish import config as config_mod

    found = []
    for project in projects:
        try:
            config = config_mod.load(project.path, strict=strict)
            missing = [c for c in project.languages or () if c not in config.languages]
            if missing:
                raise ConfigError(f"language '{missing[0]}' is not in this book "
                                  f"(it has: {', '.join(config.languages)})", key="languages")
        except PublishError as exc:
            said = exc.message if exc.path == project.path else str(exc)
            error = project.fault(f"not a project: {said}" if "no book.toml" in said
                                  else f"not built: {said}")
            rows.append(Row(str(project.path), "", "", "", None, None, 0.0, 0, "refused",
                            str(error), error.code))
            continue
        found.append((project, config))
    return found


def _out_dir(config, out: Path | None) -> Path:
    """Where a project's outputs go: `out`/its slug, else its own build/ folder."""
    return out / config.slug if out is not None else config.root / "build"


def _same_outputs(found: list[tuple], out: Path | None) -> None:
    """Refuses two projects that would write the same file, naming both, before any work."""
    from publish import writers

    writing: dict[Path, Project] = {}
    for project, config in found:
        for lang in project.languages or config.languages:
            for fmt in project.formats or writers.names():
                target = build.output_path(config, lang, fmt, _out_dir(config, out)).resolve()
                other = writing.setdefault(target, project)
                if other is not project:
                    raise project.fault(f"writes {target.name}, as {other.path} does"
                                        f"{_where(other)}: give one of them another slug")


def _where(project: Project) -> str:
    return f" ({project.source.name}:{project.line})" if project.source else ""


def _plan(project: Project, config, out_dir: Path, strict: bool, force: bool) -> _Planned:
    """Each language's outputs planned and read, with the warnings said reading it."""
    from publish import writers

    plan = _Planned(project, config.slug)
    for lang in project.languages or config.languages:
        with build.warnings_said() as seen:
            plan.editions.append(build.Editions.read(
                config, project.formats or writers.names(), (lang,), out_dir, strict=strict,
                force=force))
        plan.warned[lang] = len(seen)
    return plan


def _rows(plan: _Planned, results: list[build.Result], broken: list[build.Failed],
          say) -> list[Row]:
    """The table's rows of one project, once its outputs are recorded (build.Editions.finish)."""
    from publish.paths import shown

    rows = []
    for editions in plan.editions:
        mine = {job.target for job in editions.todo}
        outcome = editions.finish([r for r in results if r.path in mine],
                                  [f for f in broken if f.target in mine], say)
        for r in outcome.results:
            rows.append(Row(plan.slug, r.lang, r.fmt, shown(r.path), r.pages, r.size,
                            round(r.seconds, 2), plan.warned[r.lang] + r.warnings,
                            "up to date" if r.cached else "built"))
        for f in outcome.failed:
            rows.append(Row(plan.slug, f.lang, f.fmt, shown(f.target), None, None, 0.0,
                            plan.warned[f.lang], "refused", str(f.error), f.error.code))
    return rows
