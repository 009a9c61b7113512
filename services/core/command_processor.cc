#include "services/core/command_processor.h"

#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/core/replay.h"
#include "services/core/snapshots.h"
#include "services/domain/apply.h"
#include "services/domain/command_util.h"
#include "services/domain/decide.h"
#include "services/domain/names.h"
#include "services/domain/views.h"

namespace budget {

// One command of a batch, from decision to answer.
struct CommandProcessor::Planned {
  Item* item = nullptr;
  // Set when the command is refused, or answered without writing.
  std::optional<absl::StatusOr<v1::CommandResponse>> answer;
  // An earlier command of the same batch with the same request id.
  int same_as = -1;
  v1::CommandResponse response;
};

namespace {

absl::Status Unavailable(absl::string_view why) { return absl::UnavailableError(why); }

// Where a request's record is kept. Request ids are scoped by principal, so
// no caller can occupy the ids another one will use (issue 17.11); the name
// is length-prefixed so that no two (principal, id) pairs share a key.
std::string RequestKey(absl::string_view principal, absl::string_view request_id) {
  return absl::StrCat(principal.size(), ":", principal, request_id);
}

}  // namespace

absl::StatusOr<std::unique_ptr<CommandProcessor>> CommandProcessor::Start(
    eventstore::EventStore* store, const Options& options) {
  const uint64_t head = store->head().position;
  State state;
  if (options.use_snapshots) {
    if (std::optional<State> snap = LoadCheckpoint(*store, head)) state = std::move(*snap);
  }
  const uint64_t from_snapshot = state.log_position();
  if (absl::Status s = ReplayInto(*store, from_snapshot + 1, head, &state); !s.ok()) return s;
  std::unique_ptr<CommandProcessor> p(new CommandProcessor(store, options, state));
  p->replayed_at_start_ = head - from_snapshot;
  p->loaded_checkpoint_ = from_snapshot;
  if (options.snapshot_interval > 0) {
    p->checkpointer_ = std::make_unique<Checkpointer>(store, options.snapshot_interval,
                                                      std::move(state), from_snapshot);
  }
  p->writer_ = std::thread([raw = p.get()] { raw->Run(); });
  return p;
}

CommandProcessor::CommandProcessor(eventstore::EventStore* store, const Options& options,
                                   const State& state)
    : store_(store), options_(options), working_(state), published_(state) {
  if (working_.log_position() > 0) {
    absl::StatusOr<eventstore::Envelope> last = store_->ReadEvent(working_.log_position());
    if (last.ok()) last_time_ = last->recorded_at;
  }
}

CommandProcessor::~CommandProcessor() {
  Stop();
  if (writer_.joinable()) writer_.join();
  // Writes a checkpoint at the head, so the next start-up replays nothing.
  checkpointer_.reset();
}

uint64_t CommandProcessor::snapshots_written() const {
  return checkpointer_ == nullptr ? 0 : checkpointer_->written();
}

uint64_t CommandProcessor::last_snapshot_position() const {
  return checkpointer_ == nullptr ? loaded_checkpoint_ : checkpointer_->last_position();
}

absl::Time CommandProcessor::last_snapshot_time() const {
  return checkpointer_ == nullptr ? absl::InfinitePast() : checkpointer_->last_time();
}

void CommandProcessor::Stop() {
  base::MutexLock lock(&queue_mu_);
  stopping_ = true;
  queue_changed_.SignalAll();
}

void CommandProcessor::Submit(internal::Command command, Done done, absl::Time deadline) {
  {
    base::MutexLock lock(&queue_mu_);
    if (!stopping_) {
      queue_.push_back(Item{std::move(command), std::move(done), false, deadline});
      queue_changed_.Signal();
      return;
    }
  }
  std::move(done)(Unavailable("the server is shutting down and accepts no more commands"));
}

absl::StatusOr<v1::CommandResponse> CommandProcessor::Execute(internal::Command command) {
  base::Notification finished;
  absl::StatusOr<v1::CommandResponse> answer;
  Submit(std::move(command), [&](absl::StatusOr<v1::CommandResponse> r) {
    answer = std::move(r);
    finished.Notify();
  });
  finished.WaitForNotification();
  return answer;
}

absl::Status CommandProcessor::Tick() {
  base::Notification finished;
  absl::Status status;
  {
    base::MutexLock lock(&queue_mu_);
    if (stopping_) return Unavailable("the server is shutting down");
    queue_.push_back(Item{{},
                          [&](absl::StatusOr<v1::CommandResponse> r) {
                            status = r.status();
                            finished.Notify();
                          },
                          true,
                          absl::InfiniteFuture()});
    queue_changed_.Signal();
  }
  finished.WaitForNotification();
  return status;
}

void CommandProcessor::Run() {
  for (;;) {
    std::vector<Item> batch;
    {
      base::MutexLock lock(&queue_mu_);
      while (queue_.empty() && !stopping_) queue_changed_.Wait(&queue_mu_);
      if (queue_.empty()) return;  // stopping, and everything queued is answered
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    ProcessBatch(batch);
  }
}

absl::Time CommandProcessor::NextTime() {
  // The envelope keeps microseconds; deciding with the same precision keeps
  // live decisions and replayed state identical.
  absl::Time t = absl::FromUnixMicros(absl::ToUnixMicros(options_.clock->Now()));
  last_time_ = std::max(t, last_time_);
  return last_time_;
}

void CommandProcessor::ProcessBatch(std::vector<Item>& batch) {
  if (absl::Status broken = store_->write_status(); !broken.ok()) {
    for (Item& item : batch) std::move(item.done)(broken);
    return;
  }
  const absl::Time now = NextTime();
  std::vector<Planned> planned(batch.size());
  // The batch's writes, and the events of each as the domain sees them.
  std::vector<eventstore::DecidedAppend> writes;
  std::vector<std::vector<v1::Event>> write_events;
  absl::flat_hash_map<std::string, int> ids;  // request key -> planned index
  uint64_t next_position = working_.log_position() + 1;

  // Applies `events` to the working state and plans their append.
  auto plan = [&](std::vector<v1::Event> events, absl::string_view actor) {
    eventstore::DecidedAppend& a = writes.emplace_back();
    a.first_position = next_position;
    a.actor = std::string(actor);
    a.recorded_at = now;
    for (const v1::Event& e : events) {
      Apply(working_, e, EventMeta{next_position++, now, actor});
      a.events.push_back({StreamOf(e), TypeOf(e), e.SerializeAsString()});
    }
    write_events.push_back(std::move(events));
    return static_cast<int>(writes.size()) - 1;
  };

  for (size_t i = 0; i < batch.size(); ++i) {
    Item& item = batch[i];
    Planned& p = planned[i];
    p.item = &item;
    if (item.deadline < absl::Now()) {
      p.answer = absl::DeadlineExceededError(
          "the call's deadline passed while it waited for the writer; nothing was decided or "
          "written");
      continue;
    }
    if (item.tick) {
      for (const auto& [id, round] : working_.rounds()) {
        std::vector<v1::Event> due = DueEvents(round, now);
        if (!due.empty()) plan(std::move(due), kClockActor);
      }
      p.answer = v1::CommandResponse();
      continue;
    }
    const internal::Command& cmd = item.command;
    const std::string fingerprint = Fingerprint(cmd);
    const std::string& request_id =
        cmd.kind_case() == internal::Command::KIND_NOT_SET ? std::string() : RequestIdOf(cmd);
    const std::string key = request_id.empty() ? "" : RequestKey(cmd.actor().name(), request_id);
    if (!request_id.empty()) {
      if (auto it = ids.find(key); it != ids.end()) {
        if (Fingerprint(batch[it->second].command) == fingerprint) {
          p.same_as = it->second;
        } else {
          p.answer = absl::AlreadyExistsError(absl::StrCat(
              "request id '", request_id, "' was already used for a different request"));
        }
        continue;
      }
      absl::StatusOr<std::optional<eventstore::RequestRecord>> record = store_->LookupRequest(key);
      if (!record.ok()) {
        p.answer = record.status();
        continue;
      }
      if (record->has_value()) {
        const eventstore::RequestRecord& r = **record;
        if (r.fingerprint != base::Sha256(fingerprint)) {
          p.answer = absl::AlreadyExistsError(absl::StrCat(
              "request id '", request_id, "' was already used for a different request"));
        } else {
          v1::CommandResponse first;
          first.ParseFromString(r.response);
          first.set_log_position(r.last_position);
          first.set_deduplicated(true);
          p.answer = std::move(first);
        }
        continue;
      }
      ids.emplace(key, static_cast<int>(i));
    }

    // What time made due in this round comes first, but only if the command
    // is accepted: a refused command writes nothing at all.
    std::vector<v1::Event> due;
    std::optional<RoundState> before;
    const std::string round_name = RoundOfCommand(cmd);
    if (RoundState* round = round_name.empty() ? nullptr : MutableRound(working_, round_name)) {
      due = DueEvents(*round, now);
      if (!due.empty()) {
        before = *round;
        uint64_t pos = next_position;
        for (const v1::Event& e : due) Apply(working_, e, EventMeta{pos++, now, kClockActor});
      }
    }
    absl::StatusOr<Decision> decision = Decide(working_, cmd, Context{now, &cmd.actor()});
    if (before.has_value()) {
      // Undo the tentative due events; plan() re-applies them if accepted.
      *MutableRound(working_, round_name) = std::move(*before);
      working_.set_log_position(next_position - 1);
    }
    if (!decision.ok()) {
      p.answer = decision.status();
      continue;
    }
    if (!due.empty()) plan(std::move(due), kClockActor);
    const int index = plan(std::move(decision->events), cmd.actor().name());
    eventstore::DecidedAppend& a = writes[index];
    p.response = ResponseFor(working_, decision->subject, now);
    p.response.set_event_count(static_cast<int32_t>(a.events.size()));
    p.response.set_log_position(a.events.empty() ? 0 : next_position - 1);
    a.request_id = request_id;
    if (!request_id.empty()) {
      a.request_key = key;
      a.record.fingerprint = base::Sha256(fingerprint);
      if (!a.events.empty()) {
        a.record.first_position = a.first_position;
        a.record.last_position = next_position - 1;
      }
      a.record.response = p.response.SerializeAsString();
    }
  }

  absl::Status failed;
  if (!writes.empty()) failed = store_->Write(writes).status();
  if (!failed.ok()) {
    // Nothing of this batch is known to be durable: the working state goes
    // back to the durable one and every planned write is refused.
    base::ReaderMutexLock lock(&published_mu_);
    working_ = published_;
  } else if (!writes.empty()) {
    {
      base::MutexLock lock(&published_mu_);
      for (size_t i = 0; i < writes.size(); ++i) {
        uint64_t pos = writes[i].first_position;
        for (const v1::Event& e : write_events[i]) {
          Apply(published_, e, EventMeta{pos++, now, writes[i].actor});
        }
      }
    }
    if (options_.metrics != nullptr) {
      for (const std::vector<v1::Event>& events : write_events) {
        for (const v1::Event& e : events) {
          options_.metrics
              ->Counter("budget_events_total", "Events committed, by type.", {{"type", TypeOf(e)}})
              .Increment();
        }
      }
    }
    if (checkpointer_ != nullptr) {
      std::vector<CommittedEvents> committed;
      committed.reserve(writes.size());
      for (size_t i = 0; i < writes.size(); ++i) {
        committed.push_back({writes[i].first_position, now, std::move(writes[i].actor),
                             std::move(write_events[i])});
      }
      checkpointer_->Committed(std::move(committed));
    }
  }

  for (size_t i = 0; i < planned.size(); ++i) {
    Planned& p = planned[i];
    if (p.answer.has_value()) {
      std::move(p.item->done)(std::move(*p.answer));
      continue;
    }
    const Planned& first = p.same_as >= 0 ? planned[p.same_as] : p;
    if (first.answer.has_value()) {  // the first copy was refused
      std::move(p.item->done)(*first.answer);
      continue;
    }
    if (!failed.ok()) {
      std::move(p.item->done)(failed);
      continue;
    }
    v1::CommandResponse r = first.response;
    r.set_deduplicated(p.same_as >= 0);
    std::move(p.item->done)(std::move(r));
  }
}

}  // namespace budget
