// budgetctl export: AuditService.Export, streamed to stdout or a file.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "budget/v1/audit_service.grpc.pb.h"
#include "clients/budgetctl/command.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/format.h"
#include "clients/budgetctl/parse.h"
#include "clients/budgetctl/progress.h"
#include "clients/budgetctl/resource_names.h"
#include "clients/budgetctl/stream.h"
#include "clients/budgetctl/terminal.h"
#include "nlohmann/json.hpp"

namespace budgetctl {

namespace v1 = budget::v1;
using S = const std::string&;

namespace {

// "jsonl" (the usual file extension) or any label of ExportFormat.
v1::ExportFormat ParseFormat(const std::string& text) {
  if (absl::AsciiStrToLower(absl::StripAsciiWhitespace(text)) == "jsonl") {
    return v1::EXPORT_JSON_LINES;
  }
  return ParseEnumAs<v1::ExportFormat>(text);
}

// Where the export goes. A file is written under a temporary name and
// renamed when the stream ended well, so a failed export never leaves a
// truncated file that looks complete.
class Sink {
 public:
  explicit Sink(const std::string& path) : path_(path), partial_(path + ".partial") {
    if (path_.empty()) return;
    file_.open(partial_, std::ios::binary | std::ios::trunc);
    if (!file_) throw CommandError(absl::StrCat("cannot write ", partial_));
  }
  ~Sink() {
    if (!path_.empty() && !committed_) std::remove(partial_.c_str());
  }

  void Write(const std::string& bytes) {
    std::ostream& out = path_.empty() ? ExactStdout() : file_;
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out)
      throw CommandError(absl::StrCat("cannot write ", path_.empty() ? "stdout" : partial_));
  }

  void Commit() {
    if (path_.empty()) {
      ExactStdout().flush();
      return;
    }
    file_.close();
    if (!file_) throw CommandError(absl::StrCat("cannot write ", partial_));
    std::filesystem::rename(partial_, path_);
    committed_ = true;
  }

 private:
  std::string path_;
  std::string partial_;
  std::ofstream file_;
  bool committed_ = false;
};

int Export(const Cli& cli, const v1::ExportRequest& request, const std::string& output) {
  const Session session = cli.Connect();
  Sink sink(output);
  // The bytes count on the terminal only when the data itself goes to a file.
  Progress progress("exporting", "bytes", !output.empty() && StdoutIsTerminal() && !cli.json);
  size_t bytes = 0;
  grpc::ClientContext context;
  // No deadline: a large log takes as long as it takes.
  session.PrepareStream(&context);
  const int code = ReadStream<v1::AuditService::Stub, v1::ExportRequest, v1::ExportChunk>(
      session, &context, &v1::AuditService::Stub::Export, request,
      [&](const v1::ExportChunk& chunk) {
        sink.Write(chunk.data());
        bytes += chunk.data().size();
        progress.Advance(chunk.data().size());
      });
  progress.Finish();
  if (code != kOk) return code;
  sink.Commit();
  if (output.empty()) return kOk;
  if (cli.json) {
    std::cout << nlohmann::json{{"output", output}, {"bytes", bytes}}.dump(2) << "\n";
  } else {
    std::cout << "wrote " << Count(static_cast<int64_t>(bytes)) << " bytes to " << output << "\n";
  }
  return kOk;
}

}  // namespace

void AddExportCommand(Cli& cli) {
  auto output = std::make_shared<std::string>();
  RequestCommand<v1::ExportRequest> command(
      cli, cli.app, "export",
      "Streams the catalogue, the decisions or the whole log as CSV or JSON lines (coordinator, "
      "auditor, administrator)");
  command.app()->add_option("--output,-o", *output,
                            "write to FILE (replaced only when the export is complete) instead of "
                            "stdout");
  command
      .Flag("--kind", "one of: " + EnumChoices<v1::ExportKind>(),
            [](auto& r, S v) { r.set_kind(ParseEnumAs<v1::ExportKind>(v)); })
      .Flag("--format", "csv or jsonl", [](auto& r, S v) { r.set_format(ParseFormat(v)); })
      .Flag("--round", "the round (required for catalogue and decisions)",
            [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Flag("--since", "log only: events recorded at or after this instant",
            [](auto& r, S v) { *r.mutable_since() = ParseInstant(v); })
      .Flag("--until", "log only: events recorded before this instant",
            [](auto& r, S v) { *r.mutable_until() = ParseInstant(v); })
      .Then([&cli, output](v1::ExportRequest& request) { return Export(cli, request, *output); });
}

}  // namespace budgetctl
