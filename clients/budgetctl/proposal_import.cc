#include "clients/budgetctl/proposal_import.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "budget/v1/proposal_service.grpc.pb.h"
#include "budget/v1/round_service.grpc.pb.h"
#include "clients/budgetctl/csv.h"
#include "clients/budgetctl/errors.h"
#include "clients/budgetctl/format.h"
#include "clients/budgetctl/output.h"
#include "clients/budgetctl/progress.h"
#include "clients/budgetctl/proposal_rows.h"
#include "clients/budgetctl/request_ids.h"
#include "clients/budgetctl/resource_names.h"
#include "clients/budgetctl/rpc.h"
#include "clients/budgetctl/table.h"
#include "nlohmann/json.hpp"

namespace budgetctl {
namespace {

namespace v1 = budget::v1;

struct ImportFlags {
  std::string file;
  std::string round;
  std::string delimiter = ",";
  bool skip_invalid = false;
  bool dry_run = false;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(absl::StrCat("cannot read ", path));
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

struct Submitted {
  const ProposalRow* row;
  std::string request_id;
  v1::CommandResponse response;
};

// The outcome of checking a file: its valid rows and every problem.
struct Checked {
  std::vector<ProposalRow> rows;
  std::vector<RowError> errors;
  // False when the header itself is wrong: then no row was read.
  bool header_ok = true;
};

Checked CheckRows(const ImportFlags& flags, const std::vector<CsvRecord>& records,
                  const v1::Round& round) {
  if (records.empty()) throw UsageError(absl::StrCat(flags.file, ": no header row"));
  Checked checked;
  ProposalRows layout(records[0], round, &checked.errors);
  checked.header_ok = checked.errors.empty();
  for (size_t i = 1; checked.header_ok && i < records.size(); ++i) {
    ProposalRow row;
    if (layout.Convert(records[i], static_cast<int>(i), &row, &checked.errors)) {
      checked.rows.push_back(std::move(row));
    }
  }
  return checked;
}

void PrintErrors(const std::string& file, const std::vector<RowError>& errors) {
  for (const RowError& e : errors) {
    std::cerr << file << ":" << e.line << ": " << (e.column.empty() ? "" : e.column + ": ")
              << e.message << "\n";
  }
}

void PrintReport(const std::string& round, const std::vector<Submitted>& done,
                 const std::vector<RowError>& skipped, bool json) {
  int fresh = 0;
  for (const Submitted& s : done) fresh += !s.response.deduplicated();
  const int repeats = static_cast<int>(done.size()) - fresh;
  if (json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const Submitted& s : done) {
      rows.push_back({{"line", s.row->line},
                      {"row", s.row->number},
                      {"request_id", s.request_id},
                      {"response", nlohmann::json::parse(ToJson(s.response))}});
    }
    nlohmann::json skips = nlohmann::json::array();
    for (const RowError& e : skipped)
      skips.push_back({{"line", e.line}, {"column", e.column}, {"message", e.message}});
    std::cout << nlohmann::json{{"round", round},
                                {"submitted", fresh},
                                {"deduplicated", repeats},
                                {"rows", rows},
                                {"skipped", skips}}
                     .dump(2)
              << "\n";
    return;
  }
  Table table({">line", "proposal", "title", ">full impl.", "result"});
  for (const Submitted& s : done) {
    const v1::Proposal& p = s.response.proposal();
    table.Row({absl::StrCat(s.row->line), p.name(), OneLine(p.content().title(), 40),
               Kroner(p.content().full_implementation_kr()),
               s.response.deduplicated() ? "already imported" : "submitted"});
  }
  table.Print(std::cout);
  std::cout << fresh << " submitted, " << repeats << " already imported (deduplicated)";
  if (!skipped.empty())
    std::cout << "; " << skipped.size() << " problems in skipped rows (see stderr)";
  std::cout << "\n";
}

int Import(const Cli& cli, const ImportFlags& flags) {
  if (flags.delimiter.size() != 1) throw UsageError("--delimiter: one character, e.g. , or ;");
  const std::vector<CsvRecord> records = [&] {
    try {
      return ParseCsv(ReadAll(flags.file), flags.delimiter[0]);
    } catch (const UsageError& e) {
      throw UsageError(absl::StrCat(flags.file, ": ", e.what()));
    }
  }();
  const Session session = cli.Connect();
  v1::GetRoundRequest get;
  get.set_name(RoundArg(flags.round));
  v1::Round round;
  if (int code = Call(session, &v1::RoundService::Stub::GetRound, get, &round); code != kOk)
    return code;

  const Checked checked = CheckRows(flags, records, round);
  const bool valid = checked.errors.empty();
  PrintErrors(flags.file, checked.errors);
  if (!valid && (!flags.skip_invalid || !checked.header_ok)) {
    std::cerr << "nothing submitted: fix the rows above"
              << (checked.header_ok ? ", or use --skip-invalid" : "") << "\n";
    return kInvalidInput;
  }
  if (flags.dry_run) {
    std::cerr << checked.rows.size() << " valid rows; nothing submitted (--dry-run)\n";
    return valid ? kOk : kInvalidInput;
  }

  std::vector<Submitted> done;
  Progress progress("importing", checked.rows.size(), StdoutIsTerminal() && !cli.json);
  for (const ProposalRow& row : checked.rows) {
    v1::SubmitProposalRequest request;
    request.set_parent(round.name());
    *request.mutable_content() = row.content;
    request.set_request_id(
        DerivedRequestId("import", absl::StrCat(round.name(), "\x1d", row.canonical)));
    Submitted s{&row, request.request_id(), {}};
    if (int code = Call(session, &v1::ProposalService::Stub::SubmitProposal, request, &s.response,
                        request.request_id());
        code != kOk) {
      progress.Finish();
      std::cerr << flags.file << ":" << row.line << ": stopped here; " << done.size()
                << " rows before it are in. Run the same import again to go on: rows already in "
                   "come back "
                   "deduplicated\n";
      return code;
    }
    done.push_back(std::move(s));
    progress.Advance();
  }
  progress.Finish();
  PrintReport(round.name(), done, checked.errors, cli.json);
  return kOk;
}

}  // namespace

void AddImportCommand(Cli& cli, CLI::App* group) {
  auto flags = std::make_shared<ImportFlags>();
  CLI::App* import = group->add_subcommand(
      "import",
      "Submits one proposal per CSV row, all or nothing (the layout: clients/budgetctl/README.md)");
  import->add_option("FILE", flags->file, "the CSV file; the first row names the columns")
      ->required();
  import->add_option("--round", flags->round, kRoundHelp)->required();
  import->add_option("--delimiter", flags->delimiter, "the field separator")->capture_default_str();
  import->add_flag("--skip-invalid", flags->skip_invalid,
                   "submit the valid rows and report the others");
  import->add_flag("--dry-run", flags->dry_run, "check every row, submit nothing");
  import->callback([&cli, flags] { cli.action = [&cli, flags] { return Import(cli, *flags);
};
}  // namespace budgetctl
);
}

}  // namespace budgetctl
