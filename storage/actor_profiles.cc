// EventStore: actor profiles, aliases and country affiliation
// (storage/affiliation.h), and new-actor creation shared with Write.
#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "rocksdb/write_batch.h"
#include "storage/event_store.h"
#include "storage/event_validation.h"
#include "storage/reference/countries.h"
#include "storage/status_macros.h"
#include "storage/store_impl.h"
#include "storage/text.h"

namespace eventgraph::storage {
namespace {

// The problem with a name-like field, or "" when it is fine.
std::string NameProblem(std::string_view text) {
  if (!IsValidUtf8(text)) return "is not valid UTF-8";
  if (HasControlCharacter(text)) return "contains a control character";
  if (TrimAscii(text).empty()) return "is empty";
  if (text.size() > kMaxNameBytes) {
    return absl::StrCat("is longer than ", kMaxNameBytes, " bytes");
  }
  return "";
}

}  // namespace

void EventStore::Impl::Affiliate(ActorId id) {
  if (affiliation_by_id.size() <= id) affiliation_by_id.resize(id + 1);
  Affiliation& current = affiliation_by_id[id];
  if (!current.country.empty()) {
    auto it = members_by_country.find(current.country);
    if (it != members_by_country.end()) it->second.erase(id);
  }
  auto p = profiles.find(id);
  const std::string& name =
      id < actor_names_by_id.size() ? actor_names_by_id[id] : std::string();
  current =
      ResolveAffiliation(name, p == profiles.end() ? nullptr : &p->second);
  if (!current.country.empty()) members_by_country[current.country].insert(id);
}

absl::Status EventStore::Impl::LoadProfiles() {
  absl::MutexLock lock(&actors_mu);
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), actor_profiles));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ActorId id;
    RETURN_IF_ERROR(DecodeActorKey(View(it->key()), &id));
    ActorProfile profile;
    RETURN_IF_ERROR(DecodeActorProfile(View(it->value()), &profile));
    profiles[id] = std::move(profile);
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "loading actor profiles"));
  it.reset(db->NewIterator(rocksdb::ReadOptions(), actor_aliases));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    uint32_t id;
    RETURN_IF_ERROR(DecodeU32(View(it->value()), &id));
    actor_by_alias[std::string(View(it->key()))] = id;
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "loading actor aliases"));
  affiliation_by_id.assign(actor_names_by_id.size(), Affiliation());
  for (ActorId id = 1; id < actor_names_by_id.size(); ++id) {
    if (!actor_names_by_id[id].empty()) Affiliate(id);
  }
  return absl::OkStatus();
}

absl::Status EventStore::Impl::CreateActors(std::vector<NewActor> created,
                                            ActorId next_actor) {
  rocksdb::WriteBatch batch;
  for (const NewActor& a : created) {
    batch.Put(actor_names, a.folded, EncodeU32(a.id));
    batch.Put(actors, ActorKey(a.id), EncodeActorRecord({a.name}));
    if (!a.data_country.empty()) {
      ActorProfile profile;
      profile.data_country = a.data_country;
      batch.Put(actor_profiles, ActorKey(a.id), EncodeActorProfile(profile));
    }
  }
  batch.Merge(meta, kMetaNextActorId, EncodeU64(next_actor));
  RETURN_IF_ERROR(
      FromRocks(db->Write(write_options, &batch), "writing actors"));
  next_actor_id = next_actor;
  absl::MutexLock lock(&actors_mu);
  if (actor_names_by_id.size() < next_actor) {
    actor_names_by_id.resize(next_actor);
  }
  for (NewActor& a : created) {
    actor_by_folded[std::move(a.folded)] = a.id;
    actor_names_by_id[a.id] = std::move(a.name);
    if (!a.data_country.empty()) {
      profiles[a.id].data_country = std::move(a.data_country);
    }
    Affiliate(a.id);
  }
  return absl::OkStatus();
}

absl::StatusOr<PutActorResult> EventStore::PutActor(
    const ActorDeclaration& declaration) {
  Impl& d = *impl_;
  PutActorResult result;
  if (std::string p = NameProblem(declaration.name); !p.empty()) {
    result.errors.push_back({"name", p});
    return result;
  }
  if (static_cast<uint8_t>(declaration.kind) > kMaxActorKind) {
    result.errors.push_back({"kind", "is not a known actor kind"});
  }
  std::string country;
  if (!TrimAscii(declaration.country).empty()) {
    const reference::Country* c = reference::FindCountry(declaration.country);
    if (c == nullptr) {
      result.errors.push_back(
          {"country", absl::StrCat("\"", declaration.country,
                                   "\" is not a known country code or name")});
    } else {
      country = std::string(c->iso3);
    }
  }
  const std::string name = NormalizeName(declaration.name);
  const std::string folded = FoldName(name);

  absl::MutexLock write_lock(&d.write_mu);
  std::optional<ActorId> existing;
  {
    absl::ReaderMutexLock lock(&d.actors_mu);
    auto it = d.actor_by_folded.find(folded);
    if (it != d.actor_by_folded.end()) existing = it->second;
  }
  // Aliases: normalized, deduplicated, free.
  std::vector<std::string> aliases;
  std::vector<std::string> alias_keys;
  {
    absl::ReaderMutexLock lock(&d.actors_mu);
    absl::flat_hash_set<std::string> seen;
    for (size_t i = 0; i < declaration.aliases.size(); ++i) {
      const std::string field = absl::StrCat("aliases[", i, "]");
      const std::string& raw = declaration.aliases[i];
      if (std::string p = NameProblem(raw); !p.empty()) {
        result.errors.push_back({field, p});
        continue;
      }
      std::string alias = NormalizeName(raw);
      std::string key = FoldName(alias);
      if (key == folded || !seen.insert(key).second) continue;
      auto named = d.actor_by_folded.find(key);
      if (named != d.actor_by_folded.end()) {
        result.errors.push_back(
            {field,
             absl::StrCat("\"", alias, "\" is the name of another actor")});
        continue;
      }
      auto aliased = d.actor_by_alias.find(key);
      if (aliased != d.actor_by_alias.end() &&
          (!existing || aliased->second != *existing)) {
        result.errors.push_back(
            {field, absl::StrCat("\"", alias, "\" is already an alias of \"",
                                 d.actor_names_by_id[aliased->second], "\"")});
        continue;
      }
      aliases.push_back(std::move(alias));
      alias_keys.push_back(std::move(key));
    }
    // A new name must not be another actor's alias.
    if (!existing) {
      auto aliased = d.actor_by_alias.find(folded);
      if (aliased != d.actor_by_alias.end()) {
        result.errors.push_back(
            {"name", absl::StrCat("\"", name, "\" is an alias of \"",
                                  d.actor_names_by_id[aliased->second],
                                  "\"; update that actor instead")});
      }
    }
  }
  if (!result.errors.empty()) return result;

  ActorId id;
  if (existing) {
    id = *existing;
  } else {
    if (d.next_actor_id == UINT32_MAX) {
      return absl::ResourceExhaustedError("actor id space exhausted");
    }
    id = d.next_actor_id;
    RETURN_IF_ERROR(d.CreateActors({{id, folded, name, ""}}, id + 1));
    result.created = true;
  }

  ActorProfile profile;
  {
    absl::ReaderMutexLock lock(&d.actors_mu);
    auto it = d.profiles.find(id);
    if (it != d.profiles.end()) profile = it->second;
  }
  std::vector<std::string> old_keys;
  for (const std::string& a : profile.aliases) old_keys.push_back(FoldName(a));
  profile.kind = declaration.kind;
  profile.declared_country = country;
  profile.aliases = aliases;

  rocksdb::WriteBatch batch;
  batch.Put(d.actor_profiles, ActorKey(id), EncodeActorProfile(profile));
  for (const std::string& k : old_keys) {
    if (std::find(alias_keys.begin(), alias_keys.end(), k) ==
        alias_keys.end()) {
      batch.Delete(d.actor_aliases, k);
    }
  }
  for (const std::string& k : alias_keys) {
    batch.Put(d.actor_aliases, k, EncodeU32(id));
  }
  RETURN_IF_ERROR(
      FromRocks(d.db->Write(d.write_options, &batch), "writing actor profile"));
  {
    absl::MutexLock lock(&d.actors_mu);
    for (const std::string& k : old_keys) d.actor_by_alias.erase(k);
    for (const std::string& k : alias_keys) d.actor_by_alias[k] = id;
    d.profiles[id] = std::move(profile);
    d.Affiliate(id);
  }
  ASSIGN_OR_RETURN(result.actor, GetActorDetails(id));
  return result;
}

absl::StatusOr<ActorDetails> EventStore::GetActorDetails(ActorId id) const {
  absl::ReaderMutexLock lock(&impl_->actors_mu);
  if (id == kAnyActor || id >= impl_->actor_names_by_id.size() ||
      impl_->actor_names_by_id[id].empty()) {
    return absl::NotFoundError(absl::StrCat("no actor with id ", id));
  }
  ActorDetails details;
  details.id = id;
  details.name = impl_->actor_names_by_id[id];
  if (id < impl_->affiliation_by_id.size()) {
    details.affiliation = impl_->affiliation_by_id[id];
  }
  auto p = impl_->profiles.find(id);
  if (p != impl_->profiles.end()) {
    details.kind = p->second.kind;
    details.aliases = p->second.aliases;
  }
  return details;
}

std::string EventStore::CountryOf(ActorId id) const {
  absl::ReaderMutexLock lock(&impl_->actors_mu);
  if (id >= impl_->affiliation_by_id.size()) return "";
  return impl_->affiliation_by_id[id].country;
}

std::vector<ActorId> EventStore::CountryMembers(std::string_view iso3) const {
  absl::ReaderMutexLock lock(&impl_->actors_mu);
  auto it = impl_->members_by_country.find(std::string(iso3));
  if (it == impl_->members_by_country.end()) return {};
  return std::vector<ActorId>(it->second.begin(), it->second.end());
}

std::optional<ActorId> EventStore::FindActor(std::string_view name) const {
  if (!IsValidUtf8(name)) return std::nullopt;
  std::string folded = FoldName(name);
  absl::ReaderMutexLock lock(&impl_->actors_mu);
  auto find = [&](const std::string& key) -> std::optional<ActorId> {
    auto it = impl_->actor_by_folded.find(key);
    if (it != impl_->actor_by_folded.end()) return it->second;
    it = impl_->actor_by_alias.find(key);
    if (it != impl_->actor_by_alias.end()) return it->second;
    return std::nullopt;
  };
  if (std::optional<ActorId> id = find(folded)) return id;
  const reference::Country* c = reference::FindCountry(name);
  if (c == nullptr) return std::nullopt;
  std::optional<ActorId> found;
  reference::ForEachCountryName(*c, [&](std::string_view n) {
    if (!found) found = find(FoldName(n));
  });
  return found;
}

absl::Status EventStore::ForEachOutPartner(
    ActorId actor, const std::function<void(ActorId)>& fn) const {
  const std::string upper = CounterPrefix(actor + 1, kAnyActor, Level::kDay);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read;
  if (actor != UINT32_MAX) read.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(read, impl_->counters));
  // Skip the (actor, any) series: target ids start at 1.
  it->Seek(CounterPrefix(actor, 1, Level::kDay));
  while (it->Valid()) {
    ActorId a, t;
    Level l;
    int32_t period;
    RETURN_IF_ERROR(DecodeCounterKey(View(it->key()), &a, &t, &l, &period));
    if (a != actor) break;
    fn(t);
    if (t == UINT32_MAX) break;
    it->Seek(CounterPrefix(actor, t + 1, Level::kDay));
  }
  return FromRocks(it->status(), "partner scan");
}

}  // namespace eventgraph::storage
