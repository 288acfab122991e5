#include "storage/event_fill.h"

#include "storage/reference/cameo_codebook.h"
#include "storage/text.h"

namespace eventgraph::storage {

void FillFromEventCode(Event* event) {
  const std::string& code = event->event_code;
  if (code.empty()) return;
  const reference::CameoCode* known = reference::FindCameoCode(code);
  if (TrimAscii(event->action).empty()) {
    event->action = reference::CameoActionText(code);
  }
  if (event->quad_class == QuadClass::kUnknown) {
    event->quad_class =
        static_cast<QuadClass>(reference::CameoQuadClass(code));
  }
  if (!event->goldstein.has_value() && known != nullptr) {
    event->goldstein = known->goldstein;
  }
}

}  // namespace eventgraph::storage
