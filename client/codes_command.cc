#include "client/codes_command.h"

#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/csv_writer.h"
#include "client/output.h"
#include "client/query_support.h"
#include "client/table.h"

namespace eventgraph::client {
namespace {

namespace v1 = ::eventgraph::v1;

// Two spaces per level below the root, so that the table reads as a tree.
std::string IndentedName(const v1::CameoCode& code) {
  const int depth = code.level() == v1::CAMEO_LEVEL_DETAIL ? 2
                    : code.level() == v1::CAMEO_LEVEL_BASE ? 1
                                                           : 0;
  return std::string(2 * depth, ' ') + code.name();
}

std::string LevelName(v1::CameoLevel level) {
  switch (level) {
    case v1::CAMEO_LEVEL_ROOT:
      return "root";
    case v1::CAMEO_LEVEL_BASE:
      return "base";
    case v1::CAMEO_LEVEL_DETAIL:
      return "detail";
    default:
      return "";
  }
}

}  // namespace

int RunCodes(Connection* connection, const CodesOptions& options) {
  v1::ListEventCodesRequest request;
  request.set_prefix(options.prefix);
  for (int q : options.quads) request.add_quad_classes(q);
  grpc::ClientContext context;
  connection->SetUnaryDeadline(&context);
  v1::ListEventCodesResponse response;
  const grpc::Status status =
      connection->stub().ListEventCodes(&context, request, &response);
  if (!status.ok()) return ReportRpcError(status);

  const OutputFormat format = connection->options().output;
  if (format == OutputFormat::kJson) return PrintJsonLine(response);
  if (format == OutputFormat::kCsv) {
    CsvWriter csv(&std::cout);
    csv.WriteRow(std::vector<std::string>{"code", "name", "root", "quad_class",
                                          "goldstein", "level", "leaf"});
    for (const v1::CameoCode& code : response.codes()) {
      csv.WriteRow(std::vector<std::string>{
          code.code(), code.name(), code.root(),
          absl::StrCat(code.quad_class()), ShortestNumber(code.goldstein()),
          LevelName(code.level()), code.leaf() ? "true" : "false"});
    }
    return kExitOk;
  }
  if (response.codes().empty()) {
    std::cout << "(no codes)\n";
    return kExitOk;
  }
  Table table({{"code"},
               {"name", Align::kLeft, 72},
               {"quad", Align::kRight},
               {"goldstein", Align::kRight}});
  for (const v1::CameoCode& code : response.codes()) {
    const Style style =
        code.level() == v1::CAMEO_LEVEL_ROOT ? Style::kBold : Style::kPlain;
    table.AddRow({code.code(), IndentedName(code),
                  absl::StrCat(code.quad_class()),
                  FormatNumber(code.goldstein(), 1)},
                 {style, style, Style::kPlain, Style::kPlain});
  }
  table.Print(std::cout);
  return kExitOk;
}

}  // namespace eventgraph::client
