// Test helper: the attributes a built event carries, from both of its
// fields (the CLI's builder fills the list; the map is for other clients).
#pragma once

#include <map>
#include <string>

#include "eventgraph/v1/eventgraph.pb.h"

namespace eventgraph::client {

inline std::map<std::string, std::string> Attributes(const v1::Event& event) {
  std::map<std::string, std::string> all(event.attributes().begin(),
                                         event.attributes().end());
  for (const v1::Attribute& a : event.attribute_list()) all[a.key()] = a.value();
  return all;
}

}  // namespace eventgraph::client
