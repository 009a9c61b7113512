// budgetctl admin ...: token create, a new bearer token and its token-file
// line (needs no server: budgetd reads the file at start and on SIGHUP);
// clock set, AdminService.SetClock on a server with a demo clock; backup,
// AdminService.Backup; and erase-subject, AdminService.EraseSubject.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "budget/v1/admin_service.grpc.pb.h"
#include "clients/budgetctl/command.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/format.h"
#include "clients/budgetctl/parse.h"
#include "clients/budgetctl/request_ids.h"
#include "clients/budgetctl/rpc.h"
#include "nlohmann/json.hpp"
#include "services/tokens/token_file.h"

namespace budgetctl {
namespace {

namespace v1 = budget::v1;

bool HasSpace(const std::string& s) { return std::any_of(s.begin(), s.end(), absl::ascii_isspace); }

bool HasRole(const v1::Principal& p, v1::Role role) {
  return std::find(p.roles().begin(), p.roles().end(), role) != p.roles().end();
}

// What ParseTokenFile would refuse, or a token nobody could use.
void Check(const v1::Principal& p) {
  if (p.name().empty() || HasSpace(p.name()))
    throw UsageError("--principal: a name without spaces, e.g. users/anna");
  if (p.roles().empty()) throw UsageError("--role: at least one, from: " + EnumChoices<v1::Role>());
  if (HasSpace(p.committee()) || HasSpace(p.body()))
    throw UsageError("--committee and --body take no spaces");
  if (HasRole(p, v1::ROLE_COMMITTEE) && p.committee().empty()) {
    throw UsageError("--committee: the committee role acts for one committee; name its id");
  }
  if (HasRole(p, v1::ROLE_HEARING_BODY) && p.body().empty()) {
    throw UsageError("--body: the hearing_body role answers for one body; name it");
  }
}

// Appends `line` to the token file, creating it (mode 0600) if needed. The
// existing file must parse, so a broken file is not made worse.
void AppendTokenLine(const std::string& path, const std::string& line) {
  std::string existing;
  if (std::filesystem::exists(path)) {
    auto entries = budget::LoadTokenFile(path);
    if (!entries.ok())
      throw CommandError(absl::StrCat("not appending: ", entries.status().message()));
    std::ifstream in(path);
    std::stringstream buf;
    buf << in.rdbuf();
    existing = buf.str();
  }
  const std::string text =
      absl::StrCat(existing.empty() || existing.back() == '\n' ? "" : "\n", line, "\n");
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
      ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    throw CommandError(absl::StrCat("cannot append to ", path));
  }
  ::close(fd);
}

void AddClockCommands(Cli& cli, CLI::App* admin) {
  CLI::App* clock =
      AddGroup(admin, "clock", "The demo clock of a budgetd started with --demo_clock");
  RequestCommand<v1::SetClockRequest>(
      cli, clock, "set",
      "Moves the server's demo clock forward to TIME; never backwards (administrator)")
      .Arg("TIME", "RFC 3339 (2023-05-02T08:00:00Z) or YYYY-MM-DD (00:00 UTC)",
           [](auto& r, const std::string& v) { *r.mutable_now() = ParseInstant(v); })
      .Then([&cli](v1::SetClockRequest& request) {
        v1::SetClockResponse response;
        if (int code = Call(cli.Connect(), &v1::AdminService::Stub::SetClock, request, &response);
            code != kOk)
          return code;
        if (cli.json) {
          PrintJson(response);
        } else {
          std::cout << "clock: " << InstantSeconds(response.now()) << "\n";
        }
        return static_cast<int>(kOk);
      });
}

void AddBackupCommand(Cli& cli, CLI::App* admin) {
  RequestCommand<v1::BackupRequest>(
      cli, admin, "backup",
      "Writes an online, consistent backup of the data directory to DIR on the server's machine "
      "while writes go on (administrator); restore by starting budgetd with --data_dir DIR")
      .Arg("DIR", "an absolute path on the server that does not exist yet",
           [](auto& r, const std::string& v) { r.set_dir(v); })
      .Then([&cli](v1::BackupRequest& request) {
        v1::BackupResponse response;
        if (int code = Call(cli.Connect(), &v1::AdminService::Stub::Backup, request, &response);
            code != kOk)
          return code;
        if (cli.json) {
          PrintJson(response);
        } else {
          std::cout << "backup: " << response.dir() << "\nhead position: " << response.position()
                    << "\nhead hash: " << response.head_hash() << "\n";
        }
        return static_cast<int>(kOk);
      });
}

void AddEraseSubjectCommand(Cli& cli, CLI::App* admin) {
  using S = const std::string&;
  Mutation(cli, admin, "erase-subject",
           "Erases a data subject's personal data (GDPR art. 17) by destroying its key: their "
           "hearing responses and other personal fields read [slettet] everywhere from then on, "
           "while the log and its proofs still verify (administrator)",
           &v1::AdminService::Stub::EraseSubject)
      .Arg("SUBJECT",
           "a principal (users/anna: what they wrote) or a resource (the people it names)",
           [](auto& r, S v) { r.set_subject(v); })
      .Flag("--reason", "why: the request and its legal basis, e.g. a case number (1..2000)",
            [](auto& r, S v) { r.set_reason(v); });
}

}  // namespace

void AddAdminCommands(Cli& cli) {
  CLI::App* admin = AddGroup(cli.app, "admin",
                             "Server administration: bearer tokens, the demo clock, backups, "
                             "erasure of personal data");
  AddClockCommands(cli, admin);
  AddBackupCommand(cli, admin);
  AddEraseSubjectCommand(cli, admin);
  CLI::App* token = AddGroup(admin, "token", "Bearer tokens (needs no server)");

  using S = const std::string&;
  RequestCommand<v1::Principal> create(
      cli, token, "create",
      "Makes a random token, prints it once on stdout, and adds its hash to budgetd's token file "
      "(then send budgetd SIGHUP to reload)");
  auto file = std::make_shared<std::string>();
  create.app()->add_option(
      "--token-file", *file,
      "budgetd's token file to append the line to; without it the line goes to stderr");
  create
      .Flag("--principal", "who the token stands for, e.g. users/anna",
            [](auto& p, S v) { p.set_name(v); })
      .List(
          "--role", "one or more of: " + EnumChoices<v1::Role>() + " (repeat, or a,b)",
          [](auto& p, const std::vector<std::string>& v) {
            p.clear_roles();
            for (const std::string& role : v) p.add_roles(ParseEnumAs<v1::Role>(role));
          },
          ',')
      .Flag("--committee", "for the committee role: the committee's id",
            [](auto& p, S v) { p.set_committee(v); })
      .Flag("--body", "for the hearing_body role: the body, e.g. rounds/2024/workplaces/enghaven",
            [](auto& p, S v) { p.set_body(v); });
  create.Then([&cli, file](v1::Principal& principal) {
    Check(principal);
    const std::string secret = RandomHex(32);
    budget::TokenEntry entry;
    entry.token_hash = base::Sha256(secret);
    entry.principal = principal;
    const std::string line = budget::FormatTokenLine(entry);
    if (!file->empty()) AppendTokenLine(*file, line);
    if (cli.json) {
      std::cout
          << nlohmann::json{{"token", secret}, {"token_line", line}, {"token_file", *file}}.dump(2)
          << "\n";
    } else {
      std::cout << secret << "\n";
    }
    if (file->empty()) {
      std::cerr << "Add this line to budgetd's token file, then send budgetd SIGHUP to reload it:\n"
                << line << "\n";
    } else {
      std::cerr << "Added to " << *file << ":\n  " << line << "\n"
                << "Send budgetd SIGHUP to reload it (kill -HUP <pid of budgetd>). The token is "
                   "shown only "
                   "this once.\n";
    }
    return static_cast<int>(kOk);
  });
}

}  // namespace budgetctl
