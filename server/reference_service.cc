// The reference handlers of EventGraphService: ListEventCodes serves the
// built-in CAMEO codebook (storage/reference/cameo_codebook.h). Static data:
// answered on the callback thread, no executor, no store.
#include <bitset>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "query/field_status.h"
#include "server/rpc_log.h"
#include "server/service.h"
#include "storage/reference/cameo_codebook.h"
#include "storage/text.h"

namespace eventgraph::server {
namespace {

v1::CameoLevel ToProto(reference::CameoLevel level) {
  switch (level) {
    case reference::CameoLevel::kRoot:
      return v1::CAMEO_LEVEL_ROOT;
    case reference::CameoLevel::kBase:
      return v1::CAMEO_LEVEL_BASE;
    case reference::CameoLevel::kDetail:
      return v1::CAMEO_LEVEL_DETAIL;
  }
  return v1::CAMEO_LEVEL_UNSPECIFIED;
}

absl::Status ListCodes(const v1::ListEventCodesRequest& request,
                       v1::ListEventCodesResponse* response) {
  const std::string_view prefix = storage::TrimAscii(request.prefix());
  if (!prefix.empty() && !reference::IsWellFormedCameoCode(prefix)) {
    return query::InvalidFieldError(
        "prefix",
        "must be a CAMEO root or code of 2 to 4 digits, e.g. \"04\" "
        "(consult), \"19\" (fight) or \"190\"");
  }
  std::bitset<5> quads;  // none set: all
  for (int q : request.quad_classes()) {
    if (q < 1 || q > 4) {
      return query::InvalidFieldError(
          "quad_classes", absl::StrCat(q, " is not a quad class 1..4"));
    }
    quads.set(q);
  }
  for (const reference::CameoCode& c :
       reference::CameoCodesWithPrefix(prefix)) {
    const int quad = reference::CameoQuadClass(c.code);
    if (quads.any() && !quads.test(quad)) continue;
    v1::CameoCode* out = response->add_codes();
    out->set_code(std::string(c.code));
    out->set_name(std::string(c.name));
    out->set_root(std::string(reference::CameoRootOf(c.code)));
    out->set_quad_class(quad);
    out->set_goldstein(c.goldstein);
    out->set_level(ToProto(reference::LevelOf(c)));
    out->set_leaf(reference::IsLeaf(c));
  }
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* EventGraphService::ListEventCodes(
    grpc::CallbackServerContext* ctx, const v1::ListEventCodesRequest* request,
    v1::ListEventCodesResponse* response) {
  const absl::Time start = absl::Now();
  return FinishUnary(ctx, "ListEventCodes", start,
                     ListCodes(*request, response));
}

}  // namespace eventgraph::server
