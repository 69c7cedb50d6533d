#!/bin/sh
# tests/make-release-repo.sh DIR VERSION: a correct release of
# octavia-loxilb-driver VERSION, as its release guide leaves it:
#   DIR/repo          the project, committed, tagged vVERSION (annotated),
#                     pushed with its tag to DIR/origin.git; dist/ built
#   DIR/index         the package index's folder, serving dist/ (PyPI)
#   DIR/testindex     the same for TestPyPI
#   $HOME/.pypirc     with mode 0600
# Offline: the build uses the system's setuptools (--no-isolation).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
v=${2:-1.0.0}
repo=$dir/repo
mkdir -p "$repo/octavia_loxilb_driver/cmd" "$repo/tests" \
	"$repo/.github/workflows"
cd "$repo"

cat >pyproject.toml <<TOML
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "octavia-loxilb-driver"
dynamic = ["version"]
description = "LoxiLB provider driver for OpenStack Octavia (test copy)"
readme = "README.md"
requires-python = ">=3.8"
classifiers = [
    "Programming Language :: Python :: 3.8",
    "Programming Language :: Python :: 3.9",
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.11",
]

[project.scripts]
octavia-loxilb-health-check = "octavia_loxilb_driver.cmd.health_check:main"

[tool.setuptools.packages.find]
include = ["octavia_loxilb_driver*"]

[tool.setuptools.dynamic]
version = {attr = "octavia_loxilb_driver.version.__version__"}
TOML
printf '__version__ = "%s"\n' "$v" >octavia_loxilb_driver/version.py
cat >octavia_loxilb_driver/__init__.py <<'PY'
from octavia_loxilb_driver.version import __version__

__all__ = ["__version__"]
PY
: >octavia_loxilb_driver/cmd/__init__.py
cat >octavia_loxilb_driver/cmd/health_check.py <<'PY'
import argparse

from octavia_loxilb_driver import __version__


def main(argv=None):
    parser = argparse.ArgumentParser(prog="octavia-loxilb-health-check",
                                     description="Checks a LoxiLB endpoint.")
    parser.add_argument("--endpoint", default="http://127.0.0.1:11111")
    args = parser.parse_args(argv)
    print("octavia-loxilb-health-check", __version__, args.endpoint)
    return 0
PY
: >tests/__init__.py
cat >tests/test_driver.py <<'PY'
from octavia_loxilb_driver import __version__
from octavia_loxilb_driver.cmd import health_check


def test_version():
    assert __version__.count(".") >= 2


def test_health_check(capsys):
    assert health_check.main([]) == 0
    assert __version__ in capsys.readouterr().out
PY
printf '# Changelog\n\n## [%s] - 2026-11-25\n\n- LoxiLB provider driver.\n' \
	"$v" >CHANGELOG.md
: >requirements.txt
printf '# octavia-loxilb-driver\n' >README.md
cat >.github/workflows/release.yml <<'YML'
name: Release
on:
  push:
    tags: ['v*']
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
    - uses: actions/checkout@v3
    - run: pip install build twine && python -m build && twine upload dist/*
YML
printf 'dist/\nbuild/\n*.egg-info/\n__pycache__/\n.coverage\n.pytest_cache/\n' \
	>.gitignore

git init -q -b main
git add -A
git commit -q -m "Prepare release v$v"
git init -q --bare "$dir/origin.git"
git remote add origin "$dir/origin.git"
git push -q origin main
git tag -a "v$v" -m "Release version $v"
git push -q origin "v$v"

python3 -m build --no-isolation >"$dir/build.log" 2>&1
rm -rf build ./*.egg-info
# The sdist as a current setuptools names it (PEP 625).
python3 "$here/pep625-sdist.py" dist || exit 1
for idx in index testindex; do
	mkdir -p "$dir/$idx/octavia-loxilb-driver/$v"
	cp dist/* "$dir/$idx/octavia-loxilb-driver/$v/"
done

cat >"$HOME/.pypirc" <<'RC'
[distutils]
index-servers = pypi testpypi

[pypi]
username = __token__
password = pypi-AgEIcHlwaS5vcmcCJDExxxxxxxxxxxxxxxxxxxxxxxxxxxx

[testpypi]
repository = https://test.pypi.org/legacy/
username = __token__
password = pypi-AgENdGVzdC5weXBpLm9yZwIkxxxxxxxxxxxxxxxxxxxxxxxx
RC
chmod 600 "$HOME/.pypirc"
