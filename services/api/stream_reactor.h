#ifndef SERVICES_API_STREAM_REACTOR_H_
#define SERVICES_API_STREAM_REACTOR_H_

// A server-streaming call served by a thread of its own: the body writes one
// message at a time and blocks until gRPC has taken it, so a slow client
// slows only its own thread — never the writer, never another call. For
// calls that are few (Export is capped); the live feed, which may be many
// and mostly idle, runs on a FeedHub instead (log_feed.h).

#include <functional>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "base/sync.h"
#include "grpcpp/support/server_callback.h"

namespace budget {

template <typename Resp>
class StreamReactor final : public grpc::ServerWriteReactor<Resp> {
 public:
  // Runs `body` on a new thread; its returned status ends the call.
  using Body = std::function<grpc::Status(StreamReactor* out)>;

  // Starts the body; the reactor deletes itself when the call is done. A
  // message the client has not taken after `stall_deadline` ends the stream.
  static StreamReactor* Start(Body body, absl::Duration stall_deadline = absl::InfiniteDuration()) {
    return new StreamReactor(std::move(body), stall_deadline);
  }

  // Sends `message`, blocking until gRPC has taken it. False once the stream
  // has ended: the client went away, the server is stopping, or the client
  // took nothing for the stall deadline; ended() says which.
  bool Write(const Resp& message) {
    base::MutexLock lock(&mu_);
    if (!ended_.ok()) return false;
    // gRPC holds a pointer until OnWriteDone, which may come after a stall
    // ended the body: the message lives in the reactor.
    in_flight_ = message;
    writing_ = true;
    this->StartWrite(&in_flight_);
    const absl::Time deadline = absl::Now() + stall_deadline_;
    while (writing_ && ended_.ok()) {
      if (changed_.WaitWithDeadline(&mu_, deadline) && writing_ && ended_.ok()) {
        ended_ = absl::ResourceExhaustedError(
            absl::StrCat("the client took nothing for ", absl::FormatDuration(stall_deadline_),
                         "; the server ended the stream to free what it held"));
      }
    }
    return ended_.ok();
  }

  // OK while the stream can be written; then why it cannot.
  absl::Status ended() {
    base::MutexLock lock(&mu_);
    return ended_;
  }

  void OnWriteDone(bool ok) override {
    base::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok && ended_.ok()) ended_ = absl::CancelledError("the client went away");
    changed_.SignalAll();
  }
  void OnCancel() override {
    base::MutexLock lock(&mu_);
    if (ended_.ok()) ended_ = absl::CancelledError("the call was cancelled");
    changed_.SignalAll();
  }
  void OnDone() override {
    body_done_.WaitForNotification();
    delete this;
  }

 private:
  StreamReactor(Body body, absl::Duration stall_deadline) : stall_deadline_(stall_deadline) {
    std::thread([this, body = std::move(body)] {
      grpc::Status status = body(this);
      body_done_.Notify();
      // The last use of `this`: OnDone may delete it from here on.
      this->Finish(status);
    }).detach();
  }

  const absl::Duration stall_deadline_;
  base::Mutex mu_;
  base::CondVar changed_;
  Resp in_flight_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status ended_ ABSL_GUARDED_BY(mu_);
  base::Notification body_done_;
};

}  // namespace budget

#endif  // SERVICES_API_STREAM_REACTOR_H_
