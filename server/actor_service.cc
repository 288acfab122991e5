// PutActor and ListCountries, and the conversions of actor_convert.h.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "query/field_status.h"
#include "server/actor_convert.h"
#include "server/convert.h"
#include "server/errors.h"
#include "server/rpc_log.h"
#include "server/service.h"
#include "storage/reference/countries.h"
#include "storage/status_macros.h"
#include "storage/text.h"

namespace eventgraph::server {
namespace {

constexpr int kMaxAliases = 64;

}  // namespace

absl::StatusOr<query::Rollup> FromProto(v1::Rollup rollup,
                                        const std::string& field) {
  switch (rollup) {
    case v1::ROLLUP_UNSPECIFIED:
    case v1::ROLLUP_NONE:
      return query::Rollup::kNone;
    case v1::ROLLUP_COUNTRY:
      return query::Rollup::kCountry;
    default:
      return query::InvalidFieldError(
          field,
          absl::StrCat(static_cast<int>(rollup), " is not a Rollup value"));
  }
}

void AddProfile(const storage::EventStore& store, storage::ActorId id,
                v1::Actor* out) {
  absl::StatusOr<storage::ActorDetails> d = store.GetActorDetails(id);
  if (!d.ok()) return;
  // ActorKind and ActorCountrySource have the same values as the storage
  // enums (both frozen).
  out->set_kind(static_cast<v1::ActorKind>(d->kind));
  out->set_country(d->affiliation.country);
  if (const reference::Country* c =
          reference::FindCountryByCode(d->affiliation.country)) {
    out->set_country_name(std::string(c->name));
  }
  out->set_country_source(
      static_cast<v1::ActorCountrySource>(d->affiliation.source));
  for (const std::string& a : d->aliases) out->add_aliases(a);
}

void ToProto(const query::Contributor& in, v1::RollupContributor* out) {
  out->set_actor(in.actor);
  out->set_country(in.country);
  out->set_event_count(in.events);
}

grpc::ServerUnaryReactor* EventGraphService::PutActor(
    grpc::CallbackServerContext* ctx, const v1::PutActorRequest* request,
    v1::Actor* response) {
  std::vector<Violation> violations;
  if (storage::TrimAscii(request->name()).empty()) {
    violations.push_back({"name", "is required"});
  }
  if (!v1::ActorKind_IsValid(request->kind())) {
    violations.push_back(
        {"kind", absl::StrCat(static_cast<int>(request->kind()),
                              " is not an ActorKind value")});
  }
  if (request->aliases_size() > kMaxAliases) {
    violations.push_back(
        {"aliases", absl::StrCat(request->aliases_size(),
                                 " aliases; the limit is ", kMaxAliases)});
  }
  if (!violations.empty()) {
    grpc::Status s = InvalidArgument("invalid PutActor request", violations);
    LogRpc("PutActor", absl::Now(), s);
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    reactor->Finish(s);
    return reactor;
  }
  storage::ActorDeclaration declaration;
  declaration.name = request->name();
  declaration.kind = static_cast<storage::ActorKind>(request->kind());
  declaration.country = request->country();
  declaration.aliases.assign(request->aliases().begin(),
                             request->aliases().end());
  // A write: it runs on the executor, like Ingest.
  const absl::Time start = absl::Now();
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  executor_->Submit([this, declaration = std::move(declaration), response,
                     reactor, start] {
    grpc::Status mapped;
    absl::StatusOr<storage::PutActorResult> r = store_->PutActor(declaration);
    if (!r.ok()) {
      mapped = ToGrpcStatus(r.status());
    } else if (!r->errors.empty()) {
      std::vector<Violation> v;
      for (const storage::FieldError& e : r->errors) {
        v.push_back({e.field, e.reason});
      }
      mapped = InvalidArgument(absl::StrCat("invalid actor declaration: ",
                                            v[0].field, " ", v[0].description),
                               v);
    } else {
      absl::StatusOr<storage::ActorInfo> info = store_->GetActor(r->actor.id);
      if (!info.ok()) {
        mapped = ToGrpcStatus(info.status());
      } else {
        ToProto(*info, response);
        AddProfile(*store_, r->actor.id, response);
      }
    }
    LogRpc("PutActor", start, mapped);
    reactor->Finish(mapped);
  });
  return reactor;
}

grpc::ServerUnaryReactor* EventGraphService::ListCountries(
    grpc::CallbackServerContext* ctx, const v1::ListCountriesRequest*,
    v1::ListCountriesResponse* response) {
  const absl::Time start = absl::Now();
  for (const reference::Country& c : reference::AllCountries()) {
    v1::Country* out = response->add_countries();
    out->set_code(std::string(c.iso3));
    out->set_fips(std::string(c.fips));
    out->set_name(std::string(c.name));
    bool first = true;
    reference::ForEachCountryName(c, [&](std::string_view n) {
      if (!first) out->add_aliases(std::string(n));
      first = false;
    });
    out->set_actor_count(
        static_cast<int64_t>(store_->CountryMembers(c.iso3).size()));
  }
  return FinishUnary(ctx, "ListCountries", start, absl::OkStatus());
}

}  // namespace eventgraph::server
