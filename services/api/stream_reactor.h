#ifndef SERVICES_API_STREAM_REACTOR_H_
#define SERVICES_API_STREAM_REACTOR_H_

// A server-streaming call served by a thread of its own: the body writes one
// message at a time and blocks until gRPC has sent it, so a slow client slows
// only its own thread — never the writer, never another call.

#include <functional>
#include <thread>

#include "base/sync.h"
#include "grpcpp/support/server_callback.h"

namespace budget {

template <typename Resp>
class StreamReactor final : public grpc::ServerWriteReactor<Resp> {
 public:
  // Runs `body` on a new thread; its returned status ends the call.
  using Body = std::function<grpc::Status(StreamReactor* out)>;

  // Starts the body; the reactor deletes itself when the call is done.
  static StreamReactor* Start(Body body) { return new StreamReactor(std::move(body)); }

  // Sends `message`, blocking until it is on its way. False when the call
  // was cancelled (the client went away or the server is stopping).
  bool Write(const Resp& message) {
    base::MutexLock lock(&mu_);
    if (cancelled_) return false;
    writing_ = true;
    this->StartWrite(&message);
    while (writing_ && !cancelled_) changed_.Wait(&mu_);
    return !cancelled_;
  }

  bool cancelled() {
    base::MutexLock lock(&mu_);
    return cancelled_;
  }

  void OnWriteDone(bool ok) override {
    base::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) cancelled_ = true;
    changed_.SignalAll();
  }
  void OnCancel() override {
    base::MutexLock lock(&mu_);
    cancelled_ = true;
    changed_.SignalAll();
  }
  void OnDone() override {
    body_done_.WaitForNotification();
    delete this;
  }

 private:
  explicit StreamReactor(Body body) {
    std::thread([this, body = std::move(body)] {
      grpc::Status status = body(this);
      body_done_.Notify();
      // The last use of `this`: OnDone may delete it from here on.
      this->Finish(status);
    }).detach();
  }

  base::Mutex mu_;
  base::CondVar changed_;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  base::Notification body_done_;
};

}  // namespace budget

#endif  // SERVICES_API_STREAM_REACTOR_H_
