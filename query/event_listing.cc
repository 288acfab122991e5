#include "query/event_listing.h"

#include <xxhash.h>

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "query/event_scan.h"
#include "query/field_status.h"
#include "query/rollup.h"
#include "storage/coding.h"
#include "storage/status_macros.h"

namespace eventgraph::query {
namespace {

using storage::Day;
using storage::IndexPosition;

constexpr char kTokenFormat = 1;

uint64_t Fingerprint(const ResolvedSubject& s, const EventQuery& q) {
  std::string text = absl::StrCat(
      s.actor, "|", s.counterpart ? static_cast<int64_t>(*s.counterpart) : -1,
      "|", static_cast<int>(s.direction), "|",
      q.from ? std::to_string(*q.from) : "-", "|",
      q.to ? std::to_string(*q.to) : "-", "|", q.filter.CanonicalText(), "|",
      q.descending ? 1 : 0);
  if (s.rollup) {
    absl::StrAppend(&text, "|rollup:", s.actor_country, "|",
                    s.counterpart_country);
  }
  return XXH64(text.data(), text.size(), 0);
}

std::string EncodeToken(uint64_t fingerprint, const IndexPosition& p) {
  std::string raw(1, kTokenFormat);
  storage::PutFixed64BE(&raw, fingerprint);
  storage::PutOrderedInt32(&raw, p.day);
  storage::PutFixed64BE(&raw, p.id);
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<IndexPosition> DecodeToken(const std::string& token,
                                          uint64_t fingerprint) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw) || raw.size() != 21 ||
      raw[0] != kTokenFormat) {
    return InvalidFieldError("page_token", "is not a token this server made");
  }
  std::string_view in(raw);
  in.remove_prefix(1);
  uint64_t fp;
  IndexPosition p;
  uint64_t id;
  storage::GetFixed64BE(&in, &fp);
  storage::GetOrderedInt32(&in, &p.day);
  storage::GetFixed64BE(&in, &id);
  p.id = id;
  if (fp != fingerprint) {
    return InvalidFieldError(
        "page_token",
        "was made for a different query (actor, counterpart, direction, "
        "window, filter or order changed)");
  }
  return p;
}

struct Prepared {
  ResolvedSubject subject;
  Day from;
  Day to;
};

absl::StatusOr<Prepared> Prepare(const storage::EventStore& store,
                                 const EventQuery& q) {
  if (q.from && q.to && *q.from > *q.to) {
    return InvalidFieldError("from_date", "is after to_date");
  }
  ASSIGN_OR_RETURN(ResolvedSubject subject, ResolveSubject(store, q.subject));
  return Prepared{std::move(subject), q.from.value_or(storage::kMinDay),
                  q.to.value_or(storage::kMaxDay)};
}

}  // namespace

absl::StatusOr<EventPage> ListEvents(const storage::EventStore& store,
                                     const EventQuery& query, int page_size,
                                     const std::string& page_token) {
  ASSIGN_OR_RETURN(Prepared p, Prepare(store, query));
  const size_t size = static_cast<size_t>(
      page_size <= 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize));
  const uint64_t fingerprint = Fingerprint(p.subject, query);
  std::optional<IndexPosition> after;
  if (!page_token.empty()) {
    ASSIGN_OR_RETURN(after, DecodeToken(page_token, fingerprint));
  }
  std::vector<storage::IndexSelector> streams;
  if (p.subject.rollup) {
    ASSIGN_OR_RETURN(RollupPlan plan, PlanRollup(store, p.subject));
    streams = std::move(plan.streams);
  } else {
    streams = IndexStreams(p.subject);
  }
  MergedCursor cursor =
      OpenMerged(store, streams, p.from, p.to, query.descending, after);
  EventPage page;
  bool more = false;
  RETURN_IF_ERROR(ScanEvents(store, cursor, query.filter, size + 1, query.deadline,
                             [&](storage::Event&& e) {
                               if (page.events.size() == size) {
                                 more = true;  // one beyond the page exists
                                 return false;
                               }
                               page.events.push_back(std::move(e));
                               return true;
                             }));
  if (more) {
    const storage::Event& last = page.events.back();
    page.next_page_token = EncodeToken(fingerprint, {last.day, last.id});
  }
  return page;
}

}  // namespace eventgraph::query
