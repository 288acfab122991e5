#!/usr/bin/env python3
"""Tests of client/completion/eventgraph.bash.

(a) Probes: sources the script in bash, sets COMP_WORDS/COMP_CWORD as bash
    would, calls _eventgraph and checks COMPREPLY.
(b) Sync: parses `eventgraph [COMMAND] --help` of the real binary
    ($EVENTGRAPH_CLI) and checks that the script lists exactly the flags of
    each command, the global flags, the commands, and the flags that take a
    value.
"""

import os
import pathlib
import re
import subprocess
import tempfile
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "client" / "completion" / "eventgraph.bash"
COMMANDS = ["ingest", "timeline", "events", "actors", "actor", "stats", "admin",
            "path", "neighbors", "subgraph", "generate", "delete", "countries", "codes"]
# admin's nested subcommands (help path -> script variable suffix).
ADMIN_COMMANDS = [["admin", "check"], ["admin", "backup"],
                  ["admin", "backup", "create"], ["admin", "backup", "list"],
                  ["admin", "backup", "verify"], ["admin", "backup", "delete"],
                  ["admin", "backup", "purge"]]


def complete(*words):
    """Returns COMPREPLY for the command line `words`, the last being the
    word under the cursor."""
    probe = (
        'source "$0"; COMP_WORDS=("$@"); '
        "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _eventgraph; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    result = subprocess.run(
        ["bash", "--norc", "-c", probe, str(SCRIPT), *words],
        capture_output=True, text=True, check=True)
    return set(line for line in result.stdout.splitlines() if line)


def script_words(variable):
    """Returns the words of a variable the script defines."""
    result = subprocess.run(
        ["bash", "--norc", "-c", f'source "$0"; echo "${variable}"',
         str(SCRIPT)],
        capture_output=True, text=True, check=True)
    return set(result.stdout.split())


class ProbeTest(unittest.TestCase):

    def test_commands(self):
        self.assertEqual(complete("eventgraph", "tim"), {"timeline"})
        self.assertEqual(complete("eventgraph", "act"), {"actors", "actor"})
        self.assertEqual(complete("eventgraph", ""), set(COMMANDS))

    def test_command_after_global_flags_and_their_values(self):
        self.assertEqual(
            complete("eventgraph", "--server", "localhost:1", "st"),
            {"stats"})
        self.assertEqual(complete("eventgraph", "-o", "json", "ev"),
                         {"events"})

    def test_global_flags(self):
        self.assertEqual(
            complete("eventgraph", "--"),
            {"--help", "--server", "--deadline", "--stream-deadline",
             "--output", "--color", "--token", "--tls-ca", "--tls-cert",
             "--tls-key", "--tls-server-name"})
        self.assertEqual(complete("eventgraph", "-o"), {"-o"})

    def test_flag_values(self):
        # Before the command any format may be meant (subgraph adds two).
        self.assertEqual(complete("eventgraph", "--output", ""),
                         {"table", "json", "csv", "graphml", "dot"})
        self.assertEqual(complete("eventgraph", "events", "--output", ""),
                         {"table", "json", "csv"})
        self.assertEqual(complete("eventgraph", "subgraph", "Russia", "-o", ""),
                         {"table", "json", "csv", "graphml", "dot"})
        self.assertEqual(complete("eventgraph", "-o", "c"), {"csv"})
        self.assertEqual(complete("eventgraph", "--output", "=", "j"),
                         {"json"})
        self.assertEqual(complete("eventgraph", "--color", ""),
                         {"auto", "always", "never"})
        self.assertEqual(
            complete("eventgraph", "timeline", "Russia", "--by", ""),
            {"year", "quarter", "month", "week", "day"})
        self.assertEqual(complete("eventgraph", "timeline", "--by", "q"),
                         {"quarter"})
        self.assertEqual(complete("eventgraph", "events", "--direction", ""),
                         {"both", "out", "in"})
        self.assertEqual(complete("eventgraph", "ingest", "--format", "j"),
                         {"jsonl"})
        self.assertEqual(complete("eventgraph", "ingest", "--format", "g"),
                         {"gdelt1", "gdelt2"})
        self.assertEqual(complete("eventgraph", "ingest", "--retries", ""),
                         set())
        self.assertEqual(complete("eventgraph", "path", "A", "B", "--mode", "f"),
                         {"fastest", "fewest-hops"})
        self.assertEqual(complete("eventgraph", "neighbors", "--order", ""),
                         {"count", "cooperative", "hostile", "recent"})
        self.assertEqual(complete("eventgraph", "timeline", "--rollup", ""),
                         {"none", "country"})
        self.assertEqual(complete("eventgraph", "subgraph", "--direction", "o"),
                         {"out"})

    def test_cameo_roots(self):
        # `codes PREFIX` and --code offer the CAMEO roots 01..20.
        self.assertEqual(complete("eventgraph", "codes", "1"),
                         {f"{r}" for r in range(10, 20)})
        self.assertEqual(complete("eventgraph", "codes", "--quad", "4", "0"),
                         {f"0{r}" for r in range(1, 10)})
        self.assertEqual(complete("eventgraph", "timeline", "A", "--code", "2"),
                         {"20"})
        self.assertEqual(complete("eventgraph", "codes", "--"),
                         {"--help", "--quad", "--server", "--deadline",
                          "--stream-deadline", "--output", "--color",
                          "--token", "--tls-ca", "--tls-cert", "--tls-key",
                          "--tls-server-name"})

    def test_free_values_offer_nothing(self):
        self.assertEqual(complete("eventgraph", "--deadline", ""), set())
        self.assertEqual(complete("eventgraph", "events", "--from", ""),
                         set())

    def test_command_flags(self):
        timeline = complete("eventgraph", "timeline", "Russia", "--")
        self.assertIn("--by", timeline)
        self.assertIn("--direction", timeline)
        self.assertIn("--output", timeline)  # global flags may follow
        self.assertNotIn("--page-size", timeline)
        self.assertEqual(complete("eventgraph", "events", "--p"),
                         {"--page-size", "--page-token"})
        self.assertEqual(complete("eventgraph", "ingest", "--q"), {"--quiet"})
        self.assertEqual(complete("eventgraph", "path", "A", "B", "--goldstein-"),
                         {"--goldstein-min", "--goldstein-max"})
        self.assertEqual(complete("eventgraph", "subgraph", "--max-"),
                         {"--max-nodes", "--max-edges"})
        self.assertNotIn("--radius", complete("eventgraph", "neighbors", "--"))

    def test_graph_commands_after_flags(self):
        self.assertEqual(complete("eventgraph", "-o", "dot", "sub"), {"subgraph"})
        self.assertEqual(complete("eventgraph", "ne"), {"neighbors"})
        self.assertEqual(complete("eventgraph", "path", "--directed", "--stri"),
                         {"--strict"})
        self.assertEqual(
            complete("eventgraph", "--color", "never", "path", "--evi"),
            {"--evidence"})

    def test_admin_subcommands(self):
        self.assertEqual(complete("eventgraph", "admin", ""), {"check", "backup"})
        self.assertEqual(complete("eventgraph", "admin", "backup", "p"), {"purge"})
        self.assertEqual(complete("eventgraph", "admin", "backup", ""),
                         {"create", "list", "verify", "delete", "purge"})
        self.assertEqual(complete("eventgraph", "admin", "check", "--r"),
                         {"--repair"})
        self.assertEqual(complete("eventgraph", "admin", "backup", "purge", "--k"),
                         {"--keep"})
        self.assertEqual(complete("eventgraph", "delete", "--so"),
                         {"--source-event-id", "--source"})
        self.assertEqual(complete("eventgraph", "delete", "--source", ""), set())

    def test_generate(self):
        self.assertEqual(complete("eventgraph", "gen"), {"generate"})
        self.assertEqual(complete("eventgraph", "generate", "--format", ""),
                         {"gdelt2", "tsv"})
        self.assertEqual(complete("eventgraph", "generate", "--ev"),
                         {"--events"})
        self.assertEqual(complete("eventgraph", "generate", "--events", ""),
                         set())
        # The global -o still takes an output format.
        self.assertEqual(complete("eventgraph", "generate", "-o", "j"),
                         {"json"})
        with tempfile.TemporaryDirectory() as folder:
            pathlib.Path(folder, "out.tsv").write_text("")
            self.assertEqual(
                complete("eventgraph", "generate", "--output",
                         os.path.join(folder, "o")),
                {os.path.join(folder, "out.tsv")})

    def test_file_names_after_ingest(self):
        with tempfile.TemporaryDirectory() as folder:
            for name in ["events.tsv", "events2.csv.gz", "other.txt"]:
                pathlib.Path(folder, name).write_text("")
            self.assertEqual(
                complete("eventgraph", "ingest", os.path.join(folder, "ev")),
                {os.path.join(folder, "events.tsv"),
                 os.path.join(folder, "events2.csv.gz")})
            self.assertEqual(
                complete("eventgraph", "ingest", "--rejects",
                         os.path.join(folder, "o")),
                {os.path.join(folder, "other.txt")})
            self.assertEqual(
                complete("eventgraph", "ingest", "--resume",
                         os.path.join(folder, "o")),
                {os.path.join(folder, "other.txt")})
        # Other commands take names, not files.
        self.assertEqual(complete("eventgraph", "stats", "x"), set())


def help_options(*args):
    """Returns {flag: takes_value} for the options `eventgraph ARGS --help`
    lists, and the names in its SUBCOMMANDS section."""
    cli = os.environ["EVENTGRAPH_CLI"]
    result = subprocess.run([cli, *args, "--help"], capture_output=True,
                            text=True, check=True)
    options = {}
    subcommands = set()
    section = ""
    for line in result.stdout.splitlines():
        if re.match(r"^[A-Za-z][A-Za-z ]*:\s*$", line):  # "Options:"
            section = line.strip().lower()
            continue
        # The name column ends at the first run of two spaces.
        column = re.split(r"\s{2,}", line.strip())[0]
        if section == "subcommands:" and re.match(r"^ {1,4}\w", line):
            subcommands.add(column)
        if not re.match(r"^ {1,4}-", line):
            continue
        names, _, rest = column.partition(" ")
        for name in names.split(","):
            options[name] = bool(rest)
    return options, subcommands


@unittest.skipUnless(os.environ.get("EVENTGRAPH_CLI"),
                     "EVENTGRAPH_CLI names the eventgraph binary")
class SyncWithHelpTest(unittest.TestCase):

    def test_global_flags_and_commands(self):
        options, subcommands = help_options()
        self.assertEqual(set(options),
                         script_words("_eventgraph_global_flags") |
                         {"--help", "-h"})
        self.assertEqual(subcommands, set(COMMANDS))
        self.assertEqual(script_words("_eventgraph_commands"), set(COMMANDS))

    def test_each_command_lists_the_same_flags(self):
        for command in COMMANDS:
            with self.subTest(command=command):
                options, _ = help_options(command)
                self.assertEqual(
                    set(options),
                    script_words(f"_eventgraph_flags_{command}"))

    def test_admin_subcommands_list_the_same_flags(self):
        _, subcommands = help_options("admin")
        self.assertEqual(subcommands, script_words("_eventgraph_admin_commands"))
        _, subcommands = help_options("admin", "backup")
        self.assertEqual(subcommands, script_words("_eventgraph_backup_commands"))
        for path in ADMIN_COMMANDS:
            with self.subTest(path=path):
                options, _ = help_options(*path)
                self.assertEqual(
                    set(options),
                    script_words("_eventgraph_flags_" + "_".join(path)))

    def test_flags_that_take_a_value(self):
        takes_value = set()
        for args in [[]] + [[command] for command in COMMANDS] + ADMIN_COMMANDS:
            options, _ = help_options(*args)
            takes_value |= {name for name, value in options.items() if value}
        self.assertEqual(takes_value,
                         script_words("_eventgraph_value_flags"))


if __name__ == "__main__":
    unittest.main()
