#ifndef CLIENTS_LOAD_UNARY_CALL_H_
#define CLIENTS_LOAD_UNARY_CALL_H_

// One asynchronous unary call on a completion queue, through gRPC's classic
// API (a stub's PrepareAsync..., StartCall, Finish), with the call object
// itself as the queue's tag.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "clients/load/mix.h"
#include "grpcpp/client_context.h"
#include "grpcpp/completion_queue.h"
#include "grpcpp/support/async_unary_call.h"
#include "grpcpp/support/status.h"

namespace budget_load {

using Clock = std::chrono::steady_clock;

// What the client thread sees of a call in flight, whatever its messages.
class Call {
 public:
  Call(Op op, Clock::time_point intended) : op_(op), intended_(intended) {}
  virtual ~Call() = default;
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  // Runs on the thread that polls the queue, once the queue has handed back
  // this call's tag: passes the answer on. Returns the call's status code.
  virtual grpc::StatusCode Complete() = 0;

  Op op() const { return op_; }
  // When the call was meant to be sent; its latency counts from here.
  Clock::time_point intended() const { return intended_; }

 private:
  Op op_;
  Clock::time_point intended_;
};

template <class Response>
class UnaryCall final : public Call {
 public:
  // Gets the status and the response (empty unless the status is OK).
  using OnDone = std::function<void(const grpc::Status&, const Response&)>;

  UnaryCall(Op op, Clock::time_point intended, OnDone on_done)
      : Call(op, intended), on_done_(std::move(on_done)) {}

  // Starts the call: `prepare(&context, cq)` is a stub's PrepareAsync method
  // with its request bound (the request is serialized there, so it need not
  // outlive this). `authorization`, when not empty, is sent as the
  // authorization header. The queue returns `this` as the tag when the call
  // ends, by `deadline` at the latest.
  template <class Prepare>
  void Start(Prepare prepare, grpc::CompletionQueue* cq, const std::string& authorization,
             std::chrono::system_clock::time_point deadline) {
    if (!authorization.empty()) context_.AddMetadata("authorization", authorization);
    context_.set_deadline(deadline);
    reader_ = prepare(&context_, cq);
    reader_->StartCall();
    reader_->Finish(&response_, &status_, this);
  }

  grpc::StatusCode Complete() override {
    if (on_done_) on_done_(status_, response_);
    return status_.error_code();
  }

 private:
  grpc::ClientContext context_;
  Response response_;
  grpc::Status status_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> reader_;
  OnDone on_done_;
};

}  // namespace budget_load

#endif  // CLIENTS_LOAD_UNARY_CALL_H_
