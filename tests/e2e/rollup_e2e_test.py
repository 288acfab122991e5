"""End-to-end tests of countries, actor profiles and country rollups (PutActor,
ListCountries, rollup=ROLLUP_COUNTRY on GetTimeline, ListEvents, StreamEvents,
GetNeighbors; the CLI's --rollup country, `actor put` and `countries`).

RollupSampleTest works on a small hand-made sample and needs no data files.
Icews18RollupTest (label heavy) loads all of ICEWS18 and checks the
Russia-North Korea monthly rollup timeline against a scan of the file with the
test's own affiliation rules; it also prints the rollup timeline latency.
FipsTableTest compares the built-in FIPS 10-4 codes with GDELT's list when the
shared data folder has it.

Run: EVENTGRAPHD=... EVENTGRAPH_CLI=... python3 tests/e2e/rollup_e2e_test.py
(see harness.py for the environment variables).
"""

import collections
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import cli_json, jint, run_cli  # noqa: E402

# The test's own affiliation rules (independent of the server's table): the
# spellings of the two countries, and ICEWS's "Name (Country)" pattern.
COUNTRY_SPELLINGS = {
    "RUS": {"russia", "russian federation"},
    "PRK": {"north korea", "democratic people's republic of korea", "dprk"},
    "CHN": {"china", "people's republic of china"},
}


def country_of(name, declared=None):
    """RUS, PRK, CHN or None for an actor name, by the rules of docs/API.md."""
    if declared and name in declared:
        return declared[name]
    n = harness.norm_name(name)
    if n.endswith(")") and "(" in n:
        inner = n[n.rindex("(") + 1:-1].strip()
        for code, spellings in COUNTRY_SPELLINGS.items():
            if inner in spellings:
                return code
    for code, spellings in COUNTRY_SPELLINGS.items():
        if n in spellings:
            return code
    return None


# A small world: Russian, North Korean and Chinese actors, an unaffiliated
# leader (until PutActor), events inside Russia (not Russia-North Korea).
SAMPLE = [
    ("Russia", "Make a visit", "North Korea", "2018-01-05", 1),
    ("Foreign Affairs (Russia)", "Consult", "Government (North Korea)", "2018-01-20", 1),
    ("Government (North Korea)", "Praise", "Russia", "2018-02-03", 1),
    ("Military (Russia)", "Threaten", "North Korea", "2018-02-14", 3),
    ("Kim Jong-Un", "Host a visit", "Foreign Affairs (Russia)", "2018-03-01", 1),
    ("Kim Jong-Un", "Consult", "Russia", "2018-03-02", 1),
    ("Russia", "Criticize", "Military (Russia)", "2018-03-05", 3),  # inside Russia
    ("China", "Consult", "North Korea", "2018-03-07", 1),
    ("Citizen (China)", "Protest", "Russia", "2018-03-09", 3),
    ("North Korea", "Fight", "Military (Russia)", "2018-04-11", 4),
    ("North Korea", "Consult", "North Korea", "2018-04-12", 1),  # self-loop
    ("United Nations", "Criticize", "North Korea", "2018-04-15", 3),
]


def sample_event(pb, row, i):
    actor, action, target, date, quad = row
    return pb.Event(actor=actor, action=action, target=target, date=date,
                    quad_class=quad, source=f"sample-{i}")


class RollupSampleTest(harness.ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        pb = harness.load_stubs().pb
        cls.pb = pb
        events = [sample_event(pb, row, i) for i, row in enumerate(SAMPLE)]
        # A GDELT-like event whose actor gets its country from the data.
        events.append(pb.Event(actor="POLICE", action="Arrest", target="North Korea",
                               date="2018-05-01", quad_class=4, source="gdelt-1",
                               attributes={"actor1_country_code": "RUS",
                                           "actor2_country_code": "PRK"}))
        ack = cls.api.Ingest(pb.IngestRequest(events=events))
        if ack.accepted != len(events):
            raise AssertionError(f"ingest failed: {ack}")
        cls.declared = {"POLICE": "RUS"}

    def expected(self, a, b, direction, declared=None):
        """Per month and per actor, the events a rollup selects."""
        declared = dict(self.declared, **(declared or {}))
        months, actors = collections.Counter(), collections.Counter()
        rows = list(SAMPLE) + [("POLICE", "Arrest", "North Korea", "2018-05-01", 4)]
        for actor, _, target, date, _ in rows:
            ca, ct = country_of(actor, declared), country_of(target, declared)
            out = direction != "in"
            into = direction != "out"
            if b is None:
                hit = (out and ca == a) or (into and ct == a)
                credited = {n for n, c, side in ((actor, ca, out), (target, ct, into))
                            if side and c == a}
            else:
                hit = (out and ca == a and ct == b) or (into and ca == b and ct == a)
                credited = {actor, target}
            if hit:
                months[date[:7]] += 1
                for n in credited:
                    actors[n] += 1
        return months, actors

    def timeline(self, actor, counterpart="", direction=None, **kw):
        pb = self.pb
        return self.api.GetTimeline(pb.GetTimelineRequest(
            actor=actor, counterpart=counterpart, from_date="2018-01-01",
            to_date="2018-06-30", granularity=pb.GRANULARITY_MONTH,
            direction=direction or pb.DIRECTION_BOTH, rollup=pb.ROLLUP_COUNTRY, **kw))

    def check(self, response, months, actors):
        got = {b.start_date[:7]: b.event_count for b in response.buckets}
        want = {f"2018-{m:02d}": months.get(f"2018-{m:02d}", 0) for m in range(1, 7)}
        self.assertEqual(got, want)
        self.assertEqual(response.total.event_count, sum(months.values()))
        self.assertEqual({c.actor: c.event_count for c in response.contributors},
                         dict(actors))

    def test_timeline_counts_every_affiliated_actor(self):
        pb = self.pb
        for a, b, spelled_a, spelled_b in (("RUS", "PRK", "RUS", "PRK"),
                                           ("RUS", "PRK", "Russian Federation", "DPRK"),
                                           ("PRK", "RUS", "NORTH KOREA", "russia")):
            r = self.timeline(spelled_a, spelled_b)
            self.assertEqual((r.actor_country, r.counterpart_country), (a, b))
            self.check(r, *self.expected(a, b, "both"))
        r = self.timeline("RUS", "PRK", pb.DIRECTION_OUT)
        self.check(r, *self.expected("RUS", "PRK", "out"))
        self.assertEqual(r.actor, "Russia")
        self.assertEqual(r.counterpart, "North Korea")
        # One country, every partner: an event inside Russia counts once.
        r = self.timeline("RUS")
        self.check(r, *self.expected("RUS", None, "both"))
        r = self.timeline("PRK", direction=pb.DIRECTION_IN)
        self.check(r, *self.expected("PRK", None, "in"))
        # The contributors include the actor that got its country from the data.
        r = self.timeline("RUS", "PRK")
        self.assertIn("POLICE", {c.actor for c in r.contributors})
        self.assertTrue(all(c.country in ("RUS", "PRK") for c in r.contributors))

    def test_aliases_and_codes_name_one_actor(self):
        for name in ("North Korea", "NORTH KOREA", "PRK", "DPRK",
                     "Democratic People's Republic of Korea"):
            actor = self.api.GetActor(self.pb.GetActorRequest(name=name))
            self.assertEqual(actor.name, "North Korea", name)
            self.assertEqual(actor.country, "PRK")
            self.assertEqual(actor.country_source,
                             self.pb.ACTOR_COUNTRY_SOURCE_COUNTRY_NAME)
        actor = self.api.GetActor(self.pb.GetActorRequest(name="Foreign Affairs (Russia)"))
        self.assertEqual(actor.country, "RUS")
        self.assertEqual(actor.country_source, self.pb.ACTOR_COUNTRY_SOURCE_NAME_PATTERN)
        actor = self.api.GetActor(self.pb.GetActorRequest(name="police"))
        self.assertEqual(actor.country, "RUS")
        self.assertEqual(actor.country_source, self.pb.ACTOR_COUNTRY_SOURCE_DATA)
        actor = self.api.GetActor(self.pb.GetActorRequest(name="RUS"))
        self.assertEqual(actor.name, "Russia")

    def test_unknown_country_is_not_found_naming_it(self):
        import grpc
        with self.assertRaises(grpc.RpcError) as ctx:
            self.timeline("Atlantis", "RUS")
        self.assertEqual(ctx.exception.code(), grpc.StatusCode.NOT_FOUND)
        self.assertIn("Atlantis", ctx.exception.details())
        with self.assertRaises(grpc.RpcError) as ctx:
            self.timeline("RUS", "Narnia")
        self.assertEqual(ctx.exception.code(), grpc.StatusCode.NOT_FOUND)
        self.assertIn("Narnia", ctx.exception.details())

    def test_put_actor_validation(self):
        import grpc
        pb = self.pb
        cases = [
            (pb.PutActorRequest(name="Kim Jong-Un", kind=99), "kind"),
            (pb.PutActorRequest(name="Kim Jong-Un", country="Atlantis"), "country"),
            (pb.PutActorRequest(name="Kim Jong-Un", aliases=["China"]), "aliases[0]"),
            (pb.PutActorRequest(name="  "), "name"),
        ]
        for request, field in cases:
            with self.assertRaises(grpc.RpcError) as ctx:
                self.api.PutActor(request)
            self.assertEqual(ctx.exception.code(), grpc.StatusCode.INVALID_ARGUMENT, field)
            fields = [f for f, _ in harness.bad_request_violations(ctx.exception)]
            self.assertIn(field, fields)
        # Nothing of the refused calls was stored.
        actor = self.api.GetActor(pb.GetActorRequest(name="Kim Jong-Un"))
        self.assertEqual(actor.country, "")
        self.assertEqual(list(actor.aliases), [])

    def test_put_actor_changes_the_next_query(self):
        pb = self.pb
        before = self.timeline("RUS", "PRK")
        actor = self.api.PutActor(pb.PutActorRequest(
            name="Kim Jong-Un", kind=pb.ACTOR_KIND_PERSON, country="PRK",
            aliases=["Kim Jong Un", "KJU"]))
        try:
            self.assertEqual(actor.country, "PRK")
            self.assertEqual(actor.country_source, pb.ACTOR_COUNTRY_SOURCE_DECLARED)
            self.assertEqual(actor.kind, pb.ACTOR_KIND_PERSON)
            self.assertEqual(list(actor.aliases), ["Kim Jong Un", "KJU"])
            after = self.timeline("RUS", "PRK")
            self.check(after, *self.expected("RUS", "PRK", "both",
                                             {"Kim Jong-Un": "PRK"}))
            self.assertEqual(after.total.event_count, before.total.event_count + 2)
            self.assertIn("Kim Jong-Un", {c.actor for c in after.contributors})
            self.assertEqual(self.api.GetActor(pb.GetActorRequest(name="kju")).name,
                             "Kim Jong-Un")
            # The CLI sees the same (actor put, timeline --rollup country).
            doc = cli_json(["timeline", "RUS", "PRK", "--rollup", "country", "--by", "month",
                            "--from", "2018-01-01", "--to", "2018-06-30"], server=self.server)
            self.assertEqual(jint(doc["total"], "eventCount"), after.total.event_count)
        finally:
            self.api.PutActor(pb.PutActorRequest(name="Kim Jong-Un"))
        self.check(self.timeline("RUS", "PRK"), *self.expected("RUS", "PRK", "both"))

    def test_events_and_stream_with_rollup(self):
        pb = self.pb
        want = set()
        for i, (actor, _, target, date, _) in enumerate(SAMPLE):
            if {country_of(actor), country_of(target)} == {"RUS", "PRK"}:
                want.add((date, actor, target))
        got = []
        token = ""
        while True:
            page = self.api.ListEvents(pb.ListEventsRequest(
                actor="RUS", counterpart="PRK", rollup=pb.ROLLUP_COUNTRY,
                page_size=2, page_token=token))
            got.extend(page.events)
            token = page.next_page_token
            if not token:
                break
        want.add(("2018-05-01", "POLICE", "North Korea"))
        self.assertEqual({(e.date, e.actor, e.target) for e in got}, want)
        self.assertEqual([e.date for e in got], sorted(e.date for e in got))
        streamed = [e for chunk in self.api.StreamEvents(pb.StreamEventsRequest(
            actor="RUS", counterpart="PRK", rollup=pb.ROLLUP_COUNTRY)) for e in chunk.events]
        self.assertEqual([e.id for e in streamed], [e.id for e in got])
        doc = cli_json(["events", "Russia", "North Korea", "--rollup", "country", "--all"],
                       server=self.server)
        self.assertEqual(len(harness.json_events(doc)), len(got))

    def test_neighbors_with_rollup_are_countries(self):
        pb = self.pb
        r = self.api.GetNeighbors(pb.GetNeighborsRequest(actor="RUS",
                                                         rollup=pb.ROLLUP_COUNTRY))
        self.assertEqual(r.country, "RUS")
        got = {n.country: n.summary.event_count for n in r.neighbors}
        want = collections.Counter()
        rows = list(SAMPLE) + [("POLICE", "Arrest", "North Korea", "2018-05-01", 4)]
        for actor, _, target, _, _ in rows:
            ca, ct = country_of(actor, self.declared), country_of(target, self.declared)
            if ca == "RUS" and ct and ct != "RUS":
                want[ct] += 1
            elif ct == "RUS" and ca and ca != "RUS":
                want[ca] += 1
        self.assertEqual(got, dict(want))
        doc = cli_json(["neighbors", "Russia", "--rollup", "country"], server=self.server)
        self.assertEqual({n["country"] for n in doc["neighbors"]}, set(want))

    def test_path_with_rollup_is_refused(self):
        result = run_cli(["path", "RUS", "PRK", "--rollup", "country"], server=self.server)
        self.assertEqual(result.returncode, 1, result.describe())
        self.assertIn("rollup", result.stderr)

    def test_cli_actor_put_and_countries(self):
        doc = cli_json(["actor", "put", "United Nations", "--kind", "organisation",
                        "--alias", "UN"], server=self.server)
        self.assertEqual(doc["kind"], "ACTOR_KIND_ORGANIZATION")
        self.assertEqual(doc["aliases"], ["UN"])
        shown = cli_json(["actor", "un"], server=self.server)
        self.assertEqual(shown["name"], "United Nations")
        bad = run_cli(["actor", "put", "United Nations", "--kind", "planet"],
                      server=self.server)
        self.assertEqual(bad.returncode, 2, bad.describe())
        bad = run_cli(["actor", "put", "United Nations", "--country", "Atlantis"],
                      server=self.server)
        self.assertEqual(bad.returncode, 1, bad.describe())
        self.assertIn("country", bad.stderr)
        countries = cli_json(["countries"], server=self.server)
        by_code = {c["code"]: c for c in countries["countries"]}
        self.assertEqual(by_code["RUS"]["fips"], "RS")
        self.assertEqual(by_code["PRK"]["name"], "North Korea")
        self.assertIn("DPRK", by_code["PRK"]["aliases"])
        self.assertEqual(jint(by_code["RUS"], "actorCount"), 4)  # Russia, 2 ministries, POLICE
        table = harness.cli_ok(["timeline", "RUS", "PRK", "--rollup", "country"],
                               server=self.server, output="table")
        self.assertIn("contributing actors", table.stdout)
        self.assertIn("Foreign Affairs (Russia)", table.stdout)


class FipsTableTest(harness.ServerTestCase):
    """The built-in FIPS 10-4 -> ISO3 table against GDELT's list (when present)."""

    def test_fips_codes_agree_with_gdelt(self):
        path = harness.data_file("gdelt_fips_country_codes.tsv")
        listed = self.api.ListCountries(harness.load_stubs().pb.ListCountriesRequest())
        ours = {c.fips: c.code for c in listed.countries if c.fips}
        rows = list(harness.read_tsv(path))
        matched, missing, differ = 0, [], []
        for row in rows:
            if row["fips"] not in ours:
                missing.append(row["fips"])
            elif ours[row["fips"]] != row["iso3"]:
                differ.append((row["fips"], ours[row["fips"]], row["iso3"]))
            else:
                matched += 1
        self.assertEqual(differ, [])
        # Small territories may be absent; the countries are not.
        self.assertGreaterEqual(matched, 0.8 * len(rows), f"missing {missing}")


class Icews18RollupTest(harness.ServerTestCase):
    """ICEWS18: the Russia-North Korea monthly timeline with rollup equals a scan that counts
    every actor affiliated with each country (country names as actors and the
    `Something (Country)` pattern)."""

    FILE = "icews18_events.tsv.gz"
    MONTHS = [f"2018-{m:02d}" for m in range(1, 11)]

    @classmethod
    def setUpClass(cls):
        cls.path = harness.data_file(cls.FILE)  # skips the class when the file is absent
        super().setUpClass()
        months = collections.Counter()
        actors = collections.Counter()
        for row in harness.read_tsv(cls.path):
            ca, ct = country_of(row["actor"]), country_of(row["target"])
            if {ca, ct} == {"RUS", "PRK"}:
                months[row["date"][:7]] += 1
                actors[row["actor"]] += 1
                actors[row["target"]] += 1
        cls.scan_months, cls.scan_actors = months, actors
        summary = cli_json(["ingest", cls.path, "--quiet"], server=cls.server)
        if jint(summary, "accepted") != 468558:
            raise AssertionError(f"ingest failed: {summary}")

    def request(self):
        pb = harness.load_stubs().pb
        return pb.GetTimelineRequest(actor="Russia", counterpart="North Korea",
                                     from_date="2018-01-01", to_date="2018-10-31",
                                     granularity=pb.GRANULARITY_MONTH,
                                     rollup=pb.ROLLUP_COUNTRY)

    def test_monthly_rollup_equals_the_scan(self):
        r = self.api.GetTimeline(self.request())
        got = {b.start_date[:7]: b.event_count for b in r.buckets}
        want = {m: self.scan_months.get(m, 0) for m in self.MONTHS}
        self.assertEqual(got, want)
        self.assertEqual(r.total.event_count, sum(want.values()))
        # More than the two state actors alone (README: 179 for the pair).
        self.assertGreater(r.total.event_count, 179)
        self.assertEqual({c.actor: c.event_count for c in r.contributors},
                         dict(self.scan_actors))
        # The CLI prints the same numbers.
        doc = cli_json(["timeline", "RUS", "PRK", "--rollup", "country", "--by", "month",
                        "--from", "2018-01-01", "--to", "2018-10-31"], server=self.server)
        self.assertEqual({b["startDate"][:7]: jint(b, "eventCount") for b in doc["buckets"]},
                         want)

    def test_rollup_latency(self):
        request = self.request()
        self.api.GetTimeline(request)  # warm
        times = []
        for _ in range(20):
            start = time.perf_counter()
            self.api.GetTimeline(request)
            times.append((time.perf_counter() - start) * 1000)
        pb = harness.load_stubs().pb
        single = pb.GetTimelineRequest(actor="RUS", from_date="2018-01-01",
                                       to_date="2018-10-31", granularity=pb.GRANULARITY_MONTH,
                                       rollup=pb.ROLLUP_COUNTRY)
        single_times = []
        for _ in range(10):
            start = time.perf_counter()
            r = self.api.GetTimeline(single)
            single_times.append((time.perf_counter() - start) * 1000)
        print(f"\nrollup timeline RUS-PRK monthly: median {statistics.median(times):.1f} ms, "
              f"max {max(times):.1f} ms; RUS with all partners: median "
              f"{statistics.median(single_times):.1f} ms over {len(r.contributors)} "
              f"contributing actors", file=sys.stderr)
        self.assertLess(statistics.median(times), 2000)


if __name__ == "__main__":
    harness.main()
