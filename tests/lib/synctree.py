#!/usr/bin/env python3
"""Mirror this source tree into DEST for a build against another Valgrind.

Usage: synctree.py DEST

tests/run-all --valgrind-prefix / --all-versions builds and tests the tree
once per Valgrind, each in its own copy (an autotools tree configured in
place cannot also be built out of tree).  The files copied are the
repository's tracked and untracked-but-not-ignored files (git ls-files),
or, outside git, every file but build products and tests/out.  A file is
rewritten only when its content differs, so that make rebuilds only what
changed; files copied by an earlier sync and gone from the tree since are
deleted.  Prints the number of files copied and deleted.
"""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkt  # noqa: E402

SKIP_DIRS = {".git", "out", ".in-place", "autom4te.cache", ".deps"}


def source_files(repo=None):
    repo = repo or lkt.REPO
    try:
        # Only when the tree is a work tree's top: a copy of it inside
        # another checkout's ignored tests/out (a version copy syncing the
        # package test's copy) would list nothing.
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"],
                             cwd=repo, capture_output=True, check=True)
        if os.path.realpath(top.stdout.decode().strip()) != \
                os.path.realpath(repo):
            raise OSError("not the top of a git work tree")
        p = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                            "--exclude-standard"], cwd=repo,
                           capture_output=True, check=True)
        files = [f for f in p.stdout.decode().split("\0") if f]
        return [f for f in files if os.path.isfile(os.path.join(repo, f))]
    except (OSError, subprocess.CalledProcessError):
        pass
    files = []
    for root, dirs, names in os.walk(repo):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for n in names:
            if n.endswith((".o", ".a", ".so")):
                continue
            files.append(os.path.relpath(os.path.join(root, n), repo))
    return files


def same(a, b):
    try:
        if os.path.getsize(a) != os.path.getsize(b):
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            return fa.read() == fb.read()
    except OSError:
        return False


def main(argv):
    if len(argv) != 1:
        sys.stderr.write(__doc__)
        return 2
    dest = os.path.abspath(argv[0])
    os.makedirs(dest, exist_ok=True)
    listing = os.path.join(dest, ".synctree-files")
    try:
        old = set(open(listing).read().split("\0")) - {""}
    except OSError:
        old = set()
    files = source_files()
    copied = 0
    for f in files:
        src, dst = os.path.join(lkt.REPO, f), os.path.join(dest, f)
        if same(src, dst):
            continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if os.path.lexists(dst):
            os.unlink(dst)
        shutil.copy2(src, dst)
        copied += 1
    deleted = 0
    for f in sorted(old - set(files)):
        dst = os.path.join(dest, f)
        if os.path.lexists(dst):
            os.unlink(dst)
            deleted += 1
    with open(listing, "w") as out:
        out.write("\0".join(files))
    print("synctree: %d files copied, %d deleted, into %s"
          % (copied, deleted, dest))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
