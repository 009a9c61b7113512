#ifndef CLIENTS_BUDGETCTL_RPC_H_
#define CLIENTS_BUDGETCTL_RPC_H_

// Running RPCs: one call with the session's deadline and token, its status
// turned into an exit code; and the two shapes most subcommands have:
//
//   Mutation(cli, group, "claim", "help", &v1::CommitteeService::Stub::ClaimProposal)
//       .Arg(...).Flag(...);          // sends a request id, prints CommandResponse
//   Query(cli, group, "get", "help", &v1::RoundService::Stub::GetRound, RenderRound)
//       .Arg(...);                    // prints the answer for people, or --json

#include <functional>
#include <iostream>
#include <string>
#include <type_traits>

#include "budget/v1/mutation.pb.h"
#include "clients/budgetctl/command.h"
#include "clients/budgetctl/errors.h"
#include "clients/budgetctl/output.h"
#include "clients/budgetctl/request_ids.h"
#include "grpcpp/client_context.h"

namespace budgetctl {

template <typename Stub, typename Req, typename Resp>
using Method = grpc::Status (Stub::*)(grpc::ClientContext*, const Req&, Resp*);

// One call. On failure prints the server's message and details (naming
// `request_id` when a retry may be needed) and returns the exit code; 0 on
// success.
template <typename Stub, typename Req, typename Resp>
int Call(const Session& session, Method<Stub, Req, Resp> method, const Req& request, Resp* response,
         const std::string& request_id = "") {
  Stub stub(session.channel());
  grpc::ClientContext context;
  session.Prepare(&context);
  return ReportStatus((stub.*method)(&context, request, response), request_id);
}

// Paging by reflection: list requests have page_size and page_token, their
// responses next_page_token.
bool IsPaged(const google::protobuf::Message& request);
// The caller asked for one page (--page-size or --page-token).
bool WantsOnePage(const google::protobuf::Message& request);
std::string NextPageToken(const google::protobuf::Message& response);
void ClearNextPageToken(google::protobuf::Message* response);
void SetPageToken(google::protobuf::Message* request, const std::string& token);
void SetPageSize(google::protobuf::Message* request, int32_t size);
// --page-size: 1..1000. Throws UsageError.
int32_t ParsePageSize(const std::string& text);

// Every page merged into `response` (lists concatenated), unless the
// request asks for one page. Returns the exit code of the first failure.
template <typename Stub, typename Req, typename Resp>
int CallAllPages(const Session& session, Method<Stub, Req, Resp> method, Req request,
                 Resp* response) {
  const bool all = IsPaged(request) && !WantsOnePage(request);
  while (true) {
    Resp page;
    if (int code = Call(session, method, request, &page); code != kOk) return code;
    const std::string next = all ? NextPageToken(page) : "";
    response->MergeFrom(page);
    if (next.empty()) {
      // MergeFrom keeps an earlier page's token over the last page's empty one.
      if (all) ClearNextPageToken(response);
      return kOk;
    }
    SetPageToken(&request, next);
  }
}

// A subcommand for a mutating RPC: --from-json and --request-id (else a
// random id), then prints the CommandResponse.
template <typename Stub, typename Req>
RequestCommand<Req> Mutation(Cli& cli, CLI::App* group, const std::string& name,
                             const std::string& help,
                             Method<Stub, Req, budget::v1::CommandResponse> method) {
  RequestCommand<Req> command(cli, group, name, help);
  command.JsonInput().Flag("--request-id",
                           "makes a retry safe: a repeat is answered, not written twice",
                           [](Req& r, const std::string& v) { r.set_request_id(v); });
  command.Then([&cli, method](Req& request) {
    if (request.request_id().empty()) request.set_request_id(NewRequestId());
    budget::v1::CommandResponse response;
    int code = Call(cli.Connect(), method, request, &response, request.request_id());
    if (code == kOk) PrintCommandResponse(response, cli.json);
    return code;
  });
  return command;
}

// A subcommand for a reading RPC: every page (unless --page-size or
// --page-token asks for one), then `render` for people or the JSON document.
template <typename Stub, typename Req, typename Resp>
RequestCommand<Req> Query(Cli& cli, CLI::App* group, const std::string& name,
                          const std::string& help, Method<Stub, Req, Resp> method,
                          std::type_identity_t<std::function<void(const Resp&)>> render) {
  RequestCommand<Req> command(cli, group, name, help);
  if (IsPaged(Req())) {
    command
        .Flag("--page-size", "fetch one page of this many (default: every page)",
              [](Req& r, const std::string& v) { SetPageSize(&r, ParsePageSize(v)); })
        .Flag("--page-token", "fetch the page after the one that returned this token",
              [](Req& r, const std::string& v) { SetPageToken(&r, v); });
  }
  command.Then([&cli, method, render](Req& request) {
    Resp response;
    if (int code = CallAllPages(cli.Connect(), method, request, &response); code != kOk)
      return code;
    if (cli.json) {
      PrintJson(response);
    } else {
      render(response);
      if (IsPaged(request) && !NextPageToken(response).empty()) {
        std::cout << "more: --page-token " << NextPageToken(response) << "\n";
      }
    }
    return static_cast<int>(kOk);
  });
  return command;
}

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_RPC_H_
