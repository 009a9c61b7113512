#include "services/api/log_feed.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "base/thread_name.h"
#include "services/api/grpc_status.h"
#include "services/audit/log_entry.h"
#include "services/common/log.h"

namespace budget {

// One Subscribe call. gRPC calls OnWriteDone/OnCancel/OnDone on its threads,
// the hub calls Pump (worker) and EndIfStalled (watcher); mu_ orders them.
// Lock order: the hub's mutex before a feed's; a feed never calls into the
// hub while holding its own.
class LogFeed final : public grpc::ServerWriteReactor<v1::LogEntry> {
 public:
  LogFeed(FeedHub* hub, uint64_t from, std::function<bool(absl::string_view)> shows,
          PersonalView view, PayloadForm form, std::function<void(const absl::Status&)> done)
      : hub_(hub),
        cursor_(std::max<uint64_t>(from, 1)),
        shows_(std::move(shows)),
        view_(std::move(view)),
        form_(form),
        done_(std::move(done)) {}

  // Reads what there is room for, starts sending it, and either queues the
  // feed again (more to read), parks it (caught up) or leaves it until the
  // client takes some (buffer full). Runs on the hub's worker only, so the
  // cursor is the worker's alone.
  void Pump() {
    const uint64_t head = hub_->store_->head().position;
    size_t room;
    {
      base::MutexLock lock(&mu_);
      if (ending_) {
        scheduled_ = false;
        return;
      }
      room = hub_->limits_.buffer_bytes > buffered_ ? hub_->limits_.buffer_bytes - buffered_ : 0;
    }
    std::vector<v1::LogEntry> read;
    size_t bytes = 0;
    absl::Status failed;
    if (room > 0 && cursor_ <= head) {
      // A bounded slice of the log per turn, so one feed catching up does not
      // keep the worker from the others.
      const uint64_t to = std::min(head, cursor_ + kEventsPerTurn - 1);
      std::unique_ptr<eventstore::LogIterator> it = hub_->store_->NewLogIterator(cursor_, to);
      for (; it->Valid() && bytes < room; it->Next()) {
        const eventstore::EnvelopeView& e = it->envelope();
        if (!shows_(e.stream)) {
          ++cursor_;
          continue;
        }
        absl::StatusOr<v1::LogEntry> entry = ToLogEntry(e, view_, form_);
        if (!entry.ok()) {
          failed = entry.status();
          break;
        }
        bytes += entry->ByteSizeLong();
        read.push_back(*std::move(entry));
        ++cursor_;
      }
      if (failed.ok() && !it->status().ok()) failed = it->status();
      if (failed.ok() && cursor_ <= to && bytes < room) {
        failed = absl::DataLossError("the log ended early");
      }
      if (!failed.ok()) {
        log::Error("feed_unreadable_event",
                   {{"position", absl::StrCat(cursor_.load())}, {"status", failed.ToString()}});
        failed = absl::DataLossError(
            absl::StrCat("event ", cursor_.load(),
                         " is unreadable; the feed ends before it (the cause is in the server "
                         "log; VerifyChain reports what is wrong)"));
      }
    }
    enum { kAgain, kPark, kWait } next;
    {
      base::MutexLock lock(&mu_);
      for (v1::LogEntry& entry : read) buffer_.push_back(std::move(entry));
      buffered_ += bytes;
      if (!failed.ok()) end_with_ = failed;
      SendOrEnd();
      if (ending_ || end_with_.has_value() || buffered_ >= hub_->limits_.buffer_bytes) {
        // OnWriteDone queues the feed again once the client takes some.
        scheduled_ = false;
        next = kWait;
      } else {
        next = cursor_ <= head ? kAgain : kPark;
      }
    }
    if (next == kAgain) hub_->Schedule(this);
    if (next == kPark) hub_->Park(this, cursor_);
  }

  // Ends the call when a message has waited for the client since before
  // `now - deadline`. Runs on the hub's watcher.
  void EndIfStalled(absl::Time now, absl::Duration deadline) {
    base::MutexLock lock(&mu_);
    if (!writing_ || ending_ || now - write_started_ < deadline) return;
    // What is buffered is dropped: the memory is the point. The message gRPC
    // holds goes out before the status, if the client ever reads again.
    buffer_.erase(buffer_.begin() + 1, buffer_.end());
    buffered_ = buffer_.front().ByteSizeLong();
    End(absl::ResourceExhaustedError(
        absl::StrCat("the client took nothing for ", absl::FormatDuration(deadline),
                     "; the server ended the feed to free its buffer; resume from position ",
                     buffer_.front().position() + 1)));
  }

  size_t buffered() {
    base::MutexLock lock(&mu_);
    return buffered_;
  }
  uint64_t cursor() const { return cursor_.load(); }

  void OnWriteDone(bool ok) override {
    bool schedule = false;
    {
      base::MutexLock lock(&mu_);
      writing_ = false;
      buffered_ -= buffer_.front().ByteSizeLong();
      buffer_.pop_front();
      if (!ok) {
        End(absl::CancelledError("the client went away"));
        return;
      }
      SendOrEnd();
      // Half empty: worth a read (the hysteresis keeps reads in batches).
      if (!ending_ && !end_with_.has_value() && !scheduled_ &&
          buffered_ <= hub_->limits_.buffer_bytes / 2) {
        scheduled_ = schedule = true;
      }
    }
    if (schedule) hub_->Schedule(this);
  }

  void OnCancel() override {
    base::MutexLock lock(&mu_);
    End(absl::CancelledError("the call was cancelled"));
  }

  void OnDone() override {
    hub_->Remove(this);
    absl::Status ended;
    {
      base::MutexLock lock(&mu_);
      ended = end_with_.value_or(absl::OkStatus());
    }
    done_(ended);
    delete this;
  }

 private:
  static constexpr uint64_t kEventsPerTurn = 256;

  // Starts the next write, or ends the call when everything before a
  // pending end is sent.
  void SendOrEnd() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (writing_ || ending_) return;
    if (!buffer_.empty()) {
      writing_ = true;
      write_started_ = absl::Now();
      StartWrite(&buffer_.front());
    } else if (end_with_.has_value()) {
      End(*end_with_);
    }
  }

  // Finishes the call once. A write may still be with gRPC: it completes
  // (or fails) before OnDone, and the message it points to stays in buffer_.
  void End(const absl::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (ending_) return;
    ending_ = true;
    end_with_ = status;
    if (!writing_) {
      buffer_.clear();
      buffered_ = 0;
    }
    // The position of an unreadable event is what an auditor needs, and no
    // secret: DATA_LOSS keeps its message (ToGrpcStatus would hide it).
    Finish(status.code() == absl::StatusCode::kDataLoss
               ? grpc::Status(grpc::StatusCode::DATA_LOSS, std::string(status.message()))
               : ToGrpcStatus(status));
  }

  FeedHub* const hub_;
  // The next position to read; only the worker moves it.
  std::atomic<uint64_t> cursor_;
  const std::function<bool(absl::string_view)> shows_;
  const PersonalView view_;
  const PayloadForm form_;
  const std::function<void(const absl::Status&)> done_;

  base::Mutex mu_;
  // Read, not yet taken by the client; the front is with gRPC while writing_.
  std::deque<v1::LogEntry> buffer_ ABSL_GUARDED_BY(mu_);
  size_t buffered_ ABSL_GUARDED_BY(mu_) = 0;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time write_started_ ABSL_GUARDED_BY(mu_);
  // Queued, running or parked in the hub (Start queues it).
  bool scheduled_ ABSL_GUARDED_BY(mu_) = true;
  // How the call ends, once what is buffered is sent.
  std::optional<absl::Status> end_with_ ABSL_GUARDED_BY(mu_);
  bool ending_ ABSL_GUARDED_BY(mu_) = false;  // Finish was called
};

FeedHub::FeedHub(eventstore::EventStore* store, const StreamLimits& limits)
    : store_(store), limits_(limits) {
  worker_ = std::thread([this] {
    base::NameThisThread("feed-worker");
    Work();
  });
  watcher_ = std::thread([this] {
    base::NameThisThread("feed-watcher");
    Watch();
  });
}

FeedHub::~FeedHub() {
  {
    base::MutexLock lock(&mu_);
    while (!feeds_.empty()) changed_.Wait(&mu_);
    stopping_ = true;
    changed_.SignalAll();
  }
  stop_watching_.store(true);
  store_->WakeWaiters();
  worker_.join();
  watcher_.join();
}

grpc::ServerWriteReactor<v1::LogEntry>* FeedHub::Start(
    uint64_t from_position, std::function<bool(absl::string_view)> shows,
    std::function<void(const absl::Status&)> done, PersonalView view, PayloadForm form) {
  auto* feed =
      new LogFeed(this, from_position, std::move(shows), std::move(view), form, std::move(done));
  base::MutexLock lock(&mu_);
  feeds_.insert(feed);
  ready_.push_back(feed);
  changed_.SignalAll();
  return feed;
}

size_t FeedHub::feeds() const {
  base::MutexLock lock(&mu_);
  return feeds_.size();
}

size_t FeedHub::buffered_bytes() const {
  base::MutexLock lock(&mu_);
  size_t total = 0;
  for (LogFeed* f : feeds_) total += f->buffered();
  return total;
}

int64_t FeedHub::lag() const {
  const int64_t head = static_cast<int64_t>(store_->head().position);
  base::MutexLock lock(&mu_);
  int64_t total = 0;
  for (LogFeed* f : feeds_)
    total += std::max<int64_t>(0, head - static_cast<int64_t>(f->cursor()) + 1);
  return total;
}

void FeedHub::Schedule(LogFeed* feed) {
  base::MutexLock lock(&mu_);
  if (!feeds_.contains(feed)) return;
  ready_.push_back(feed);
  changed_.SignalAll();
}

void FeedHub::Park(LogFeed* feed, uint64_t cursor) {
  base::MutexLock lock(&mu_);
  if (!feeds_.contains(feed)) return;
  // Checked under mu_, which the watcher holds while it wakes parked feeds:
  // a head that advanced before this is seen here, one after it by the watcher.
  if (store_->head().position >= cursor) {
    ready_.push_back(feed);
    changed_.SignalAll();
  } else {
    parked_.emplace_back(feed, cursor);
  }
}

void FeedHub::Remove(LogFeed* feed) {
  base::MutexLock lock(&mu_);
  while (running_ == feed) changed_.Wait(&mu_);
  feeds_.erase(feed);
  changed_.SignalAll();
  ready_.erase(std::remove(ready_.begin(), ready_.end(), feed), ready_.end());
  parked_.erase(std::remove_if(parked_.begin(), parked_.end(),
                               [feed](const auto& p) { return p.first == feed; }),
                parked_.end());
}

void FeedHub::Work() {
  LogFeed* feed = nullptr;
  for (;;) {
    {
      base::MutexLock lock(&mu_);
      if (feed != nullptr) {
        running_ = nullptr;
        changed_.SignalAll();
      }
      while (ready_.empty() && !stopping_) changed_.Wait(&mu_);
      if (stopping_) return;
      feed = ready_.front();
      ready_.pop_front();
      running_ = feed;
    }
    feed->Pump();
  }
}

void FeedHub::Watch() {
  uint64_t seen = store_->head().position;
  while (!stop_watching_.load()) {
    {
      // No feed, nothing to wake or to end: sleep until one starts rather
      // than wake on every commit.
      base::MutexLock lock(&mu_);
      while (feeds_.empty() && !stopping_) changed_.Wait(&mu_);
      if (stopping_) return;
    }
    // A write that starts after now stalls after now + the deadline, so
    // waking at least that often finds every stall in time.
    absl::StatusOr<uint64_t> head =
        store_->WaitForHead(seen + 1, absl::Now() + limits_.stall_deadline / 4, &stop_watching_);
    if (!head.ok()) return;  // the store is closing, or the hub
    seen = std::max(seen, *head);
    base::MutexLock lock(&mu_);
    auto woken = std::partition(parked_.begin(), parked_.end(),
                                [&](const auto& p) { return p.second > seen; });
    for (auto it = woken; it != parked_.end(); ++it) ready_.push_back(it->first);
    if (woken != parked_.end()) changed_.SignalAll();
    parked_.erase(woken, parked_.end());
    const absl::Time now = absl::Now();
    for (LogFeed* f : feeds_) f->EndIfStalled(now, limits_.stall_deadline);
  }
}

}  // namespace budget
