#!/usr/bin/env python3
"""Static checks of deploy/Dockerfile (no Docker engine is needed).

DockerfileTest parses the Dockerfile: a debian:12 build stage that installs
deploy/install-deps.sh and builds Release eventgraphd and eventgraph with
CMake and Ninja; a debian:12-slim runtime stage with a non-root user, a
volume for the database, port 50051, a HEALTHCHECK and an entrypoint that
reads the config file.

RuntimePackagesTest checks that every package the runtime stage installs
exists in Debian's lists (`apt-cache show`; skipped when the lists are not
there) and, when ctest passes EVENTGRAPHD and EVENTGRAPH_CLI, that the
runtime stage installs the package of every shared library the built
binaries link (skipped without dpkg).

  python3 dockerfile_test.py [DockerfileTest|RuntimePackagesTest]
"""

import os
import re
import shlex
import shutil
import subprocess
import json
import unittest

import deploy_testlib as lib

# In debian:12-slim already (essential or required by apt).
BASE_PACKAGES = {"libc6", "libstdc++6", "libgcc-s1"}


def parse_dockerfile(text):
    """[(INSTRUCTION, arguments)] with continuations joined, comments and
    blank lines dropped."""
    instructions = []
    pending = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue  # comment lines inside a continuation
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        pending += stripped
        word, _, rest = pending.partition(" ")
        instructions.append((word.upper(), rest.strip()))
        pending = ""
    if pending:
        raise AssertionError("the Dockerfile ends inside a continuation")
    return instructions


def stages(instructions):
    """[{"from": image, "name": name, "body": [(INSTR, args)]}]"""
    result = []
    for word, args in instructions:
        if word == "FROM":
            parts = args.split()
            name = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else None
            result.append({"from": parts[0], "name": name, "body": []})
        elif result:
            result[-1]["body"].append((word, args))
        elif word != "ARG":
            raise AssertionError(f"{word} before the first FROM")
    return result


def apt_installed_packages(run_args):
    """Package names after `apt-get install` in a RUN command."""
    packages = []
    for command in re.split(r"&&|;", run_args):
        words = shlex.split(command)
        if words[:2] == ["apt-get", "install"]:
            packages += [w for w in words[2:] if not w.startswith("-")]
    return packages


def exec_form(args):
    value = json.loads(args)
    if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise AssertionError(f"not a JSON array of strings: {args}")
    return value


class DockerfileBase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.instructions = parse_dockerfile(
            lib.DOCKERFILE.read_text(encoding="utf-8"))
        cls.stages = stages(cls.instructions)
        cls.builder = cls.stages[0]
        cls.runtime = cls.stages[-1]

    def runtime_all(self, word):
        return [args for w, args in self.runtime["body"] if w == word]

    def runtime_packages(self):
        packages = []
        for args in self.runtime_all("RUN"):
            packages += apt_installed_packages(args)
        return packages


class DockerfileTest(DockerfileBase):
    def test_two_stages(self):
        self.assertEqual(len(self.stages), 2)
        self.assertEqual(self.builder["from"], "debian:12")
        self.assertEqual(self.builder["name"], "builder")
        self.assertEqual(self.runtime["from"], "debian:12-slim")

    def test_builder_builds_release_with_ninja(self):
        runs = " ".join(a for w, a in self.builder["body"] if w == "RUN")
        self.assertIn("deploy/install-deps.sh", runs)
        self.assertRegex(runs, r"cmake .*-G Ninja")
        self.assertIn("-DCMAKE_BUILD_TYPE=Release", runs)
        self.assertRegex(runs, r"ninja .*\beventgraphd\b")
        self.assertRegex(runs, r"ninja .*\beventgraph\b(?!d)")
        copies = [a for w, a in self.builder["body"] if w == "COPY"]
        self.assertIn("deploy/install-deps.sh deploy/install-deps.sh", copies)

    def test_runtime_copies_both_binaries_from_builder(self):
        copies = [a for a in self.runtime_all("COPY")
                  if a.startswith("--from=builder")]
        joined = " ".join(copies)
        self.assertRegex(joined, r"\beventgraphd\b")
        self.assertRegex(joined, r"/eventgraph\b(?!d)")
        self.assertIn("/usr/local/bin/", joined)

    def test_runtime_installs_no_build_tools(self):
        packages = self.runtime_packages()
        self.assertTrue(packages, "the runtime stage installs no package")
        for package in packages:
            with self.subTest(package=package):
                self.assertFalse(package.endswith("-dev"))
                self.assertNotIn(package, ("build-essential", "cmake",
                                           "ninja-build", "g++"))
        self.assertTrue(any("--no-install-recommends" in a
                            for a in self.runtime_all("RUN")))

    def test_runs_as_non_root(self):
        users = self.runtime_all("USER")
        self.assertTrue(users, "the runtime stage has no USER")
        user = users[-1].split(":")[0]
        self.assertNotIn(user, ("root", "0"))
        # numeric, so that Kubernetes' runAsNonRoot can check it
        self.assertRegex(user, r"^\d+$")

    def test_volume_expose(self):
        volumes = " ".join(self.runtime_all("VOLUME"))
        self.assertIn("/var/lib/eventgraph", volumes)
        self.assertIn("50051", " ".join(self.runtime_all("EXPOSE")).split())
        self.assertEqual(self.runtime_all("STOPSIGNAL"), ["SIGTERM"])

    def test_healthcheck(self):
        checks = self.runtime_all("HEALTHCHECK")
        self.assertEqual(len(checks), 1)
        options, _, command = checks[0].partition("CMD ")
        self.assertIn("--interval=", options)
        self.assertIn("--timeout=", options)
        argv = exec_form(command)
        self.assertEqual(os.path.basename(argv[0]), "eventgraph")
        self.assertEqual(argv[argv.index("--server") + 1], "127.0.0.1:50051")
        self.assertIn("--deadline", argv)
        self.assertEqual(argv[-1], "stats")

    def test_entrypoint_reads_config_listening_on_all_interfaces(self):
        entrypoints = self.runtime_all("ENTRYPOINT")
        self.assertEqual(len(entrypoints), 1)
        argv = exec_form(entrypoints[0])
        self.assertEqual(argv[0], "/usr/local/bin/eventgraphd")
        config_path = argv[argv.index("--config") + 1]
        # The image ships deploy/eventgraphd.toml at that path...
        self.assertIn(f"deploy/eventgraphd.toml {config_path}",
                      self.runtime_all("COPY"))
        # ...rewritten to listen on every interface: the sed must match a
        # line of the file, and its db must be the volume.
        config = lib.TOML.read_text(encoding="utf-8")
        self.assertRegex(config, r"(?m)^listen = ")
        runs = " ".join(self.runtime_all("RUN"))
        self.assertIn('listen = "0.0.0.0:50051"', runs)
        db = lib.load_toml(config)["db"]
        self.assertIn(db, " ".join(self.runtime_all("VOLUME")))
        # flags can be given once only: the entrypoint must leave them free
        self.assertNotIn("--db", argv)
        self.assertNotIn("--listen", argv)

    def test_dockerignore_keeps_build_trees_out(self):
        ignore = (lib.DEPLOY / "Dockerfile.dockerignore").read_text().split()
        for pattern in ("build*/", "eventgraph-data/", ".git"):
            self.assertIn(pattern, ignore)


class RuntimePackagesTest(DockerfileBase):
    def test_packages_exist_in_debian(self):
        apt_cache = shutil.which("apt-cache")
        if apt_cache is None:
            self.skipTest("no apt-cache")
        packages = self.runtime_packages()
        # One call for all (each call reads the whole package lists); it
        # exits non-zero when one is missing, but still shows the others.
        run = subprocess.run(
            [apt_cache, "show", "--no-all-versions", "bash"] + packages,
            capture_output=True, text=True, timeout=110)
        found = set(re.findall(r"(?m)^Package: (\S+)$", run.stdout))
        if "bash" not in found:
            self.skipTest("apt lists are not available (run apt-get update)")
        for package in packages:
            with self.subTest(package=package):
                self.assertIn(package, found, run.stderr)

    def test_packages_cover_the_linked_libraries(self):
        binaries = [os.environ.get(v, "") for v in ("EVENTGRAPHD",
                                                    "EVENTGRAPH_CLI")]
        binaries = [b for b in binaries if b and os.path.isfile(b)]
        if not binaries:
            self.skipTest("EVENTGRAPHD / EVENTGRAPH_CLI not built")
        if shutil.which("dpkg") is None or shutil.which("ldd") is None:
            self.skipTest("needs dpkg and ldd")
        installed = set(self.runtime_packages()) | BASE_PACKAGES
        needed = {}
        for binary in binaries:
            for name, path in needed_libraries(binary).items():
                needed.setdefault(name, (path, os.path.basename(binary)))
        owners = owning_packages([path for path, _ in needed.values()])
        for name, (path, binary) in sorted(needed.items()):
            with self.subTest(binary=binary, lib=name):
                package = owners.get(path)
                self.assertIsNotNone(package, f"no package owns {path}")
                self.assertIn(package, installed)


def needed_libraries(binary):
    """{soname: resolved path} of the binary's direct dependencies."""
    dynamic = subprocess.run(["readelf", "-d", binary], capture_output=True,
                             text=True, check=True).stdout
    names = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic)
    resolved = {}
    for line in subprocess.run(["ldd", binary], capture_output=True,
                               text=True, check=True).stdout.splitlines():
        match = re.match(r"\s*(\S+) => (\S+)", line)
        if match:
            resolved[match.group(1)] = match.group(2)
    missing = [n for n in names if n not in resolved]
    if missing:
        raise AssertionError(f"ldd cannot resolve {missing}")
    return {n: resolved[n] for n in names}


def path_variants(path):
    variants = {path, os.path.realpath(path)}
    # Debian 12 is /usr-merged: dpkg knows some files under /lib only.
    for p in list(variants):
        if p.startswith("/usr/lib/"):
            variants.add(p[len("/usr"):])
        elif p.startswith("/lib/"):
            variants.add("/usr" + p)
    return variants


def owning_packages(paths):
    """{path: package} with one dpkg call (dpkg -S is slow to start)."""
    variants = {p: path_variants(p) for p in paths}
    queries = sorted(set().union(*variants.values())) if variants else []
    # exits 1 when some variant is unknown, but prints the others
    run = subprocess.run(["dpkg", "-S"] + queries, capture_output=True,
                         text=True, timeout=110)
    owner_of = {}
    for line in run.stdout.splitlines():
        package, _, file = line.partition(": ")
        owner_of[file.strip()] = package.split(":")[0].split(",")[0].strip()
    result = {}
    for path, names in variants.items():
        for name in names:
            if name in owner_of:
                result[path] = owner_of[name]
                break
    return result


if __name__ == "__main__":
    lib.main()
