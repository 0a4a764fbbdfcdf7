"""pyproject.toml gives each dependency a range, the lock files give the exact versions
`make` and CI install (see the notes above `dependencies` in pyproject.toml). These tests
keep the two from drifting apart; they read files only. When one fails, `make lock`."""

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_LOCK = "requirements.lock"
TEST_LOCK = "requirements-test.lock"

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
NAME = canonicalize_name(PROJECT["name"])


def extra(name: str) -> list[Requirement]:
    """An extra's requirements, with the project's own extras (warta[deploy]) expanded."""
    out = []
    for line in PROJECT["optional-dependencies"][name]:
        req = Requirement(line)
        if canonicalize_name(req.name) == NAME:
            for sub in sorted(req.extras):
                out += extra(sub)
        else:
            out.append(req)
    return out


RUNTIME = [Requirement(line) for line in PROJECT["dependencies"]]
# What each lock must satisfy: the runtime lock the dependencies, the test lock all of
# them and every extra.
EXPECTED = {
    RUNTIME_LOCK: RUNTIME,
    TEST_LOCK: RUNTIME + [r for e in sorted(PROJECT["optional-dependencies"]) for r in extra(e)],
}


def read_lock(filename: str) -> dict[str, set[tuple[Version, str]]]:
    """name -> {(version, marker)}: a universal lock may pin a package twice, one version
    per Python or platform it resolves differently for."""
    pins: dict[str, set[tuple[Version, str]]] = {}
    for number, line in enumerate((ROOT / filename).read_text().splitlines(), 1):
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        req = Requirement(line)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==" and not req.url, (
            f"{filename}:{number}: {line!r} is not an exact pin"
        )
        pins.setdefault(canonicalize_name(req.name), set()).add(
            (Version(specs[0].version), str(req.marker or ""))
        )
    return pins


@pytest.mark.parametrize("filename", [RUNTIME_LOCK, TEST_LOCK])
def test_every_dependency_is_locked_inside_its_range(filename):
    pins = read_lock(filename)
    problems = []
    for req in EXPECTED[filename]:
        locked = pins.get(canonicalize_name(req.name))
        if not locked:
            problems.append(f"{req} is not in {filename}")
            continue
        for version, marker in sorted(locked):
            if not req.specifier.contains(version, prereleases=True):
                where = f" ({marker})" if marker else ""
                problems.append(f"{req}: {filename} has {version}{where}")
    assert not problems, "run `make lock`:\n" + "\n".join(problems)


def test_the_demo_runs_the_versions_the_tests_run():
    """The runtime lock is the test lock's subset, at the same versions."""
    runtime, test = read_lock(RUNTIME_LOCK), read_lock(TEST_LOCK)
    differ = sorted(name for name, pins in runtime.items() if test.get(name) != pins)
    assert not differ, f"run `make lock`: {RUNTIME_LOCK} and {TEST_LOCK} differ on {differ}"


def test_the_runtime_lock_has_no_test_tools():
    """`make demo` installs the runtime lock: pytest, ruff and scrapyd are not in it."""
    tools = {
        canonicalize_name(Requirement(line).name)
        for line in PROJECT["optional-dependencies"]["test"]
    }
    tools -= {NAME} | {canonicalize_name(r.name) for r in RUNTIME}
    assert tools, "the test extra names no tools"
    assert not tools & read_lock(RUNTIME_LOCK).keys()


@pytest.mark.parametrize("filename", [RUNTIME_LOCK, TEST_LOCK])
def test_each_lock_says_how_to_regenerate_it(filename):
    head = (ROOT / filename).read_text().splitlines()[:3]
    assert any(line.strip() == "#    make lock" for line in head), head
