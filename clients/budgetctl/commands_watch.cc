// budgetctl watch: AuditService.Subscribe, one line per event until
// interrupted.
#include <iostream>

#include "budget/v1/audit_service.grpc.pb.h"
#include "clients/budgetctl/command.h"
#include "clients/budgetctl/enum_names.h"
#include "clients/budgetctl/interrupt.h"
#include "clients/budgetctl/output.h"
#include "clients/budgetctl/parse.h"
#include "clients/budgetctl/resource_names.h"
#include "clients/budgetctl/stream.h"
#include "clients/budgetctl/views.h"

namespace budgetctl {

namespace v1 = budget::v1;
using S = const std::string&;

void AddWatchCommand(Cli& cli) {
  RequestCommand<v1::SubscribeRequest>(
      cli, cli.app, "watch",
      "Follows the log live: one line per event (position, time, actor, type, stream) until "
      "Ctrl-C; --json prints one JSON object per line (every role: the full log for the "
      "coordinator, auditor and administrator, what it follows for any other)")
      .Flag("--from", "the first position (default: the whole log); resume with the last seen + 1",
            [](auto& r, S v) { r.set_from_position(ParseInteger(v, 0, INT64_MAX)); })
      .Flag("--round", "only the events of this round",
            [](auto& r, S v) { r.set_round(RoundArg(v)); })
      .Flag("--scope",
            "one of: " + EnumChoices<v1::SubscribeScope>() +
                " (default: the full log where the role may read it, else what it follows)",
            [](auto& r, S v) { r.set_scope(ParseEnumAs<v1::SubscribeScope>(v)); })
      .Then([&cli](v1::SubscribeRequest& request) {
        const Session session = cli.Connect();
        grpc::ClientContext context;
        session.PrepareStream(&context);  // no deadline: it runs until interrupted
        CancelOnInterrupt interrupt(&context);
        uint64_t last = 0;
        const int code = ReadStream<v1::AuditService::Stub, v1::SubscribeRequest, v1::LogEntry>(
            session, &context, &v1::AuditService::Stub::Subscribe, request,
            [&](const v1::LogEntry& entry) {
              // Flushed per line: a reader at the other end of a pipe sees each event at once.
              std::cout << (cli.json ? ToJsonLine(entry) : EntryLine(entry)) << std::endl;
              last = entry.position();
            },
            [&] { return interrupt.interrupted(); });
        if (code != kOk && last > 0) {
          std::cerr << "  resume with: budgetctl watch --from " << last + 1 << "\n";
        }
        return code;
      });
}

}  // namespace budgetctl
