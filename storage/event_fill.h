// What the store fills in from an event's CAMEO code (storage/reference/
// cameo_codebook.h) when the event lacks it: the one place on the write
// path where events that come with only a code get the rest.
//
// Thread safety: thread-safe (pure function).
#pragma once

#include "storage/event.h"

namespace eventgraph::storage {

// Fills the fields of `event` that its event_code implies and that it does
// not give itself:
// - action (empty after trimming) <- the code's name ("042" -> "Make a
//   visit"); a code the codebook lacks gives "CAMEO " + the code;
// - quad_class (kUnknown) <- the quad class of the code's root, for any code
//   with a root 01..20, in the codebook or not;
// - goldstein (absent) <- the code's default Goldstein score, for codes of
//   the codebook only.
// Given values are never overwritten, even when they disagree with the code
// (they are data). Does nothing when event_code is empty.
// REQUIRES: `event` passed ValidateEvent (event_code is 2 to 4 digits).
void FillFromEventCode(Event* event);

}  // namespace eventgraph::storage
