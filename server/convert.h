// Conversions between the public API (eventgraph.v1 protos) and the domain
// types of query/ and storage/. Proto types stop here.
//
// Thread safety: thread-safe (pure functions).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eventgraph/v1/eventgraph.pb.h"
#include "query/event_filter.h"
#include "query/subject.h"
#include "query/timeline.h"
#include "storage/event.h"
#include "storage/event_validation.h"
#include "storage/event_store.h"

namespace eventgraph::server {

namespace v1 = ::eventgraph::v1;

// Converts an API event for storage. The date is the only field that can
// fail to convert: its error is added to *errors (field "date") and the
// event's day is then meaningless. Other fields are validated by the store.
// The rvalue overload moves the event's strings out of `in` (left valid,
// with unspecified strings) instead of copying them.
storage::Event FromProto(const v1::Event& in,
                         std::vector<storage::FieldError>* errors);
storage::Event FromProto(v1::Event&& in,
                         std::vector<storage::FieldError>* errors);

// Converts a stored event for the API. The rvalue overload moves the
// event's strings into *out instead of copying them.
void ToProto(const storage::Event& in, v1::Event* out);
void ToProto(storage::Event&& in, v1::Event* out);

// Parses an optional date field ("" is absent). InvalidArgument naming
// `field` when it is not YYYY-MM-DD.
absl::StatusOr<std::optional<storage::Day>> ParseDateField(
    const std::string& field, const std::string& text);

// Enum conversions. InvalidArgument naming `field` for an unknown value.
absl::StatusOr<query::Direction> FromProto(v1::Direction d,
                                           const std::string& field);
absl::StatusOr<query::Granularity> FromProto(v1::Granularity g,
                                             const std::string& field);
v1::Granularity ToProto(query::Granularity g);

absl::StatusOr<query::EventFilter> FromProto(const v1::EventFilter& filter);

void ToProto(const storage::Counter& counter, storage::Day start,
             storage::Day end, v1::TimelineBucket* out);

void ToProto(const storage::ActorInfo& actor, v1::Actor* out);

}  // namespace eventgraph::server
