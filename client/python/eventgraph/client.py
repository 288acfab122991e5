"""The EventGraph client: one gRPC channel, plain objects in and out.

A Client is safe to use from several threads (gRPC channels are). Every call
carries a deadline: the client's `timeout` (seconds), or the call's own
`timeout` argument when given. For streaming calls (stream_events,
ingest_stream, subgraph, subgraph_stream) the deadline covers the whole
stream. Every failure raises an
errors.EventGraphError subclass (NotFound, InvalidArgument, Unavailable...).
"""

import itertools

import grpc

from . import _convert, _health, errors, types
from ._stubs import pb, pb_grpc

DEFAULT_ADDRESS = "127.0.0.1:50051"
DEFAULT_TIMEOUT = 30.0
# Largest message sent or received, in MiB (the server's default limit).
DEFAULT_MAX_MESSAGE_MB = 64
# Events per ListEvents page (the server's maximum) and per IngestStream batch.
DEFAULT_PAGE_SIZE = 1000
DEFAULT_BATCH_SIZE = 2000


def connect(address=DEFAULT_ADDRESS, timeout=DEFAULT_TIMEOUT,
            max_message_mb=DEFAULT_MAX_MESSAGE_MB, token=None, tls_ca=None,
            tls_cert=None, tls_key=None, tls_server_name=None):
    """A Client of the server at address ("host:port").

    token: sent as `authorization: Bearer <token>` with every call (servers
    started with --tokens). tls_ca: path of a PEM CA file; turns TLS on (with
    only tls_cert/tls_key, TLS trusts gRPC's default roots). tls_cert and
    tls_key: PEM files of a client certificate, for servers requiring mTLS.
    tls_server_name: the name expected in the server's certificate when it
    differs from the host of address.

    Connecting is lazy: an unreachable server makes the first call raise
    Unavailable; a missing or unknown token raises Unauthenticated, a token
    without the role needed PermissionDenied.
    """
    return Client(address, timeout=timeout, max_message_mb=max_message_mb,
                  token=token, tls_ca=tls_ca, tls_cert=tls_cert,
                  tls_key=tls_key, tls_server_name=tls_server_name)


def _read_file(path, what):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise errors.invalid_argument(what, f"cannot read {path}: {e.strerror}") from e


class _TokenInterceptor(grpc.UnaryUnaryClientInterceptor,
                        grpc.UnaryStreamClientInterceptor,
                        grpc.StreamUnaryClientInterceptor,
                        grpc.StreamStreamClientInterceptor):
    """Adds `authorization: Bearer <token>` to every call of the channel."""

    def __init__(self, token):
        self._header = ("authorization", f"Bearer {token}")

    def _details(self, details):
        metadata = list(details.metadata or ()) + [self._header]
        return details._replace(metadata=metadata) if hasattr(details, "_replace") \
            else _CallDetails(details, metadata)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_stream_unary(self, continuation, details, requests):
        return continuation(self._details(details), requests)

    def intercept_stream_stream(self, continuation, details, requests):
        return continuation(self._details(details), requests)


class _CallDetails(grpc.ClientCallDetails):
    """gRPC's call details with other metadata."""

    def __init__(self, details, metadata):
        self.method = details.method
        self.timeout = details.timeout
        self.metadata = metadata
        self.credentials = details.credentials
        self.wait_for_ready = getattr(details, "wait_for_ready", None)
        self.compression = getattr(details, "compression", None)


def _selection(actor, counterpart, start, end, direction, action, code, quad,
               rollup=None):
    """The fields that ListEvents and StreamEvents requests share, as keywords.

    Raises InvalidArgument for a bad direction, date, filter or rollup value.
    """
    return dict(actor=actor or "", counterpart=counterpart or "",
                direction=_convert.direction(direction),
                rollup=_convert.rollup(rollup),
                from_date=_convert.date_text(start, "start"),
                to_date=_convert.date_text(end, "end"),
                filter=_convert.event_filter(action, code, quad))


def _backup_dict(backup):
    return {"id": backup.id, "created": backup.created,
            "created_unix": backup.created_unix, "events": backup.events,
            "files": backup.files, "size_bytes": backup.size_bytes,
            "corrupt": backup.corrupt, "elapsed_ms": backup.elapsed_ms}


class Client:
    """A connection to eventgraphd; close() it, or use it in a `with` block."""

    def __init__(self, address=DEFAULT_ADDRESS, timeout=DEFAULT_TIMEOUT,
                 max_message_mb=DEFAULT_MAX_MESSAGE_MB, token=None, tls_ca=None,
                 tls_cert=None, tls_key=None, tls_server_name=None):
        limit = int(max_message_mb * 1024 * 1024)
        self.address = address
        self.timeout = timeout
        options = [("grpc.max_receive_message_length", limit),
                   ("grpc.max_send_message_length", limit)]
        if (tls_cert is None) != (tls_key is None):
            raise errors.invalid_argument("tls_cert", "tls_cert and tls_key go together")
        if tls_ca or tls_cert:
            credentials = grpc.ssl_channel_credentials(
                root_certificates=_read_file(tls_ca, "tls_ca") if tls_ca else None,
                private_key=_read_file(tls_key, "tls_key") if tls_key else None,
                certificate_chain=_read_file(tls_cert, "tls_cert") if tls_cert else None)
            if tls_server_name:
                options.append(("grpc.ssl_target_name_override", tls_server_name))
            self._channel = grpc.secure_channel(address, credentials, options=options)
        else:
            self._channel = grpc.insecure_channel(address, options=options)
        if token:
            # An interceptor rather than call credentials: gRPC sends call
            # credentials over TLS only, and a loopback server may check
            # tokens without TLS.
            self._channel = grpc.intercept_channel(self._channel, _TokenInterceptor(token))
        self._stub = pb_grpc.EventGraphStub(self._channel)

    def close(self):
        """Closes the channel; calls in flight are cancelled."""
        self._channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # ------------------------------------------------------------ writes

    def ingest(self, events, timeout=None):
        """Stores one batch (at most 10,000 events) with the Ingest RPC.

        events: dicts of Event's field names, or Event objects. Returns an
        IngestResult: accepted, duplicates, one Rejection per bad item
        (index, field, reason) and one event id per item (0 if rejected).
        Raises InvalidArgument for an item of the wrong type or with an
        unknown key (nothing is sent), EventGraphError when the call fails.
        """
        request = pb.IngestRequest(
            events=[_convert.event_to_proto(e, i) for i, e in enumerate(events)])
        response = self._unary(self._stub.Ingest, request, timeout)
        return _convert.ingest_result_from_proto(response)

    def ingest_stream(self, events, batch_size=DEFAULT_BATCH_SIZE, timeout=None):
        """Stores an iterable of events in batches over one IngestStream call.

        Batches are read from `events` as the server acknowledges them
        (backpressure), so the iterable may be a generator over a large file.
        Returns a list of IngestResult, one per batch in order (`sequence` 0,
        1, ...); rejection indexes and fields count from the start of
        `events`. The deadline covers the whole stream: pass a `timeout` that
        fits the load. Raises InvalidArgument for a bad batch_size or a bad
        item (batches before it are already stored), EventGraphError when the
        call fails.
        """
        if not isinstance(batch_size, int) or not 1 <= batch_size <= 10000:
            raise errors.invalid_argument("batch_size", "must be an int in 1..10000")
        failure = []

        def requests():
            source = iter(events)
            for sequence in itertools.count():
                offset = sequence * batch_size
                # gRPC reads this generator on its own thread and would only
                # log an exception: keep it and raise it after the stream.
                try:
                    chunk = list(itertools.islice(source, batch_size))
                    batch = [_convert.event_to_proto(e, offset + i)
                             for i, e in enumerate(chunk)]
                except Exception as e:  # noqa: BLE001 (re-raised below)
                    failure.append(e)
                    return
                if not batch:
                    return
                yield pb.IngestRequest(events=batch, sequence=sequence)

        call = self._stub.IngestStream(requests(), timeout=self._deadline(timeout))
        results = [_convert.ingest_result_from_proto(ack, ack.sequence * batch_size)
                   for ack in self._stream(call)]
        if failure:
            raise failure[0]
        return results

    # ------------------------------------------------------------ reads

    def timeline(self, actor, counterpart=None, start=None, end=None, by="year",
                 direction="both", action=None, code=None, quad=None, timeout=None,
                 rollup=None, split=False):
        """The timeline of actor (with counterpart, or with everyone).

        start/end: "YYYY-MM-DD" or datetime.date, None for an open end. by:
        "day", "week", "month", "quarter" or "year". direction: "both",
        "out" (actor acts) or "in" (actor is the target). action (exact
        text), code (CAMEO prefix) and quad (a class 1..4 or several) filter
        the events. Returns a Timeline with every bucket of the window (empty
        ones as zeros) and the total. Raises NotFound for an unknown actor,
        InvalidArgument (with field_violations) for a bad argument,
        OutOfRange for a window of over 100,000 buckets.

        rollup="country": actor and counterpart name countries (code "RUS",
        name or alias) and stand for every actor affiliated with them; the
        Timeline then lists its `contributors`. NotFound names an unknown
        country.

        split=True (direction "both" only) also counts each direction apart,
        in the same call: every bucket and the total then have `outgoing`
        (actor to counterpart) and `incoming` Buckets.
        """
        request = pb.GetTimelineRequest(
            split_directions=bool(split),
            rollup=_convert.rollup(rollup),
            actor=actor, counterpart=counterpart or "",
            direction=_convert.direction(direction),
            from_date=_convert.date_text(start, "start"),
            to_date=_convert.date_text(end, "end"),
            filter=_convert.event_filter(action, code, quad),
            granularity=_convert.granularity(by))
        response = self._unary(self._stub.GetTimeline, request, timeout)
        return _convert.timeline_from_proto(response)

    def events(self, actor=None, counterpart=None, start=None, end=None,
               direction="both", action=None, code=None, quad=None,
               descending=False, page_size=DEFAULT_PAGE_SIZE, timeout=None,
               rollup=None):
        """An EventIterator over every selected event, ordered by (date, id).

        Arguments as for timeline(); no actor selects all events. Pages of
        page_size events are fetched with ListEvents as the iteration goes,
        each page with its own deadline. Raises InvalidArgument at once for
        a bad direction or date type; iterating raises NotFound,
        InvalidArgument or another EventGraphError when a page fails.
        """
        request = pb.ListEventsRequest(
            **_selection(actor, counterpart, start, end, direction, action, code, quad,
                         rollup),
            page_size=page_size, descending=descending)

        def pages():
            while True:
                response = self._unary(self._stub.ListEvents, request, timeout)
                for message in response.events:
                    yield _convert.event_from_proto(message)
                if not response.next_page_token:
                    return
                request.page_token = response.next_page_token

        return types.EventIterator(pages())

    def stream_events(self, actor=None, counterpart=None, start=None, end=None,
                      direction="both", action=None, code=None, quad=None,
                      descending=False, limit=0, timeout=None, rollup=None):
        """An EventIterator over the selected events from one StreamEvents call.

        Arguments as for events(); limit caps the number of events (0: all).
        The deadline covers the whole stream. Raises InvalidArgument at once
        for a bad direction or date type; iterating raises EventGraphError
        when the stream fails.
        """
        request = pb.StreamEventsRequest(
            **_selection(actor, counterpart, start, end, direction, action, code, quad,
                         rollup),
            descending=descending, limit=limit)
        call = self._stub.StreamEvents(request, timeout=self._deadline(timeout))

        def chunks():
            for chunk in self._stream(call):
                for message in chunk.events:
                    yield _convert.event_from_proto(message)

        return types.EventIterator(chunks())

    def watch_events(self, actor=None, counterpart=None, direction="both",
                     action=None, code=None, quad=None, timeout=None):
        """A live feed: an EventIterator that yields events as they are stored
        (from now on) and blocks waiting for more.

        Arguments as for events(), without dates. timeout bounds the whole
        watch (None: the client's default; pass a large value for a long
        watch). Stop early with .cancel() on the returned iterator's `call`.
        Iterating raises EventGraphError when the feed ends with an error
        (DeadlineExceeded when the timeout passes, Unavailable at shutdown).
        """
        selection = _selection(actor, counterpart, None, None, direction,
                               action, code, quad)
        del selection["from_date"], selection["to_date"], selection["rollup"]
        call = self._stub.WatchEvents(pb.WatchEventsRequest(**selection),
                                      timeout=self._deadline(timeout))

        def chunks():
            for chunk in self._stream(call):
                for message in chunk.events:
                    yield _convert.event_from_proto(message)

        feed = types.EventIterator(chunks())
        feed.call = call
        return feed

    def check_database(self, repair=False, timeout=None):
        """CheckDatabase: a dict with events, entries, problems, samples and
        repaired. repair=True rebuilds the derived data first."""
        response = self._unary(self._stub.CheckDatabase,
                               pb.CheckDatabaseRequest(repair=repair), timeout)
        return {"events": response.events, "entries": response.entries,
                "problems": response.problems, "samples": list(response.samples),
                "repaired": response.repaired}

    # ------------------------------------------------------ backups, deletes

    def create_backup(self, timeout=None):
        """CreateBackup: backs the database up into the server's --backup-dir
        while it serves. Returns a dict (id, created, created_unix, events,
        files, size_bytes, corrupt, elapsed_ms)."""
        return _backup_dict(self._unary(self._stub.CreateBackup,
                                        pb.CreateBackupRequest(), timeout))

    def list_backups(self, timeout=None):
        """ListBackups: a list of backup dicts, oldest first."""
        response = self._unary(self._stub.ListBackups, pb.ListBackupsRequest(),
                               timeout)
        return [_backup_dict(b) for b in response.backups]

    def verify_backup(self, backup_id, timeout=None):
        """VerifyBackup: checks a backup's files against their checksums.
        Returns the backup's dict; raises Internal (code DATA_LOSS) when it
        is damaged and NotFound when there is no such backup."""
        response = self._unary(
            self._stub.VerifyBackup,
            pb.VerifyBackupRequest(id=_convert.int_arg(backup_id, "backup_id")),
            timeout)
        return _backup_dict(response.backup)

    def delete_backup(self, backup_id=None, keep=None, timeout=None):
        """DeleteBackup: deletes backup_id, or (keep=N) all but the newest N.
        Returns how many backups were deleted."""
        if (backup_id is None) == (keep is None):
            raise ValueError("give either backup_id or keep")
        request = pb.DeleteBackupRequest()
        if backup_id is not None:
            request.id = _convert.int_arg(backup_id, "backup_id")
        else:
            request.keep = _convert.int_arg(keep, "keep")
        return self._unary(self._stub.DeleteBackup, request, timeout).deleted

    def delete_events(self, ids=None, source_event_id=None, date=None,
                      source=None, dry_run=False, timeout=None):
        """DeleteEvents by ids (a list of event ids), by source_event_id
        (optionally only on date, YYYY-MM-DD or a datetime.date) or by source.
        Returns a dict: deleted (with dry_run: would be), not_found_ids (the
        requested ids not stored), dry_run. Raises InvalidArgument for no or
        several selectors, too many ids, or a source_event_id or source that
        matches no event. A deleted event can be ingested again (new id)."""
        request = pb.DeleteEventsRequest(dry_run=bool(dry_run))
        if ids is not None:
            request.event_ids.extend(_convert.int_arg(i, "ids") for i in ids)
        if source_event_id is not None:
            request.source_event_id = source_event_id
        if date is not None:
            request.date = date if isinstance(date, str) else date.isoformat()
        if source is not None:
            request.source = source
        response = self._unary(self._stub.DeleteEvents, request, timeout)
        return {"deleted": response.deleted,
                "not_found_ids": list(response.not_found_ids),
                "dry_run": response.dry_run}

    def search_actors(self, prefix="", limit=None, timeout=None):
        """Actors whose name starts with prefix (case-insensitive), by name.

        Walks every page (each with its own deadline) up to limit actors
        (None: all). Returns a list of Actor. Raises EventGraphError.
        """
        request = pb.SearchActorsRequest(prefix=prefix, page_size=DEFAULT_PAGE_SIZE)
        found = []
        while limit is None or len(found) < limit:
            response = self._unary(self._stub.SearchActors, request, timeout)
            found.extend(_convert.actor_from_proto(a) for a in response.actors)
            if not response.next_page_token:
                break
            request.page_token = response.next_page_token
        return found if limit is None else found[:limit]

    def actor(self, name, timeout=None):
        """The Actor named name (matched trimmed, NFC, case-insensitively).

        Raises NotFound when there is no such actor.
        """
        response = self._unary(self._stub.GetActor, pb.GetActorRequest(name=name), timeout)
        return _convert.actor_from_proto(response)

    def put_actor(self, name, kind=None, country=None, aliases=(), timeout=None):
        """Creates or updates an actor's kind ("state", "government",
        "person", "organization", "military", "group", "media", "other"),
        country (code, name or alias; None: none declared) and aliases
        (replacing the previous ones). Returns the Actor. Raises
        InvalidArgument (with field_violations) for a bad kind, an unknown
        country or an alias that names another actor.
        """
        request = pb.PutActorRequest(name=name, kind=_convert.actor_kind(kind),
                                     country=country or "", aliases=list(aliases))
        response = self._unary(self._stub.PutActor, request, timeout)
        return _convert.actor_from_proto(response)

    def stats(self, timeout=None):
        """The database's Stats (events, actors, date span, size, versions)."""
        response = self._unary(self._stub.GetStats, pb.GetStatsRequest(), timeout)
        return _convert.stats_from_proto(response)

    def event_codes(self, prefix="", quad=None, timeout=None):
        """The server's CAMEO codebook: a list of EventCode sorted by code.

        prefix: "" for every code, else 2 to 4 digits ("04" the root 04 and
        its codes, "190" that code); quad: one class 1..4 or an iterable of
        them. Raises InvalidArgument naming "prefix" or "quad_classes".
        """
        quads = [] if quad is None else [quad] if isinstance(quad, int) else list(quad)
        request = pb.ListEventCodesRequest(prefix=prefix or "", quad_classes=quads)
        response = self._unary(self._stub.ListEventCodes, request, timeout)
        return [_convert.event_code_from_proto(c) for c in response.codes]

    def health(self, service="", timeout=None):
        """The grpc.health.v1 status name: "SERVING", "NOT_SERVING"...

        Raises Unavailable when the server cannot be reached.
        """
        check = self._channel.unary_unary(_health.METHOD)
        response = self._unary(check, _health.encode_request(service), timeout)
        return _health.decode_status(response)

    # ------------------------------------------------------------ graph
    #
    # The graph queries run on the graph of a window: actors are nodes and
    # a -> b is an edge when at least min_events events a -> b dated in
    # [from_date, to_date] pass the edge filter: action (exact text), code
    # (CAMEO prefix), quad (a class 1..4 or several), goldstein_min and
    # goldstein_max (inclusive; events without a score then do not count).
    # Dates are "YYYY-MM-DD" or datetime.date; None is the data's first or
    # last day. None for a number takes the server's default.

    def paths(self, from_actor, to_actor, *, from_date=None, to_date=None,
              mode="shortest", directed=False, limit=None, max_hops=None,
              strict=False, start_date=None, end_date=None, evidence_events=None,
              action=None, code=None, quad=None, goldstein_min=None,
              goldstein_max=None, min_events=None, max_visited_actors=None,
              max_expanded_edges=None, timeout=None):
        """Paths from from_actor to to_actor in the window (FindPaths).

        mode: "shortest" (every fewest-hop path, up to limit, default 10),
        "k-shortest" (limit loopless paths by hops then cost, default 3),
        "weighted" (the limit cheapest paths; an edge costs
        21 / (n * (g + 11)) for n events of mean Goldstein g), or a
        time-respecting journey, each hop one event no earlier than the
        previous one (strictly later with strict=True): "earliest" (arrive
        first, leaving on or after start_date), "latest" (leave last,
        arriving by end_date), "fastest" (smallest span), "fewest-hops".
        directed: follow events actor -> target only (default: either way).
        max_hops: 1..8 for hop modes (default 4), 1..64 for journeys
        (default none). evidence_events: latest events kept per hop
        (default 3, at most 20, 0 for none). max_visited_actors and
        max_expanded_edges bound the search (default: the server's maxima).

        Returns a PathResult; no path is not an error: `paths` is empty and
        `reason` says why. Raises NotFound for an unknown actor,
        InvalidArgument for a bad argument, ResourceExhausted when the
        search exceeds its budget, DeadlineExceeded past the timeout.
        """
        evidence = _convert.int_arg(evidence_events, "evidence_events")
        if evidence_events is not None and evidence == 0:
            evidence = -1  # the API's 0 is its default; -1 is none
        request = pb.FindPathsRequest(
            from_actor=from_actor, to_actor=to_actor,
            from_date=_convert.date_text(from_date, "from_date"),
            to_date=_convert.date_text(to_date, "to_date"),
            directed=bool(directed),
            filter=_convert.edge_filter(action, code, quad, goldstein_min,
                                        goldstein_max, min_events),
            mode=_convert.path_mode(mode),
            max_hops=_convert.int_arg(max_hops, "max_hops"),
            limit=_convert.int_arg(limit, "limit"),
            start_date=_convert.date_text(start_date, "start_date"),
            end_date=_convert.date_text(end_date, "end_date"),
            strict=bool(strict), evidence_events=evidence,
            max_visited_actors=_convert.int_arg(max_visited_actors, "max_visited_actors"),
            max_expanded_edges=_convert.int_arg(max_expanded_edges, "max_expanded_edges"))
        response = self._unary(self._stub.FindPaths, request, timeout)
        return _convert.path_result_from_proto(response)

    def neighbors(self, actor, *, direction="both", from_date=None, to_date=None,
                  limit=None, order="count", action=None, code=None, quad=None,
                  goldstein_min=None, goldstein_max=None, min_events=None,
                  timeout=None, rollup=None):
        """The actor's partners in the window (GetNeighbors).

        rollup="country": actor names a country and the partners are
        countries (Neighbor.country).

        direction: "both", "out" (the actor's events as actor) or "in" (as
        target). order: "count" (most events first), "cooperative" or
        "hostile" (highest or lowest mean Goldstein), "recent" (latest event
        first). limit: at most this many partners (default 50, at most
        1000). Returns Neighbors (`.neighbors`, `.total_neighbors`, and
        to_pandas()). Raises NotFound for an unknown actor, InvalidArgument
        for a bad argument.
        """
        request = pb.GetNeighborsRequest(
            actor=actor, direction=_convert.direction(direction),
            rollup=_convert.rollup(rollup),
            from_date=_convert.date_text(from_date, "from_date"),
            to_date=_convert.date_text(to_date, "to_date"),
            filter=_convert.edge_filter(action, code, quad, goldstein_min,
                                        goldstein_max, min_events),
            limit=_convert.int_arg(limit, "limit"),
            order=_convert.neighbor_order(order))
        response = self._unary(self._stub.GetNeighbors, request, timeout)
        return _convert.neighbors_from_proto(response)

    def subgraph(self, seeds, *, radius=1, direction="both", from_date=None,
                 to_date=None, max_nodes=None, max_edges=None, action=None,
                 code=None, quad=None, goldstein_min=None, goldstein_max=None,
                 min_events=None, timeout=None):
        """The network around seeds (an actor name or a list of 1..100).

        Nodes are the actors up to radius hops (0..4; None: the server's
        default, 1) from a seed, following
        edges in `direction` ("both", "out", "in"); edges are every pair
        among them, in both directions. max_nodes (default 200, at most
        10,000) and max_edges (default 2,000, at most 100,000) bound the
        result. Gathers every chunk of the GetSubgraph stream into one
        Subgraph (`.nodes`, `.edges`, `.truncated`, to_pandas() of the
        edges); the timeout covers the whole stream. Raises NotFound for an
        unknown seed, InvalidArgument for a bad argument.
        """
        result = types.Subgraph(from_date="", to_date="")
        for chunk in self.subgraph_stream(
                seeds, radius=radius, direction=direction, from_date=from_date,
                to_date=to_date, max_nodes=max_nodes, max_edges=max_edges,
                action=action, code=code, quad=quad, goldstein_min=goldstein_min,
                goldstein_max=goldstein_max, min_events=min_events, timeout=timeout):
            result.add(chunk)
        return result

    def subgraph_stream(self, seeds, *, radius=1, direction="both", from_date=None,
                        to_date=None, max_nodes=None, max_edges=None, action=None,
                        code=None, quad=None, goldstein_min=None, goldstein_max=None,
                        min_events=None, timeout=None):
        """An iterator over the SubgraphChunk messages of one GetSubgraph call.

        Arguments as for subgraph(). Nodes come first (nearest first), then
        edges (busiest first); the first chunk has the window, the last one
        `truncated`. Raises InvalidArgument at once for a bad argument type;
        iterating raises NotFound, InvalidArgument or another
        EventGraphError when the stream fails.
        """
        request = pb.GetSubgraphRequest(
            seeds=_convert.seed_list(seeds),
            direction=_convert.direction(direction),
            from_date=_convert.date_text(from_date, "from_date"),
            to_date=_convert.date_text(to_date, "to_date"),
            filter=_convert.edge_filter(action, code, quad, goldstein_min,
                                        goldstein_max, min_events),
            max_nodes=_convert.int_arg(max_nodes, "max_nodes"),
            max_edges=_convert.int_arg(max_edges, "max_edges"))
        if radius is not None:  # unset: the server's default (1); 0 is the seeds
            request.radius = _convert.int_arg(radius, "radius")
        call = self._stub.GetSubgraph(request, timeout=self._deadline(timeout))

        def chunks():
            for message in self._stream(call):
                yield _convert.subgraph_chunk_from_proto(message)

        return chunks()

    # ------------------------------------------------------------ plumbing

    def _deadline(self, timeout):
        return self.timeout if timeout is None else timeout

    def _unary(self, method, request, timeout):
        try:
            return method(request, timeout=self._deadline(timeout))
        except grpc.RpcError as e:
            raise errors.from_rpc_error(e) from e

    @staticmethod
    def _stream(call):
        try:
            yield from call
        except grpc.RpcError as e:
            raise errors.from_rpc_error(e) from e
