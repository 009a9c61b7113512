#ifndef CLIENTS_BUDGETCTL_STREAM_H_
#define CLIENTS_BUDGETCTL_STREAM_H_

// Server-streaming calls (Subscribe, Export): read every message to the end
// of the stream, or until the caller cancels the call.

#include <functional>
#include <memory>

#include "clients/budgetctl/connection.h"
#include "clients/budgetctl/errors.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/sync_stream.h"

namespace budgetctl {

template <typename Stub, typename Req, typename Item>
using StreamMethod = std::unique_ptr<grpc::ClientReader<Item>> (Stub::*)(grpc::ClientContext*,
                                                                         const Req&);

// Starts the call on `context` (prepared by the caller: with a deadline or
// without) and calls `each` for every message. Returns kOk at the end of
// the stream, or when the call was cancelled and `stopped()` says the caller
// did it; else the failure's exit code, reported on stderr. An exception
// from `each` cancels the call and propagates.
template <typename Stub, typename Req, typename Item>
int ReadStream(
    const Session& session, grpc::ClientContext* context, StreamMethod<Stub, Req, Item> method,
    const Req& request, const std::function<void(const Item&)>& each,
    const std::function<bool()>& stopped = [] { return false; }) {
  Stub stub(session.channel());
  std::unique_ptr<grpc::ClientReader<Item>> reader = (stub.*method)(context, request);
  Item item;
  try {
    while (reader->Read(&item)) each(item);
  } catch (...) {
    // The call must still be finished before the reader goes.
    context->TryCancel();
    (void)reader->Finish();
    throw;
  }
  const grpc::Status status = reader->Finish();
  if (status.error_code() == grpc::StatusCode::CANCELLED && stopped()) return kOk;
  return ReportStatus(status);
}

}  // namespace budgetctl

#endif  // CLIENTS_BUDGETCTL_STREAM_H_
