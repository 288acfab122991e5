"""End-to-end tests of the EventGraph gRPC API (Python stubs against a real eventgraphd).

Run: EVENTGRAPHD=... EVENTGRAPH_PYPROTO=... python3 tests/e2e/api_e2e_test.py
(see harness.py for the environment variables).
"""

import datetime
import os
import random
import sys
import unicodedata
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import bad_request_violations, norm_name  # noqa: E402

SKIP_EXIT_CODE = 77  # CTest's SKIP_RETURN_CODE for this file

harness.use_system_python()
try:
    S = harness.load_stubs()
except unittest.SkipTest as skip:
    print(f"api_e2e_test skipped: {skip}")
    sys.exit(SKIP_EXIT_CODE)
pb = S.pb

from reference import expected_buckets, matches_subject  # noqa: E402

import grpc  # noqa: E402  (load_stubs skips the module when grpc is missing)

BOTH, OUT, IN = pb.DIRECTION_BOTH, pb.DIRECTION_OUT, pb.DIRECTION_IN
DAY, WEEK, MONTH = pb.GRANULARITY_DAY, pb.GRANULARITY_WEEK, pb.GRANULARITY_MONTH
QUARTER, YEAR = pb.GRANULARITY_QUARTER, pb.GRANULARITY_YEAR
ALL_GRANULARITIES = (DAY, WEEK, MONTH, QUARTER, YEAR)


def ev(actor, action, target, date, code="", quad=0, goldstein=None, mentions=None, **kw):
    """An Event; optional numeric fields are set only when given."""
    e = pb.Event(actor=actor, action=action, target=target, date=date, event_code=code,
                 quad_class=quad, **kw)
    if goldstein is not None:
        e.goldstein = goldstein
    if mentions is not None:
        e.mentions = mentions
    return e


def bucket_dict(b):
    return {
        "start_date": b.start_date, "end_date": b.end_date, "event_count": b.event_count,
        "verbal_cooperation": b.verbal_cooperation,
        "material_cooperation": b.material_cooperation,
        "verbal_conflict": b.verbal_conflict, "material_conflict": b.material_conflict,
        "unclassified": b.unclassified, "goldstein_events": b.goldstein_events,
        "goldstein_mean": b.goldstein_mean if b.HasField("goldstein_mean") else None,
        "mentions": b.mentions,
    }


class ApiTestCase(harness.ServerTestCase):

    def assertRpcError(self, code, fn, *args, **kw):
        """Runs fn, expects a grpc.RpcError with `code`; returns the error."""
        with self.assertRaises(grpc.RpcError) as ctx:
            fn(*args, **kw)
        err = ctx.exception
        self.assertEqual(err.code(), code, f"{err.code()}: {err.details()}")
        status = harness.rpc_status(err)
        if status is not None:
            self.assertEqual(status.code, code.value[0], "google.rpc.Status code")
        return err

    def assertInvalidField(self, field_options, fn, *args, **kw):
        """INVALID_ARGUMENT with a BadRequest violation naming one of field_options."""
        if isinstance(field_options, str):
            field_options = (field_options,)
        err = self.assertRpcError(grpc.StatusCode.INVALID_ARGUMENT, fn, *args, **kw)
        self.assertIsNotNone(harness.rpc_status(err),
                             f"no grpc-status-details-bin trailer: {err.details()}")
        violations = bad_request_violations(err)
        fields = [f for f, _ in violations]
        self.assertTrue(any(f in field_options for f in fields),
                        f"want a violation of {field_options}, got {violations} "
                        f"({err.details()})")
        for f, description in violations:
            self.assertTrue(description.strip(), f"empty description for {f}")
        return err

    def assertBucketsEqual(self, got, want, context=""):
        got = [bucket_dict(b) for b in got]
        self.assertEqual(len(got), len(want), f"{context}: bucket count\n{got}\n{want}")
        for g, w in zip(got, want):
            gm, wm = g.pop("goldstein_mean"), w["goldstein_mean"]
            w = {k: v for k, v in w.items() if k != "goldstein_mean"}
            self.assertEqual(g, w, context)
            if wm is None:
                self.assertIsNone(gm, f"{context}: goldstein_mean set on {g['start_date']}")
            else:
                self.assertIsNotNone(gm, f"{context}: goldstein_mean absent on {g['start_date']}")
                self.assertAlmostEqual(gm, wm, places=9, msg=f"{context} {g['start_date']}")

    def ingest(self, events, **kw):
        return self.api.Ingest(pb.IngestRequest(events=events, **kw))

    def list_all(self, page_size=3, **fields):
        """Walks ListEvents to the end; returns (events, pages)."""
        events, pages, token = [], 0, ""
        while True:
            resp = self.api.ListEvents(pb.ListEventsRequest(page_size=page_size,
                                                            page_token=token, **fields))
            pages += 1
            self.assertLessEqual(len(resp.events), page_size if page_size > 0 else 100)
            events.extend(resp.events)
            token = resp.next_page_token
            if not token:
                return events, pages
            self.assertLess(pages, 10000, "paging does not end")


# ---------------------------------------------------------------- ingest


class IngestTest(ApiTestCase):

    def test_mixed_batch_rejects_per_item(self):
        good = {
            0: ev("Ingest Alpha", "Consult", "Ingest Beta", "2018-03-01", "040", 1, 1.0),
            1: ev("Ingest Beta", "Make a visit", "Ingest Alpha", "2018-03-02", "042", 1, 1.9),
            4: ev("Ingest Alpha", "Praise or endorse", "Ingest Gamma", "2018-03-03", "051", 1),
            11: ev("Ingest Gamma", "Reject", "Ingest Alpha", "2018-03-04", "120", 3, -4.0),
        }
        bad = {
            2: ("date", ev("Ingest Alpha", "Consult", "Ingest Beta", "2018-02-30")),
            3: ("actor", ev("", "Consult", "Ingest Beta", "2018-03-01")),
            5: ("actor", ev("A" * 600, "Consult", "Ingest Beta", "2018-03-01")),
            6: ("goldstein", ev("Ingest Alpha", "Consult", "Ingest Beta", "2018-03-05",
                                goldstein=11.5)),
            7: ("event_code", ev("Ingest Alpha", "Consult", "Ingest Beta", "2018-03-06",
                                 code="4x")),
            8: ("target", ev("Ingest Alpha", "Consult", "", "2018-03-07")),
            9: ("action", ev("Ingest Alpha", "", "Ingest Beta", "2018-03-08")),
            10: ("quad_class", ev("Ingest Alpha", "Consult", "Ingest Beta", "2018-03-09",
                                  quad=9)),
            12: ("location.lat", ev("Ingest Alpha", "Consult", "Ingest Beta", "2018-03-10",
                                    location=pb.Location(country="RUS", lat=91.0))),
            13: ("mentions", ev("Ingest Alpha", "Consult", "Ingest Beta", "2018-03-11",
                                mentions=-1)),
            14: ("date", ev("Ingest Alpha", "Consult", "Ingest Beta", "2018/03/12")),
        }
        batch = [good[i] if i in good else bad[i][1] for i in range(15)]
        resp = self.ingest(batch, sequence=41)
        self.assertEqual(resp.sequence, 41)
        self.assertEqual(resp.accepted, len(good))
        self.assertEqual(resp.duplicates, 0)
        self.assertEqual(len(resp.event_ids), len(batch))
        by_index = {}
        for r in resp.rejections:
            self.assertNotIn(r.index, by_index, f"index {r.index} rejected twice")
            by_index[r.index] = r
        self.assertEqual(sorted(by_index), sorted(bad), list(resp.rejections))
        for i, (field, _) in bad.items():
            with self.subTest(index=i):
                self.assertEqual(by_index[i].field, f"events[{i}].{field}")
                self.assertTrue(by_index[i].reason.strip())
                self.assertEqual(resp.event_ids[i], 0)
        for i in good:
            self.assertNotEqual(resp.event_ids[i], 0, f"good item {i} has no id")
        self.assertEqual(len({resp.event_ids[i] for i in good}), len(good))

        stored, _ = self.list_all(page_size=100, actor="Ingest Alpha")
        self.assertEqual(sorted(e.id for e in stored), sorted(resp.event_ids[i] for i in good))
        self.assertEqual(sorted((e.date, e.action) for e in stored),
                         sorted((g.date, g.action) for g in good.values()))

    def test_an_item_with_several_problems_is_rejected_once(self):
        resp = self.ingest([ev("", "Consult", "Multi Target", "2018-02-30", goldstein=12.0),
                            ev("Multi Actor", "Consult", "Multi Target", "2018-02-28")])
        self.assertEqual(resp.accepted, 1)
        self.assertEqual(len(resp.rejections), 1, list(resp.rejections))
        r = resp.rejections[0]
        self.assertEqual((r.index, r.field), (0, "events[0].date"))
        self.assertIn("actor: ", r.reason)
        self.assertIn("goldstein: ", r.reason)

    def test_same_batch_twice_is_idempotent(self):
        batch = [ev("Idem Actor", "Consult", "Idem Target", f"2017-05-0{i}", "040", 1, 1.0)
                 for i in range(1, 6)]
        first = self.ingest(batch)
        self.assertEqual((first.accepted, first.duplicates), (5, 0))
        second = self.ingest(batch)
        self.assertEqual((second.accepted, second.duplicates), (0, 5))
        self.assertEqual(list(second.event_ids), list(first.event_ids))
        self.assertEqual(len(second.rejections), 0)
        stored, _ = self.list_all(actor="Idem Actor")
        self.assertEqual(len(stored), 5)

    def test_identity_is_normalized_and_source_event_id_wins(self):
        base = ev("Ident Actor", "Consult", "Ident Target", "2016-01-01", source="doc-1")
        variant = ev("  IDENT actor ", " consult", "ident target", "2016-01-01", source="doc-1")
        other_source = ev("Ident Actor", "Consult", "Ident Target", "2016-01-01",
                          source="doc-2")
        r1 = self.ingest([base])
        r2 = self.ingest([variant, other_source])
        self.assertEqual(r1.accepted, 1)
        self.assertEqual((r2.accepted, r2.duplicates), (1, 1))
        self.assertEqual(r2.event_ids[0], r1.event_ids[0])
        self.assertNotEqual(r2.event_ids[1], r1.event_ids[0])

        a = ev("Sei Actor", "Consult", "Sei Target", "2016-02-01", source_event_id="GDELT-777")
        b = ev("Sei Actor", "Make a visit", "Sei Target", "2016-02-01",
               source_event_id="GDELT-777")
        ra, rb = self.ingest([a]), self.ingest([b])
        self.assertEqual((ra.accepted, rb.accepted, rb.duplicates), (1, 0, 1))
        self.assertEqual(rb.event_ids[0], ra.event_ids[0])
        stored, _ = self.list_all(actor="Sei Actor")
        self.assertEqual([(e.action, e.source_event_id) for e in stored],
                         [("Consult", "GDELT-777")])
        # An id is unique per date (ICEWS reuses Event IDs on other dates).
        c = ev("Sei Actor", "Consult", "Sei Target", "2016-02-02", source_event_id="GDELT-777")
        rc = self.ingest([c])
        self.assertEqual((rc.accepted, rc.duplicates), (1, 0))
        self.assertNotEqual(rc.event_ids[0], ra.event_ids[0])

    def test_all_fields_round_trip(self):
        e = ev("Full Actor", "Cooperate economically", "Full Target", "2015-06-30", "061", 2,
               6.4, 12, source="https://example.org/a", source_event_id="full-1", tone=-3.25,
               location=pb.Location(country="RUS", lat=55.75, lon=37.62),
               attributes={"publisher": "Reuters", "k": "v"})
        resp = self.ingest([e])
        self.assertEqual(resp.accepted, 1)
        stored, _ = self.list_all(actor="Full Actor")
        self.assertEqual(len(stored), 1)
        got = pb.Event()
        got.CopyFrom(stored[0])
        self.assertEqual(got.id, resp.event_ids[0])
        got.ClearField("id")
        self.assertEqual(got, e)

    def test_dates_before_1970_and_in_9999_round_trip(self):
        dates = ["0001-01-01", "1900-02-28", "1969-07-20", "1969-12-31", "1970-01-01",
                 "9999-12-30", "9999-12-31"]
        batch = [ev("Old And Far", "Consult", "Time Target", d, "040", 1, 1.0)
                 for d in reversed(dates)]
        resp = self.ingest(batch)
        self.assertEqual(resp.accepted, len(dates), list(resp.rejections))
        stored, _ = self.list_all(actor="Old And Far")
        self.assertEqual([e.date for e in stored], dates)
        desc, _ = self.list_all(actor="Old And Far", descending=True)
        self.assertEqual([e.date for e in desc], list(reversed(dates)))

        actor = self.api.GetActor(pb.GetActorRequest(name="Old And Far"))
        self.assertEqual((actor.first_date, actor.last_date), ("0001-01-01", "9999-12-31"))

        t = self.api.GetTimeline(pb.GetTimelineRequest(
            actor="Old And Far", from_date="1969-01-01", to_date="1970-12-31",
            granularity=YEAR))
        self.assertEqual([(b.start_date, b.end_date, b.event_count) for b in t.buckets],
                         [("1969-01-01", "1969-12-31", 2), ("1970-01-01", "1970-12-31", 1)])
        for gran in (DAY, WEEK, MONTH, QUARTER, YEAR):
            t = self.api.GetTimeline(pb.GetTimelineRequest(
                actor="Old And Far", from_date="9999-12-25", to_date="9999-12-31",
                granularity=gran))
            self.assertBucketsEqual(t.buckets, expected_buckets(
                batch, "Old And Far", "", BOTH, "9999-12-25", "9999-12-31", gran),
                f"year 9999, granularity {pb.Granularity.Name(gran)}")
        t = self.api.GetTimeline(pb.GetTimelineRequest(actor="Old And Far", granularity=YEAR))
        self.assertEqual((t.from_date, t.to_date), ("0001-01-01", "9999-12-31"))
        self.assertEqual(len(t.buckets), 9999)
        self.assertEqual(t.total.event_count, len(dates))

    def test_out_of_range_dates_are_rejected(self):
        bad = ["0000-12-31", "10000-01-01", "2018-1-5", "2019-02-29", "2018-04-31", ""]
        resp = self.ingest([ev("Range Actor", "Consult", "Range Target", d) for d in bad])
        self.assertEqual(resp.accepted, 0)
        self.assertEqual(sorted((r.index, r.field) for r in resp.rejections),
                         [(i, f"events[{i}].date") for i in range(len(bad))])

    def test_more_than_10000_events_is_invalid(self):
        batch = [ev("Bulk Actor", "Consult", "Bulk Target", "2014-01-01", source=str(i))
                 for i in range(10001)]
        self.assertInvalidField("events", self.ingest, batch)
        with self.assertRaises(grpc.RpcError):
            self.api.GetActor(pb.GetActorRequest(name="Bulk Actor"))  # nothing was stored

    def test_ingest_stream_acks_in_order(self):
        requests = [pb.IngestRequest(sequence=7 + i, events=[
            ev("Stream Actor", "Consult", "Stream Target", f"2013-0{i + 1}-0{j + 1}")
            for j in range(i + 1)]) for i in range(3)]
        acks = list(self.api.IngestStream(iter(requests)))
        self.assertEqual([a.sequence for a in acks], [7, 8, 9])
        self.assertEqual([a.accepted for a in acks], [1, 2, 3])
        self.assertEqual([len(a.event_ids) for a in acks], [1, 2, 3])


# ---------------------------------------------------------------- timeline

T, O, H = "Testland", "Otherland", "Thirdland"
TIMELINE_EVENTS = [
    ev(T, "Make a visit", O, "2018-01-03", "042", 1, 1.9, 3),
    ev(T, "Sign formal agreement", O, "2018-01-08", "057", 1, 8.0, 2),
    ev(O, "Criticize or denounce", T, "2018-01-14", "111", 3, -2.0),
    ev(O, "Use conventional military force", T, "2018-02-01", "190", 4, -10.0, 10),
    ev(T, "Cooperate economically", H, "2018-02-15", "061", 2, 6.4),
    ev(T, "Consult", O, "2018-04-01", "", 0, None, 1),
    ev(O, "Make a visit", T, "2018-07-02", "042", 1, 1.9),
    ev(T, "Express intent to meet or negotiate", O, "2018-12-31", "036", 1, 4.0),
    ev(H, "Impose embargo, boycott, or sanctions", T, "2019-03-10", "163", 4, -8.0),
    ev(O, "Consult", H, "2018-05-05", "040", 1, 1.0),
]


class TimelineTest(ApiTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        resp = cls.api.Ingest(pb.IngestRequest(events=TIMELINE_EVENTS))
        if resp.accepted != len(TIMELINE_EVENTS):
            raise AssertionError(f"setup ingest: {resp}")

    def timeline(self, **fields):
        return self.api.GetTimeline(pb.GetTimelineRequest(**fields))

    def test_unknown_actor_is_not_found(self):
        err = self.assertRpcError(grpc.StatusCode.NOT_FOUND, self.timeline,
                                  actor="Nowhereland Xyz", granularity=YEAR)
        self.assertIn("Nowhereland Xyz", err.details())

    def test_invalid_arguments_name_the_field(self):
        cases = [
            ("from_date", dict(actor=T, from_date="2018-13-01", to_date="2018-12-31")),
            ("from_date", dict(actor=T, from_date="18-01-01", to_date="2018-12-31")),
            ("to_date", dict(actor=T, from_date="2018-01-01", to_date="2018-02-30")),
            (("from_date", "to_date"), dict(actor=T, from_date="2018-05-01",
                                            to_date="2018-04-01")),
            ("granularity", dict(actor=T, granularity=99)),
            ("direction", dict(actor=T, direction=42)),
            ("actor", dict(actor="")),
            ("actor", dict(actor="   ")),
            # A CAMEO prefix is a root, base code or code: 2 to 4 digits.
            ("filter.event_code_prefix",
             dict(actor=T, filter=pb.EventFilter(event_code_prefix="0"))),
            ("filter.event_code_prefix",
             dict(actor=T, filter=pb.EventFilter(event_code_prefix="4x"))),
        ]
        for field, fields in cases:
            with self.subTest(field=field, request=fields):
                self.assertInvalidField(field, self.timeline, **fields)

    def test_empty_buckets_are_zero(self):
        t = self.timeline(actor=T, from_date="2018-01-01", to_date="2018-06-30",
                          granularity=MONTH)
        self.assertEqual([b.start_date for b in t.buckets],
                         ["2018-01-01", "2018-02-01", "2018-03-01", "2018-04-01",
                          "2018-05-01", "2018-06-01"])
        for b in (t.buckets[2], t.buckets[4], t.buckets[5]):  # March, May, June
            self.assertEqual(bucket_dict(b), {
                "start_date": b.start_date, "end_date": b.end_date, "event_count": 0,
                "verbal_cooperation": 0, "material_cooperation": 0, "verbal_conflict": 0,
                "material_conflict": 0, "unclassified": 0, "goldstein_events": 0,
                "goldstein_mean": None, "mentions": 0})

    def test_january_bucket_by_hand(self):
        t = self.timeline(actor=T, from_date="2018-01-01", to_date="2018-01-31",
                          granularity=MONTH, direction=BOTH)
        self.assertEqual(len(t.buckets), 1)
        b = t.buckets[0]
        self.assertEqual((b.start_date, b.end_date), ("2018-01-01", "2018-01-31"))
        self.assertEqual(b.event_count, 3)
        self.assertEqual((b.verbal_cooperation, b.verbal_conflict), (2, 1))
        self.assertEqual((b.material_cooperation, b.material_conflict, b.unclassified),
                         (0, 0, 0))
        self.assertEqual(b.goldstein_events, 3)
        self.assertAlmostEqual(b.goldstein_mean, (1.9 + 8.0 - 2.0) / 3)
        self.assertEqual(b.mentions, 5)
        total, first = bucket_dict(t.total), bucket_dict(b)
        for key in ("start_date", "end_date"):  # the total's dates are not specified
            del total[key], first[key]
        self.assertEqual(total, first)
        self.assertEqual((t.actor, t.from_date, t.to_date), (T, "2018-01-01", "2018-01-31"))
        self.assertEqual(t.granularity, MONTH)

    def test_bucket_starts_by_hand(self):
        cases = [
            (DAY, "2018-01-01", "2018-01-04",
             [("2018-01-01", "2018-01-01"), ("2018-01-02", "2018-01-02"),
              ("2018-01-03", "2018-01-03"), ("2018-01-04", "2018-01-04")]),
            # 2018-01-01 is a Monday: the first bucket is clipped to the window.
            (WEEK, "2018-01-03", "2018-01-24",
             [("2018-01-03", "2018-01-07"), ("2018-01-08", "2018-01-14"),
              ("2018-01-15", "2018-01-21"), ("2018-01-22", "2018-01-24")]),
            (WEEK, "2018-12-27", "2019-01-08",
             [("2018-12-27", "2018-12-30"), ("2018-12-31", "2019-01-06"),
              ("2019-01-07", "2019-01-08")]),
            (MONTH, "2018-01-15", "2018-04-10",
             [("2018-01-15", "2018-01-31"), ("2018-02-01", "2018-02-28"),
              ("2018-03-01", "2018-03-31"), ("2018-04-01", "2018-04-10")]),
            (MONTH, "2020-02-01", "2020-03-01",
             [("2020-02-01", "2020-02-29"), ("2020-03-01", "2020-03-01")]),
            (QUARTER, "2018-02-10", "2018-12-31",
             [("2018-02-10", "2018-03-31"), ("2018-04-01", "2018-06-30"),
              ("2018-07-01", "2018-09-30"), ("2018-10-01", "2018-12-31")]),
            (YEAR, "2018-06-01", "2019-03-31",
             [("2018-06-01", "2018-12-31"), ("2019-01-01", "2019-03-31")]),
            (pb.GRANULARITY_UNSPECIFIED, "2018-06-01", "2019-03-31",
             [("2018-06-01", "2018-12-31"), ("2019-01-01", "2019-03-31")]),
        ]
        for gran, frm, to, want in cases:
            with self.subTest(granularity=pb.Granularity.Name(gran), window=(frm, to)):
                t = self.timeline(actor=T, from_date=frm, to_date=to, granularity=gran)
                self.assertEqual([(b.start_date, b.end_date) for b in t.buckets], want)
                self.assertEqual((t.from_date, t.to_date), (frm, to))

    def test_counts_match_the_reference(self):
        windows = [("2018-01-01", "2018-12-31"), ("2017-12-15", "2019-04-02")]
        subjects = [(T, "", BOTH), (T, "", OUT), (T, "", IN), (T, O, BOTH), (T, O, OUT),
                    (T, O, IN), (O, T, BOTH), (H, "", BOTH), (T, H, IN)]
        for frm, to in windows:
            for actor, counterpart, direction in subjects:
                for gran in ALL_GRANULARITIES:
                    context = (f"{actor}/{counterpart or '*'} {pb.Direction.Name(direction)} "
                               f"{pb.Granularity.Name(gran)} {frm}..{to}")
                    with self.subTest(context):
                        t = self.timeline(actor=actor, counterpart=counterpart,
                                          direction=direction, from_date=frm, to_date=to,
                                          granularity=gran)
                        want = expected_buckets(TIMELINE_EVENTS, actor, counterpart,
                                                direction, frm, to, gran)
                        self.assertBucketsEqual(t.buckets, want, context)
                        total = self.total_of(want)
                        self.assertEqual(t.total.event_count, total["event_count"])
                        self.assertEqual(t.total.goldstein_events, total["goldstein_events"])

    @staticmethod
    def total_of(buckets):
        return {k: sum(b[k] for b in buckets)
                for k in ("event_count", "goldstein_events", "mentions")}

    def test_filters(self):
        filters = [
            dict(action="  make A VISIT "),
            dict(event_code_prefix="05"),
            dict(event_code_prefix="190"),
            dict(event_code_prefix="19"),  # a root: fight
            dict(quad_classes=[3, 4]),
            dict(quad_classes=[1], event_code_prefix="04"),
        ]
        for f in filters:
            with self.subTest(filter=f):
                t = self.timeline(actor=T, from_date="2018-01-01", to_date="2019-12-31",
                                  granularity=QUARTER, filter=pb.EventFilter(**f))
                want = expected_buckets(TIMELINE_EVENTS, T, "", BOTH, "2018-01-01",
                                        "2019-12-31", QUARTER, f.get("action", ""),
                                        f.get("event_code_prefix", ""),
                                        f.get("quad_classes", ()))
                self.assertBucketsEqual(t.buckets, want, str(f))

    def test_window_open_at_either_end(self):
        # GetTimelineRequest: an empty from_date (to_date) extends the window to the start
        # (end) of the bucket of the subject's first (last) event; the response gives the
        # window actually used. Testland's events run from 2018-01-03 to 2019-03-10.
        cases = [("", "2018-06-30", "2018-01-01", "2018-06-30"),
                 ("2018-03-01", "", "2018-03-01", "2019-03-31"),
                 ("", "", "2018-01-01", "2019-03-31")]
        for frm, to, want_from, want_to in cases:
            with self.subTest(from_date=frm, to_date=to):
                t = self.timeline(actor=T, from_date=frm, to_date=to, granularity=MONTH)
                want = expected_buckets(TIMELINE_EVENTS, T, "", BOTH, want_from, want_to, MONTH)
                self.assertEqual(t.total.event_count, sum(b["event_count"] for b in want))
                self.assertEqual((t.from_date, t.to_date), (want_from, want_to),
                                 "an open end extends to its bucket's boundary")
                self.assertBucketsEqual(t.buckets, want)
        # With yearly buckets the open window is whole years.
        t = self.timeline(actor=T, granularity=YEAR)
        self.assertEqual((t.from_date, t.to_date), ("2018-01-01", "2019-12-31"))
        self.assertEqual([b.start_date for b in t.buckets], ["2018-01-01", "2019-01-01"])

    def test_actor_matching_ignores_case_and_surrounding_blanks(self):
        want = self.timeline(actor=T, counterpart=O, from_date="2018-01-01",
                             to_date="2018-12-31", granularity=QUARTER)
        self.assertGreater(want.total.event_count, 0)
        for actor, counterpart in [("  testland ", "OTHERLAND"), ("TESTLAND", " otherland\t"),
                                   (" \tTestland", "Otherland")]:
            with self.subTest(actor=actor, counterpart=counterpart):
                t = self.timeline(actor=actor, counterpart=counterpart,
                                  from_date="2018-01-01", to_date="2018-12-31",
                                  granularity=QUARTER)
                self.assertEqual(t.actor, T)
                self.assertEqual(t.counterpart, O)
                self.assertEqual(list(t.buckets), list(want.buckets))

    def test_actor_matching_is_nfc_insensitive(self):
        decomposed = unicodedata.normalize("NFD", "Zoé Société")
        composed = unicodedata.normalize("NFC", "Zoé Société")
        self.assertNotEqual(decomposed, composed)
        r1 = self.api.Ingest(pb.IngestRequest(events=[
            ev(decomposed, "Consult", "Nfc Partner", "2012-05-01", "040", 1, 1.0)]))
        r2 = self.api.Ingest(pb.IngestRequest(events=[
            ev(composed.upper(), "Make a visit", "Nfc Partner", "2012-05-02", "042", 1, 1.9)]))
        self.assertEqual((r1.accepted, r2.accepted), (1, 1))
        actor = self.api.GetActor(pb.GetActorRequest(name=composed.lower()))
        # The first spelling seen (its case), in the normalized (NFC) form.
        self.assertEqual(actor.name, composed, "the first spelling seen is kept")
        self.assertEqual(actor.event_count, 2)
        for spelling in (composed, decomposed, "  " + composed.upper()):
            t = self.timeline(actor=spelling, from_date="2012-01-01", to_date="2012-12-31",
                              granularity=YEAR)
            self.assertEqual(t.total.event_count, 2, spelling)
        found = self.api.SearchActors(pb.SearchActorsRequest(prefix=decomposed[:4]))
        self.assertEqual([a.name for a in found.actors], [composed])


# ---------------------------------------------------------------- events


def pager_events():
    """20 events of "Pager" (several per date, ingested out of order) and 5 of others."""
    rng = random.Random(1234)
    events = []
    for i in range(20):
        date = (datetime.date(2018, 3, 1) + datetime.timedelta(days=i // 3 * 2)).isoformat()
        partner = "Pager Partner A" if i % 2 else "Pager Partner B"
        if i % 3 == 0:
            events.append(ev(partner, f"Action {i}", "Pager", date, "040", 1, 1.0))
        else:
            events.append(ev("Pager", f"Action {i}", partner, date, "111", 3, -2.0))
    for i in range(5):
        events.append(ev("Noise", f"Noise {i}", "Noise Target", f"2018-03-0{i + 1}"))
    rng.shuffle(events)
    return events


class ListEventsTest(ApiTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.events = pager_events()
        # Two requests, so that ids and dates are not in the same order.
        half = len(cls.events) // 2
        ids = []
        for part in (cls.events[half:], cls.events[:half]):
            resp = cls.api.Ingest(pb.IngestRequest(events=part))
            if resp.accepted != len(part):
                raise AssertionError(f"setup ingest: {resp}")
            ids.extend(resp.event_ids)
        cls.ids = ids[len(cls.events) - half:] + ids[:len(cls.events) - half]
        cls.stored = []
        for e, i in zip(cls.events, cls.ids):
            copy = pb.Event()
            copy.CopyFrom(e)
            copy.id = i
            cls.stored.append(copy)

    def expected(self, descending=False, actor="", counterpart="", direction=BOTH,
                 from_date="", to_date=""):
        out = [e for e in self.stored
               if (not actor or matches_subject(e, actor, counterpart, direction))
               and (not from_date or e.date >= from_date) and (not to_date or e.date <= to_date)]
        out.sort(key=lambda e: (e.date, e.id), reverse=descending)
        return [e.id for e in out]

    def test_paging_walks_every_event_once(self):
        for descending in (False, True):
            with self.subTest(descending=descending):
                got, pages = self.list_all(page_size=3, actor="Pager", descending=descending)
                ids = [e.id for e in got]
                self.assertEqual(len(ids), len(set(ids)), "an event came twice")
                self.assertEqual(ids, self.expected(descending, actor="Pager"))
                self.assertEqual(len(ids), 20)
                self.assertGreaterEqual(pages, 7)
                keys = [(e.date, e.id) for e in got]
                self.assertEqual(keys, sorted(keys, reverse=descending))

    def test_paging_with_filters(self):
        cases = [
            dict(actor="Pager", counterpart="Pager Partner A"),
            dict(actor="Pager", direction=OUT),
            dict(actor="Pager", direction=IN, from_date="2018-03-05"),
            dict(actor="pager partner b", counterpart="PAGER", direction=OUT),
            dict(actor="Pager", from_date="2018-03-03", to_date="2018-03-09"),
            dict(from_date="2018-03-02", to_date="2018-03-04"),
            dict(),
        ]
        for fields in cases:
            for descending in (False, True):
                with self.subTest(fields=fields, descending=descending):
                    got, _ = self.list_all(page_size=3, descending=descending, **fields)
                    self.assertEqual([e.id for e in got], self.expected(descending, **fields))

    def test_default_page_size_and_last_page(self):
        resp = self.api.ListEvents(pb.ListEventsRequest(actor="Pager"))
        self.assertEqual(len(resp.events), 20)
        self.assertEqual(resp.next_page_token, "")
        resp = self.api.ListEvents(pb.ListEventsRequest(actor="Pager", page_size=5000))
        self.assertEqual(len(resp.events), 20)

    def test_events_come_back_whole(self):
        got, _ = self.list_all(page_size=100, actor="Pager")
        by_id = {e.id: e for e in self.stored}
        for e in got:
            self.assertEqual(e, by_id[e.id])

    def test_page_token_with_another_filter_is_invalid(self):
        first = self.api.ListEvents(pb.ListEventsRequest(actor="Pager", page_size=3))
        token = first.next_page_token
        self.assertTrue(token)
        # The same request with the token works.
        self.api.ListEvents(pb.ListEventsRequest(actor="Pager", page_size=3, page_token=token))
        changes = [dict(actor="Noise"), dict(actor="Pager", from_date="2018-03-02"),
                   dict(actor="Pager", descending=True),
                   dict(actor="Pager", counterpart="Pager Partner A"),
                   dict(actor="Pager", filter=pb.EventFilter(event_code_prefix="04"))]
        for fields in changes:
            with self.subTest(fields=fields):
                self.assertInvalidField("page_token", self.api.ListEvents,
                                        pb.ListEventsRequest(page_size=3, page_token=token,
                                                             **fields))
        self.assertInvalidField("page_token", self.api.ListEvents,
                                pb.ListEventsRequest(actor="Pager", page_token="garbage!"))

    def test_counterpart_requires_actor(self):
        self.assertInvalidField("counterpart", self.api.ListEvents,
                                pb.ListEventsRequest(counterpart="Pager"))

    def test_stream_returns_the_same_events_as_paging(self):
        for descending in (False, True):
            with self.subTest(descending=descending):
                paged, _ = self.list_all(page_size=3, actor="Pager", descending=descending)
                chunks = list(self.api.StreamEvents(pb.StreamEventsRequest(
                    actor="Pager", descending=descending)))
                streamed = [e for c in chunks for e in c.events]
                for c in chunks:
                    self.assertLessEqual(len(c.events), 500)
                self.assertEqual([e.id for e in streamed], [e.id for e in paged])
        chunks = self.api.StreamEvents(pb.StreamEventsRequest(actor="Pager", limit=5))
        self.assertEqual([e.id for c in chunks for e in c.events],
                         self.expected(actor="Pager")[:5])
        chunks = self.api.StreamEvents(pb.StreamEventsRequest())
        self.assertEqual([e.id for c in chunks for e in c.events], self.expected())


# ---------------------------------------------------------------- actors, stats, health

ACTOR_EVENTS = [
    ev("Vladimir Putin", "Consult", "Moscow", "2011-04-02", "040", 1, 1.0),
    ev("Vladivostok", "Host a visit", "Vladimir Putin", "2012-09-08", "043", 1, 2.8),
    ev("Vladimir Putin", "Make a visit", "Valdai Club", "2014-10-24", "042", 1, 1.9),
    ev("vladislav Test", "Consult", "Valdai Club", "2010-01-01", "040", 1, 1.0),
    ev("Moscow", "Consult", "Moscow", "2009-05-05", "040", 1, 1.0),
    ev("Moscow", "Make a visit", "Valdai Club", "2016-06-16", "042", 1, 1.9),
]


class ActorsAndStatsTest(ApiTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        resp = cls.api.Ingest(pb.IngestRequest(events=ACTOR_EVENTS))
        if resp.accepted != len(ACTOR_EVENTS):
            raise AssertionError(f"setup ingest: {resp}")
        cls.names = sorted({n for e in ACTOR_EVENTS for n in (e.actor, e.target)},
                           key=norm_name)

    def search(self, prefix, page_size=0):
        names, token = [], ""
        while True:
            resp = self.api.SearchActors(pb.SearchActorsRequest(
                prefix=prefix, page_size=page_size, page_token=token))
            names.extend(a.name for a in resp.actors)
            token = resp.next_page_token
            if not token:
                return names

    def test_search_prefix_is_case_insensitive(self):
        want = sorted(["Vladimir Putin", "Vladivostok", "vladislav Test"], key=norm_name)
        for prefix in ("vlad", "VLAD", "Vlad"):
            with self.subTest(prefix=prefix):
                self.assertEqual(sorted(self.search(prefix), key=norm_name), want)
        self.assertEqual(sorted(self.search("vladi"), key=norm_name), want)
        self.assertEqual(sorted(self.search("VLADIM")), ["Vladimir Putin"])
        self.assertEqual(self.search("zzz"), [])

    def test_empty_prefix_lists_all_actors_by_name(self):
        got = self.search("", page_size=2)
        # "By name": case-insensitively (as actors are matched) or by the bytes of the name.
        self.assertIn(got, (self.names, sorted(self.names)), "names missing or out of order")

    def test_get_actor_counts_and_dates(self):
        for name in self.names:
            mine = [e for e in ACTOR_EVENTS if name in (e.actor, e.target)]
            with self.subTest(name=name):
                a = self.api.GetActor(pb.GetActorRequest(name=name.upper()))
                self.assertEqual(a.name, name)
                self.assertNotEqual(a.id, 0)
                self.assertEqual(a.first_date, min(e.date for e in mine))
                self.assertEqual(a.last_date, max(e.date for e in mine))
                self.assertEqual(a.event_count, len(mine))
                self.assertEqual(a.out_count, sum(1 for e in mine if e.actor == name))
                self.assertEqual(a.in_count, sum(1 for e in mine if e.target == name))
        moscow = self.api.GetActor(pb.GetActorRequest(name="Moscow"))
        self.assertEqual((moscow.event_count, moscow.out_count, moscow.in_count), (3, 2, 2),
                         "a self-loop counts once in event_count")

    def test_get_actor_errors(self):
        err = self.assertRpcError(grpc.StatusCode.NOT_FOUND, self.api.GetActor,
                                  pb.GetActorRequest(name="Atlantis Nobody"))
        self.assertIn("Atlantis Nobody", err.details())
        self.assertInvalidField("name", self.api.GetActor, pb.GetActorRequest(name=""))

    def test_stats(self):
        stats = self.api.GetStats(pb.GetStatsRequest())
        self.assertEqual(stats.events, len(ACTOR_EVENTS))
        self.assertEqual(stats.actors, len(self.names))
        self.assertEqual(stats.first_date, min(e.date for e in ACTOR_EVENTS))
        self.assertEqual(stats.last_date, max(e.date for e in ACTOR_EVENTS))
        self.assertTrue(stats.format_version)
        self.assertTrue(stats.server_version)
        self.assertGreaterEqual(stats.bytes_on_disk, 0)

    def test_health_is_serving(self):
        self.assertEqual(self.api.health_check(""), harness.HEALTH_SERVING)

    def test_z_restart_keeps_actors_and_stats(self):
        before = self.api.GetStats(pb.GetStatsRequest())
        self.server.restart()
        self.reconnect()
        after = self.api.GetStats(pb.GetStatsRequest())
        self.assertEqual((after.events, after.actors, after.first_date, after.last_date),
                         (before.events, before.actors, before.first_date, before.last_date))
        self.assertEqual(sorted(self.search("")), sorted(self.names))
        self.assertEqual(self.api.health_check(""), harness.HEALTH_SERVING)



class CheckDatabaseTest(harness.ServerTestCase):
    """CheckDatabase on a live server: clean after ingest, clean after a repair."""

    def test_check_and_repair(self):
        events = [ev(f"Actor {i % 7}", "Consult", f"Actor {(i * 3) % 11}",
                     f"2020-{1 + i % 12:02d}-{1 + i % 28:02d}", code="042", quad=1,
                     goldstein=1.5, source_event_id=f"c{i}") for i in range(300)]
        ack = self.api.Ingest(pb.IngestRequest(events=events))
        self.assertEqual(ack.accepted, 300)
        check = self.api.CheckDatabase(pb.CheckDatabaseRequest())
        self.assertEqual((check.events, check.problems, check.repaired), (300, 0, False))
        self.assertGreater(check.entries, 300 * 5)
        before = self.api.GetTimeline(pb.GetTimelineRequest(actor="Actor 1"))
        repaired = self.api.CheckDatabase(pb.CheckDatabaseRequest(repair=True))
        self.assertEqual((repaired.events, repaired.problems, repaired.repaired),
                         (300, 0, True))
        after = self.api.GetTimeline(pb.GetTimelineRequest(actor="Actor 1"))
        self.assertEqual(after.total.event_count, before.total.event_count)
        # Identities survive the rebuild: a reload is all duplicates.
        again = self.api.Ingest(pb.IngestRequest(events=events))
        self.assertEqual((again.accepted, again.duplicates), (0, 300))
        self.assertEqual(self.api.GetStats(pb.GetStatsRequest()).events, 300)


class WatchEventsTest(harness.ServerTestCase):
    """WatchEvents pushes newly stored events that match, and nothing else."""

    def open_watch(self, api, request, probe_actor, probe_quad=0):
        """Starts a watch and returns (call, queue of events) once it is live: probe events
        (matching it) are ingested until the first one arrives."""
        import queue
        import threading
        call = api.WatchEvents(request, timeout=120)
        got = queue.Queue()

        def pump():
            try:
                for response in call:
                    for e in response.events:
                        got.put(e)
            except grpc.RpcError as err:
                got.put(err)
        threading.Thread(target=pump, daemon=True).start()
        for attempt in range(100):
            api.Ingest(pb.IngestRequest(events=[ev(
                probe_actor, "Probe", "Probe Target", "2021-01-01", quad=probe_quad,
                source_event_id=f"probe-{probe_actor}-{attempt}")]))
            try:
                first = got.get(timeout=0.2)
                self.assertEqual(first.action, "Probe")
                break
            except queue.Empty:
                continue
        else:
            self.fail("the watch never received a probe")
        while not got.empty():  # later probes
            self.assertEqual(got.get().action, "Probe")
        return call, got

    def drain(self, got, wait=1.0):
        import queue
        out = []
        while True:
            try:
                item = got.get(timeout=wait)
            except queue.Empty:
                return out
            if isinstance(item, Exception):
                out.append(item)
                return out
            if item.action != "Probe":
                out.append(item)

    def test_new_matching_events_arrive_once(self):
        call, got = self.open_watch(self.api, pb.WatchEventsRequest(
            actor="russia", direction=OUT), "Russia")
        hostile, hq = self.open_watch(self.api, pb.WatchEventsRequest(
            filter=pb.EventFilter(quad_classes=[4])), "Nobody", probe_quad=4)
        batch = [ev("Russia", "Consult", "China", "2021-02-01", quad=1, source_event_id="w1"),
                 ev("Russia", "Fight", "Georgia", "2021-02-02", quad=4, source_event_id="w2"),
                 ev("China", "Consult", "Russia", "2021-02-03", quad=1, source_event_id="w3"),
                 ev("Japan", "Fight", "China", "2021-02-04", quad=4, source_event_id="w4"),
                 ev("RUSSIA ", "Host a visit", "North Korea", "2021-02-05", quad=1,
                    source_event_id="w5")]
        ack = self.api.Ingest(pb.IngestRequest(events=batch))
        self.assertEqual(ack.accepted, 5)
        # A repeated batch stores nothing, so nothing is pushed again.
        self.api.Ingest(pb.IngestRequest(events=batch))
        seen = self.drain(got)
        self.assertEqual([(e.source_event_id, e.id) for e in seen],
                         [("w1", ack.event_ids[0]), ("w2", ack.event_ids[1]),
                          ("w5", ack.event_ids[4])])
        self.assertEqual(seen[2].actor, "Russia")  # the stored spelling
        conflict = [e for e in self.drain(hq) if e.source_event_id.startswith("w")]
        self.assertEqual([e.source_event_id for e in conflict], ["w2", "w4"])
        call.cancel()
        hostile.cancel()
        # The server goes on serving after cancelled watches.
        self.assertGreaterEqual(self.api.GetStats(pb.GetStatsRequest()).events, 5)

    def test_bad_requests_are_refused(self):
        for request, field in ((pb.WatchEventsRequest(counterpart="China"), "counterpart"),
                               (pb.WatchEventsRequest(filter=pb.EventFilter(quad_classes=[9])),
                                "filter.quad_classes")):
            with self.assertRaises(grpc.RpcError) as ctx:
                list(self.api.WatchEvents(request, timeout=10))
            self.assertEqual(ctx.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
            self.assertIn(field, [f for f, _ in bad_request_violations(ctx.exception)])

    def test_shutdown_ends_watches_at_once(self):
        server = harness.Server()
        self.addCleanup(server.close)
        server.start()
        api = harness.Api(server.address)
        self.addCleanup(api.close)
        call, got = self.open_watch(api, pb.WatchEventsRequest(), "Anyone")
        started = time.monotonic()
        self.assertEqual(server.stop(), 0)
        self.assertLess(time.monotonic() - started, 8, "shutdown waited for the watch")
        end = self.drain(got, wait=5)
        self.assertTrue(end and isinstance(end[-1], grpc.RpcError), end)
        self.assertEqual(end[-1].code(), grpc.StatusCode.UNAVAILABLE)

if __name__ == "__main__":
    harness.main()
